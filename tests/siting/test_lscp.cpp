#include "siting/instances.hpp"

#include <catch2/catch.hpp>
#include <jingwei/siting/lscp.hpp>
#include <jingwei/siting/mclp.hpp>

using namespace jw::siting;

namespace {
// Fewest optional sites covering every coverable positive-weight demand, by enumeration.
std::size_t brute_force_lscp(const SitingProblem& p, double threshold) {
    const auto optional = jw::test::optional_sites(p);
    const double everything = covered_weight(p, threshold, jw::test::with_existing(p, optional));
    for (std::size_t k = 0; k <= optional.size(); ++k) {
        bool found = false;
        jw::test::for_each_subset(optional, k, [&](const std::vector<std::size_t>& s) {
            found = found || covered_weight(p, threshold, jw::test::with_existing(p, s)) >=
                                 everything - 1e-9;
        });
        if (found)
            return k;
    }
    return optional.size();
}
} // namespace

TEST_CASE("LSCP uses the brute-force fewest sites and covers every coverable demand", "[siting]") {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        const std::size_t existing = seed % 3;
        const auto p = jw::test::random_problem(seed, 30, 12, existing);
        const double threshold = 30.0;
        SolverOptions options;
        options.time_limit_s = 1000;
        INFO("seed " << seed);
        const auto r = solve_lscp(p, threshold, options);
        const auto& s = r.solution;
        CHECK(s.new_sites.size() == brute_force_lscp(p, threshold));
        CHECK(s.is_proven_optimal);
        for (std::size_t j = 0; j < existing; ++j)
            CHECK(std::find(s.open_sites.begin(), s.open_sites.end(), j) != s.open_sites.end());
        // Every demand is within the threshold of an open site, or reported uncoverable.
        for (std::size_t i = 0; i < p.demand_weights.size(); ++i) {
            bool is_covered = false;
            for (auto j : s.open_sites)
                is_covered = is_covered || p.costs(i, j) <= threshold;
            const bool is_reported =
                std::find(r.uncoverable_demands.begin(), r.uncoverable_demands.end(), i) !=
                r.uncoverable_demands.end();
            CHECK(is_covered != is_reported);
        }
    }
}

TEST_CASE("LSCP greedy alone gives a valid cover with a bound", "[siting]") {
    const auto p = jw::test::random_problem(42, 40, 15, 1);
    SolverOptions options;
    options.use_exact = false;
    const auto r = solve_lscp(p, 30.0, options);
    REQUIRE(r.solution.bound);
    CHECK(*r.solution.bound <= r.solution.objective);
    CHECK(covered_weight(p, 30.0, r.solution.open_sites) ==
          Approx(covered_weight(p, 30.0, jw::test::with_existing(p, jw::test::optional_sites(p)))));
}

TEST_CASE("LSCP reports demands no site reaches", "[siting]") {
    SitingProblem p;
    p.demand_weights = {1, 1, 0};
    p.sites.resize(2);
    p.sites[0].is_existing = true;
    p.costs = CostMatrix(3, 2, 100.0);
    p.costs(0, 0) = 1; // existing site covers demand 0; demand 1 unreachable; demand 2 weightless
    const auto r = solve_lscp(p, 10.0);
    CHECK(r.uncoverable_demands == std::vector<std::size_t>{1});
    CHECK(r.solution.new_sites.empty());
    CHECK(r.solution.open_sites == std::vector<std::size_t>{0});
}
