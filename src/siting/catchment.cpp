#include "catchment.hpp"

#include <algorithm>
#include <cmath>
#include <jingwei/error.hpp>
#include <string>

namespace jw::siting::detail {

std::vector<std::vector<std::uint32_t>> catchments(const SitingProblem& problem, double threshold) {
    if (!std::isfinite(threshold) || threshold < 0)
        throw InputError(
            "", 0, "threshold", std::to_string(threshold) + " is not a finite cost >= 0");
    const auto& costs = problem.costs;
    std::vector<std::vector<std::uint32_t>> out(costs.site_count());
    for (std::size_t i = 0; i < costs.demand_count(); ++i) {
        const double* row = costs.row(i);
        for (std::size_t j = 0; j < costs.site_count(); ++j)
            if (row[j] <= threshold)
                out[j].push_back(static_cast<std::uint32_t>(i));
    }
    for (std::size_t j = 0; j < out.size(); ++j)
        std::stable_sort(out[j].begin(), out[j].end(), [&](std::uint32_t a, std::uint32_t b) {
            return costs(a, j) < costs(b, j);
        });
    return out;
}

} // namespace jw::siting::detail
