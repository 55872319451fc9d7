#include "catchment.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <jingwei/siting/scaleup.hpp>
#include <limits>
#include <numeric>

namespace jw::siting {
namespace {

double tolerance(double value) {
    return 1e-9 * (1.0 + std::abs(value));
}

// What site j could serve now: the unserved weight within reach, up to its capacity.
double potential(const std::vector<std::uint32_t>& reach,
                 const std::vector<double>& unserved,
                 double capacity) {
    double total = 0.0;
    for (auto i : reach) {
        total += unserved[i];
        if (total >= capacity)
            return capacity;
    }
    return total;
}

// Site j serves the demands in reach nearest first until its capacity is used, splitting the
// last demand point (AccessMod allocates population cells the same way). Returns weight served.
double
allocate(const std::vector<std::uint32_t>& reach, std::vector<double>& unserved, double capacity) {
    double served = 0.0;
    for (auto i : reach) {
        if (served >= capacity)
            break;
        const double take = std::min(unserved[i], capacity - served);
        unserved[i] -= take;
        served += take;
    }
    return served;
}

} // namespace

ScaleUpResult scale_up(const SitingProblem& problem, double threshold, std::size_t max_new_sites) {
    validate(problem);
    const auto reach = detail::catchments(problem, threshold);
    ScaleUpResult result;
    result.unserved_weight = problem.demand_weights;
    result.served_weight.assign(problem.sites.size(), 0.0);
    result.total_weight =
        std::accumulate(problem.demand_weights.begin(), problem.demand_weights.end(), 0.0);
    auto& unserved = result.unserved_weight;
    auto& solution = result.solution;
    std::vector<char> is_open(problem.sites.size(), 0);
    for (std::size_t j = 0; j < problem.sites.size(); ++j) {
        if (!problem.sites[j].is_existing)
            continue;
        is_open[j] = 1;
        result.served_weight[j] = allocate(reach[j], unserved, problem.sites[j].capacity);
        result.served_by_existing += result.served_weight[j];
    }

    // Any k new sites serve at most the sum of their first-step potentials (a site never gains
    // from others opening), and no more than the unserved weight within anyone's reach.
    std::vector<double> first_potential;
    std::vector<char> is_reachable(problem.demand_weights.size(), 0);
    for (std::size_t j = 0; j < problem.sites.size(); ++j) {
        if (is_open[j])
            continue;
        first_potential.push_back(potential(reach[j], unserved, problem.sites[j].capacity));
        for (auto i : reach[j])
            is_reachable[i] = 1;
    }
    double reachable = 0.0;
    for (std::size_t i = 0; i < unserved.size(); ++i)
        if (is_reachable[i])
            reachable += unserved[i];
    std::sort(first_potential.begin(), first_potential.end(), std::greater<>());
    const std::size_t k = std::min(max_new_sites, first_potential.size());
    const double top = std::accumulate(
        first_potential.begin(), first_potential.begin() + static_cast<std::ptrdiff_t>(k), 0.0);

    double served = result.served_by_existing;
    constexpr std::size_t no_site = std::numeric_limits<std::size_t>::max();
    for (std::size_t step = 0; step < max_new_sites; ++step) {
        std::size_t best = no_site;
        double best_gain = 0.0;
        for (std::size_t j = 0; j < problem.sites.size(); ++j) {
            if (is_open[j])
                continue;
            const double gain = potential(reach[j], unserved, problem.sites[j].capacity);
            const bool is_better =
                gain > best_gain + tolerance(best_gain) ||
                (best != no_site && std::abs(gain - best_gain) <= tolerance(best_gain) &&
                 problem.sites[j].opening_cost < problem.sites[best].opening_cost);
            if (is_better) {
                best = j;
                best_gain = gain;
            }
        }
        if (best == no_site)
            break; // no site would serve anyone more
        is_open[best] = 1;
        const double gained = allocate(reach[best], unserved, problem.sites[best].capacity);
        result.served_weight[best] = gained;
        served += gained;
        result.steps.push_back({best, gained, served});
        solution.new_sites.push_back(best);
    }

    for (std::size_t j = 0; j < problem.sites.size(); ++j)
        if (is_open[j])
            solution.open_sites.push_back(j);
    std::sort(solution.new_sites.begin(), solution.new_sites.end());
    solution.objective = served;
    solution.bound = result.served_by_existing + std::min(reachable, top);
    solution.gap = relative_gap(solution.objective, *solution.bound);
    solution.is_proven_optimal = solution.objective >= *solution.bound - tolerance(*solution.bound);
    solution.iterations = static_cast<std::int64_t>(result.steps.size());
    solution.method = "greedy-scaleup";
    return result;
}

} // namespace jw::siting
