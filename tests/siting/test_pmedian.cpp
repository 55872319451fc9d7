#include "siting/instances.hpp"
#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/io/orlib.hpp>
#include <jingwei/siting/pmedian.hpp>
#include <limits>

using namespace jw::siting;
using jw::test::for_each_subset;

namespace {
double brute_force_pmedian(const SitingProblem& p, std::size_t k) {
    double best = std::numeric_limits<double>::infinity();
    for_each_subset(jw::test::optional_sites(p), k, [&](const std::vector<std::size_t>& s) {
        best = std::min(best, pmedian_cost(p, jw::test::with_existing(p, s)));
    });
    return best;
}
} // namespace

TEST_CASE("p-median matches brute force on small instances, with and without existing sites",
          "[siting]") {
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        const std::size_t existing = seed % 3; // 0, 1 or 2 existing sites
        const auto p = jw::test::random_problem(seed, 25, 11, existing);
        const std::size_t k = 1 + seed % 4;
        PMedianOptions options;
        options.max_iterations = 50;
        options.time_limit_s = 1000; // stop by iterations, never by time
        const auto s = solve_pmedian(p, k, options);
        INFO("seed " << seed << " p " << k);
        CHECK(s.objective == Approx(brute_force_pmedian(p, k)));
        CHECK(s.objective == Approx(pmedian_cost(p, s.open_sites)));
        CHECK(s.new_sites.size() == k);
        for (std::size_t j = 0; j < existing; ++j) // existing sites stay open
            CHECK(std::find(s.open_sites.begin(), s.open_sites.end(), j) != s.open_sites.end());
        REQUIRE(s.bound);
        CHECK(*s.bound <= s.objective + 1e-9);
        CHECK(s.is_proven_optimal);
    }
}

TEST_CASE("p-median heuristic alone reaches the brute-force optimum", "[siting]") {
    for (std::uint64_t seed = 20; seed <= 25; ++seed) {
        const auto p = jw::test::random_problem(seed, 30, 12, seed % 2);
        PMedianOptions options;
        options.max_iterations = 60;
        options.time_limit_s = 1000;
        options.lagrangian_iterations = 0;
        options.use_exact = false;
        const auto s = solve_pmedian(p, 3, options);
        INFO("seed " << seed);
        CHECK(s.objective == Approx(brute_force_pmedian(p, 3)));
        CHECK_FALSE(s.bound); // no bound was computed
    }
}

TEST_CASE("p-median is deterministic for a fixed seed and iteration count", "[siting]") {
    const auto instance =
        jw::io::read_orlib_pmedian(jw::test::shared_path("data/bench/pmed/pmed9.txt"));
    PMedianOptions options;
    options.max_iterations = 40;
    options.time_limit_s = 1000;
    options.lagrangian_iterations = 0; // exercise the parallel search, not the proof
    options.use_exact = false;
    options.seed = 7;
    const auto a = solve_pmedian(instance.problem, instance.median_count, options);
    const auto b = solve_pmedian(instance.problem, instance.median_count, options);
    CHECK(a.open_sites == b.open_sites);
    CHECK(a.objective == b.objective);
    CHECK(a.iterations == b.iterations);
    options.threads = 1;
    const auto c = solve_pmedian(instance.problem, instance.median_count, options);
    const auto d = solve_pmedian(instance.problem, instance.median_count, options);
    CHECK(c.open_sites == d.open_sites);
}

TEST_CASE("p-median proves the OR-Library optimum of pmed1 and pmed5", "[siting]") {
    for (const auto& [name, optimum] : {std::pair{"pmed1", 5819.0}, std::pair{"pmed5", 1355.0}}) {
        const auto instance = jw::io::read_orlib_pmedian(
            jw::test::shared_path(std::string("data/bench/pmed/") + name + ".txt"));
        PMedianOptions options;
        options.max_iterations = 100;
        options.time_limit_s = 1000;
        const auto s = solve_pmedian(instance.problem, instance.median_count, options);
        INFO(name);
        CHECK(s.objective == optimum);
        CHECK(s.is_proven_optimal);
        CHECK(s.bound == optimum);
        CHECK(s.gap == 0.0);
    }
}

TEST_CASE("p-median rejects impossible requests", "[siting]") {
    const auto p = jw::test::random_problem(3, 5, 4, 2);
    CHECK_THROWS_AS(solve_pmedian(p, 3), jw::InputError); // only 2 optional sites
    auto none = jw::test::random_problem(3, 5, 4, 0);
    CHECK_THROWS_AS(solve_pmedian(none, 0), jw::InputError); // nothing would be open
    none.demand_weights.pop_back();
    CHECK_THROWS_AS(solve_pmedian(none, 1), jw::InputError); // sizes disagree
    const auto only_existing = solve_pmedian(p, 0);
    CHECK(only_existing.open_sites == std::vector<std::size_t>{0, 1});
    CHECK(only_existing.is_proven_optimal);
}

TEST_CASE("p-median GLPK path proves the optimum when the Lagrangian bound is cut short",
          "[siting]") {
    for (std::uint64_t seed = 30; seed <= 34; ++seed) {
        const auto p = jw::test::random_problem(seed, 25, 10, seed % 2);
        PMedianOptions options;
        options.max_iterations = 5;
        options.time_limit_s = 1000;
        options.lagrangian_iterations = 2; // a weak bound: the MIP must close the gap
        const auto s = solve_pmedian(p, 3, options);
        INFO("seed " << seed << " method " << s.method);
        CHECK(s.objective == Approx(brute_force_pmedian(p, 3)));
        CHECK(s.is_proven_optimal);
        CHECK(s.method.find("glpk") != std::string::npos);
    }
}
