#pragma once
/// Symmetric travelling-salesman solver: Or-opt local search (2-opt + Or-opt moves on neighbour
/// lists) inside an iterated local search with segment double-bridge kicks
/// (docs/decisions/0004-routing-solver.md).

#include <cstddef>
#include <cstdint>
#include <jingwei/routing/matrix.hpp>
#include <jingwei/routing/search.hpp>
#include <vector>

namespace jw::routing {

struct TspOptions {
    SearchOptions search;
    std::size_t neighbours = 10; ///< candidate list length per node
};

struct TspSolution {
    std::vector<std::size_t> tour; ///< every location once, starting at location 0
    double length = 0.0;           ///< sum of matrix entries along the closed tour
    std::uint64_t iterations = 0;  ///< kicks tried, summed over workers
};

/// Solves the TSP on a symmetric matrix (only from→to with from < to and its mirror are assumed
/// equal; asymmetric input gives valid but unoptimised tours). Throws jw::UsageError when
/// options have no stopping rule.
TspSolution solve_tsp(const Matrix& distance, const TspOptions& options);

/// Length of a closed tour under the matrix.
double tour_length(const Matrix& distance, const std::vector<std::size_t>& tour);

} // namespace jw::routing
