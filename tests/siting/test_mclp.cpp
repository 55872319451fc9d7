#include "siting/instances.hpp"

#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/siting/mclp.hpp>

using namespace jw::siting;

namespace {
double brute_force_mclp(const SitingProblem& p, double threshold, std::size_t k) {
    double best = 0.0;
    jw::test::for_each_subset(
        jw::test::optional_sites(p), k, [&](const std::vector<std::size_t>& s) {
            best = std::max(best, covered_weight(p, threshold, jw::test::with_existing(p, s)));
        });
    return best;
}
} // namespace

TEST_CASE("MCLP matches brute force, exact and heuristic paths, existing sites kept", "[siting]") {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        const std::size_t existing = seed % 3;
        const auto p = jw::test::random_problem(seed, 30, 12, existing);
        const double threshold = 25.0 + static_cast<double>(seed);
        const std::size_t k = 1 + seed % 4;
        const double optimum = brute_force_mclp(p, threshold, k);
        SolverOptions options;
        options.max_iterations = 100;
        options.time_limit_s = 1000;
        INFO("seed " << seed);
        for (bool use_exact : {true, false}) {
            options.use_exact = use_exact;
            const auto s = solve_mclp(p, threshold, k, options);
            CHECK(s.objective == Approx(optimum));
            CHECK(s.new_sites.size() <= k);
            CHECK(s.objective == Approx(covered_weight(p, threshold, s.open_sites)));
            for (std::size_t j = 0; j < existing; ++j)
                CHECK(std::find(s.open_sites.begin(), s.open_sites.end(), j) != s.open_sites.end());
            REQUIRE(s.bound);
            CHECK(*s.bound >= s.objective - 1e-9);
            if (use_exact)
                CHECK(s.is_proven_optimal);
        }
    }
}

TEST_CASE("MCLP opens no site that covers nothing more", "[siting]") {
    SitingProblem p;
    p.demand_weights = {5, 7};
    p.sites.resize(3);
    p.costs = CostMatrix(2, 3, 100.0);
    p.costs(0, 0) = 1;
    p.costs(1, 0) = 2; // site 0 covers everyone
    const auto s = solve_mclp(p, 10.0, 2);
    CHECK(s.new_sites == std::vector<std::size_t>{0});
    CHECK(s.objective == 12.0);
    CHECK(s.is_proven_optimal);
    CHECK_THROWS_AS(solve_mclp(p, -1.0, 1), jw::InputError);
    CHECK_THROWS_AS(solve_mclp(p, 10.0, 4), jw::InputError);
}
