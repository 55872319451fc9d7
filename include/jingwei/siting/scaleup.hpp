#pragma once
/// Capacity-aware scaling-up in the spirit of WHO AccessMod's "scaling up" analysis: add sites
/// one at a time where the residual population that is within the threshold and not yet served
/// is largest, each site serving at most its capacity.

#include <cstddef>
#include <jingwei/siting/problem.hpp>
#include <jingwei/siting/solution.hpp>
#include <vector>

namespace jw::siting {

struct ScaleUpStep {
    std::size_t site = 0;
    /// Demand weight this site took on (<= its capacity).
    double newly_served_weight = 0.0;
    /// Weight served by all open sites after this step.
    double cumulative_served_weight = 0.0;
};

struct ScaleUpResult {
    /// objective = weight served after the last step; bound = an upper bound on what any
    /// max_new_sites sites could add under the same allocation rule (the sum of the largest
    /// first-step gains, capped by the unserved weight within reach).
    SitingSolution solution;
    std::vector<ScaleUpStep> steps; // in the order the sites were added
    double total_weight = 0.0;
    double served_by_existing = 0.0;     // before any new site
    std::vector<double> served_weight;   // per site, 0 for closed ones
    std::vector<double> unserved_weight; // per demand, after the last step
};

/// Existing sites are processed first, in index order (the caller's priority order); each site
/// serves the demands within threshold nearest first, splitting a demand point when its
/// capacity runs out. New sites are added greedily (largest gain; ties: lower opening cost,
/// then lower index) until max_new_sites are open or no site would serve anyone. Throws
/// jw::InputError for an invalid problem or a negative or non-finite threshold.
ScaleUpResult scale_up(const SitingProblem& problem, double threshold, std::size_t max_new_sites);

} // namespace jw::siting
