#pragma once
/// p-median: open p new sites (existing sites stay open) so that the weighted sum of every
/// demand's cost to its nearest open site is smallest.

#include <cstddef>
#include <jingwei/siting/options.hpp>
#include <jingwei/siting/problem.hpp>
#include <jingwei/siting/solution.hpp>
#include <vector>

namespace jw::siting {

/// Extra knobs of the p-median solver.
struct PMedianOptions : SolverOptions {
    /// Subgradient iterations for the Lagrangian lower bound (0 = no bound from it).
    std::int64_t lagrangian_iterations = 3000;
};

/// Solves the p-median problem: greedy start, fast interchange (Whitaker 1983) inside a variable
/// neighbourhood search (Hansen & Mladenović 1997) on options.threads threads, a Lagrangian
/// lower bound with reduced-cost fixing (Beasley 1993), then, when the reduced model is small
/// enough, an exact MIP through GLPK. objective = sum_i w_i min_{j open} c_ij; bound is a lower
/// bound. Throws jw::InputError if the problem is invalid or has fewer than new_site_count
/// optional sites, or if no site would be open.
SitingSolution solve_pmedian(const SitingProblem& problem,
                             std::size_t new_site_count,
                             const PMedianOptions& options = {});

/// sum_i w_i min_{j in open_sites} c_ij. Throws jw::InputError when open_sites is empty or
/// holds an index out of range.
double pmedian_cost(const SitingProblem& problem, const std::vector<std::size_t>& open_sites);

} // namespace jw::siting
