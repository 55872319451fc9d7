#pragma once
/// Location set covering (Toregas et al. 1971): the fewest new sites, existing sites kept, so
/// that every demand point with positive weight is within `threshold` of an open site.

#include <cstddef>
#include <jingwei/siting/options.hpp>
#include <jingwei/siting/problem.hpp>
#include <jingwei/siting/solution.hpp>
#include <vector>

namespace jw::siting {

struct LscpResult {
    /// objective = number of new sites; bound is a lower bound on that number.
    SitingSolution solution;
    /// Demands (positive weight) that no site reaches within the threshold: reported, not
    /// covered, and not counted against feasibility.
    std::vector<std::size_t> uncoverable_demands;
};

/// Greedy (most newly covered demands first) with redundant-site removal, then (if
/// options.use_exact and small enough) a GLPK set-covering MIP. Throws jw::InputError for an
/// invalid problem or a negative or non-finite threshold.
LscpResult
solve_lscp(const SitingProblem& problem, double threshold, const SolverOptions& options = {});

} // namespace jw::siting
