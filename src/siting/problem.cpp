#include <algorithm>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/siting/problem.hpp>
#include <jingwei/siting/solution.hpp>
#include <string>

namespace jw::siting {

void validate(const SitingProblem& problem) {
    const auto& costs = problem.costs;
    if (costs.demand_count() != problem.demand_weights.size())
        throw InputError("",
                         0,
                         "costs",
                         "matrix has " + std::to_string(costs.demand_count()) + " rows but " +
                             std::to_string(problem.demand_weights.size()) + " demand points");
    if (costs.site_count() != problem.sites.size())
        throw InputError("",
                         0,
                         "costs",
                         "matrix has " + std::to_string(costs.site_count()) + " columns but " +
                             std::to_string(problem.sites.size()) + " candidate sites");
    for (std::size_t i = 0; i < problem.demand_weights.size(); ++i) {
        const double w = problem.demand_weights[i];
        if (!std::isfinite(w) || w < 0)
            throw InputError("",
                             0,
                             "demand_weights",
                             "demand " + std::to_string(i) + " has weight " + std::to_string(w) +
                                 " (must be finite and >= 0)");
        const double* row = costs.row(i);
        for (std::size_t j = 0; j < costs.site_count(); ++j)
            if (!std::isfinite(row[j]) || row[j] < 0)
                throw InputError("",
                                 0,
                                 "costs",
                                 "cost from demand " + std::to_string(i) + " to site " +
                                     std::to_string(j) + " is " + std::to_string(row[j]) +
                                     " (must be finite and >= 0)");
    }
    for (std::size_t j = 0; j < problem.sites.size(); ++j)
        if (std::isnan(problem.sites[j].capacity) || problem.sites[j].capacity < 0)
            throw InputError(
                "", 0, "capacity", "site " + std::to_string(j) + " has a negative capacity");
}

std::vector<std::size_t> existing_sites(const SitingProblem& problem) {
    std::vector<std::size_t> out;
    for (std::size_t j = 0; j < problem.sites.size(); ++j)
        if (problem.sites[j].is_existing)
            out.push_back(j);
    return out;
}

double relative_gap(double objective, double bound) {
    // The denominator never reaches 0: a zero objective with a zero bound has no gap.
    return std::abs(objective - bound) / std::max(std::abs(objective), 1e-12);
}

} // namespace jw::siting
