#include "siting/instances.hpp"

#include <catch2/catch.hpp>
#include <jingwei/siting/scaleup.hpp>
#include <numeric>

using namespace jw::siting;

namespace {
// Weight site j could take now: unserved weight within threshold, up to its capacity.
double potential(const SitingProblem& p,
                 double threshold,
                 std::size_t j,
                 const std::vector<double>& unserved) {
    double total = 0.0;
    for (std::size_t i = 0; i < unserved.size(); ++i)
        if (p.costs(i, j) <= threshold)
            total += unserved[i];
    return std::min(total, p.sites[j].capacity);
}
} // namespace

TEST_CASE("scaling-up respects capacity and each step takes the largest residual gain",
          "[siting]") {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        const std::size_t existing = seed % 3;
        const auto p = jw::test::random_problem(seed, 40, 12, existing);
        const double threshold = 30.0;
        const auto r = scale_up(p, threshold, 4);
        INFO("seed " << seed);
        for (std::size_t j = 0; j < p.sites.size(); ++j)
            CHECK(r.served_weight[j] <= p.sites[j].capacity + 1e-9);
        const double unserved =
            std::accumulate(r.unserved_weight.begin(), r.unserved_weight.end(), 0.0);
        CHECK(r.solution.objective == Approx(r.total_weight - unserved));
        CHECK(r.solution.objective ==
              Approx(std::accumulate(r.served_weight.begin(), r.served_weight.end(), 0.0)));
        for (std::size_t j = 0; j < existing; ++j)
            CHECK(std::find(r.solution.open_sites.begin(), r.solution.open_sites.end(), j) !=
                  r.solution.open_sites.end());
        REQUIRE(r.solution.bound);
        CHECK(*r.solution.bound >= r.solution.objective - 1e-9);

        // Replay: the demand left after the existing sites, then each step against brute force.
        std::vector<double> left = p.demand_weights;
        std::vector<char> is_open(p.sites.size(), 0);
        for (std::size_t j = 0; j < existing; ++j) {
            is_open[j] = 1;
            double cap = p.sites[j].capacity;
            std::vector<std::size_t> order;
            for (std::size_t i = 0; i < left.size(); ++i)
                if (p.costs(i, j) <= threshold)
                    order.push_back(i);
            std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
                return p.costs(a, j) < p.costs(b, j);
            });
            for (auto i : order) {
                const double take = std::min(left[i], cap);
                left[i] -= take;
                cap -= take;
            }
        }
        CHECK(r.served_by_existing ==
              Approx(std::accumulate(p.demand_weights.begin(), p.demand_weights.end(), 0.0) -
                     std::accumulate(left.begin(), left.end(), 0.0)));
        for (const auto& step : r.steps) {
            double best = 0.0;
            for (std::size_t j = 0; j < p.sites.size(); ++j)
                if (!is_open[j])
                    best = std::max(best, potential(p, threshold, j, left));
            CHECK(step.newly_served_weight == Approx(best));
            CHECK(potential(p, threshold, step.site, left) == Approx(best));
            is_open[step.site] = 1;
            double cap = p.sites[step.site].capacity;
            std::vector<std::size_t> order;
            for (std::size_t i = 0; i < left.size(); ++i)
                if (p.costs(i, step.site) <= threshold)
                    order.push_back(i);
            std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
                return p.costs(a, step.site) < p.costs(b, step.site);
            });
            for (auto i : order) {
                const double take = std::min(left[i], cap);
                left[i] -= take;
                cap -= take;
            }
        }
    }
}

TEST_CASE("scaling-up splits a demand point when capacity runs out and stops when no one gains",
          "[siting]") {
    SitingProblem p;
    p.demand_weights = {100, 50};
    p.sites.resize(3);
    p.sites[0].capacity = 80; // reaches both, nearest first: 80 of demand 0
    p.sites[1].capacity = 1000;
    p.sites[2].capacity = 1000; // reaches nobody
    p.costs = CostMatrix(2, 3, 999.0);
    p.costs(0, 0) = 1;
    p.costs(1, 0) = 2;
    p.costs(1, 1) = 5;
    const auto r = scale_up(p, 10.0, 3);
    REQUIRE(r.steps.size() == 2);
    CHECK(r.steps[0].site == 0);
    CHECK(r.steps[0].newly_served_weight == 80);
    CHECK(r.steps[1].site == 1);
    CHECK(r.steps[1].newly_served_weight == 50);
    CHECK(r.unserved_weight == std::vector<double>{20, 0});
    CHECK(r.solution.objective == 130);
}
