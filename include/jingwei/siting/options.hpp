#pragma once
/// Options shared by the siting solvers.

#include <cstddef>
#include <cstdint>

namespace jw::siting {

struct SolverOptions {
    /// Wall-clock budget for the whole solve. Results under a binding time limit depend on the
    /// machine's speed; set max_iterations for runs that must repeat exactly.
    double time_limit_s = 10.0;
    /// Seeds every random decision (std::mt19937_64); echoed in outputs.
    std::uint64_t seed = 1;
    /// Heuristic improvement iterations per search thread; 0 = until the time limit or proof.
    /// With a limit the result is identical for a given seed, whatever the machine's load.
    std::int64_t max_iterations = 0;
    /// Search threads (p-median). Results do not depend on timing: threads meet at fixed
    /// iteration counts and their results are reduced in thread order.
    unsigned threads = 2;
    /// Try to prove optimality with a GLPK MIP when the (reduced) model is small enough.
    bool use_exact = true;
    /// Skip the MIP above this many constraint-matrix nonzeros (GLPK's simplex slows sharply).
    std::size_t exact_max_nonzeros = 400000;
};

} // namespace jw::siting
