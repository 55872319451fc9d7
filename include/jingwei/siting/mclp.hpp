#pragma once
/// Maximal covering location (Church & ReVelle 1974): open at most p new sites, existing sites
/// kept, so that the demand weight within `threshold` of an open site is largest.

#include <cstddef>
#include <jingwei/siting/options.hpp>
#include <jingwei/siting/problem.hpp>
#include <jingwei/siting/solution.hpp>
#include <vector>

namespace jw::siting {

/// A demand is covered when some open site has cost <= threshold (the cost matrix's unit).
/// objective = covered demand weight, existing sites' coverage included; bound is an upper
/// bound. Greedy addition, then 1-swap local search inside a perturbation loop, then (if
/// options.use_exact and the model is small enough) a GLPK MIP. Fewer than p sites are opened
/// only when more would cover nothing. Throws jw::InputError for an invalid problem, a
/// negative or non-finite threshold, or p above the number of optional sites.
SitingSolution solve_mclp(const SitingProblem& problem,
                          double threshold,
                          std::size_t new_site_count,
                          const SolverOptions& options = {});

/// Demand weight within threshold of at least one of open_sites.
double covered_weight(const SitingProblem& problem,
                      double threshold,
                      const std::vector<std::size_t>& open_sites);

} // namespace jw::siting
