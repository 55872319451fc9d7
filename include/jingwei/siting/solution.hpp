#pragma once
/// What every siting solver returns: the chosen sites, the objective, a bound and the gap.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jw::siting {

/// A solution with its quality certificate. For a minimisation (p-median, LSCP) bound is a lower
/// bound; for a maximisation (MCLP, scaling-up) an upper bound.
struct SitingSolution {
    /// Every open site (existing ones included), ascending site indices.
    std::vector<std::size_t> open_sites;
    /// The sites this run chose to add (open_sites minus the existing ones), ascending.
    std::vector<std::size_t> new_sites;
    double objective = 0.0;
    /// Best proven bound on the optimum; empty when none was computed.
    std::optional<double> bound;
    /// |objective - bound| / max(|objective|, tiny); empty when bound is.
    std::optional<double> gap;
    /// True when the bound proves the objective optimal (the gap closed, or the MIP finished).
    bool is_proven_optimal = false;
    /// Wall-clock seconds spent (reported only; never used for decisions except time limits).
    double seconds = 0.0;
    /// Improvement iterations performed (heuristic steps), for reproducing a run.
    std::int64_t iterations = 0;
    /// How the answer was obtained, e.g. "vns+lagrangian+glpk".
    std::string method;
};

/// Relative gap between an objective and a bound, as SitingSolution::gap defines it.
double relative_gap(double objective, double bound);

} // namespace jw::siting
