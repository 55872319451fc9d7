#pragma once
/// Reader for Beasley's OR-Library uncapacitated p-median instances (pmed1..pmed40).

#include <cstddef>
#include <filesystem>
#include <istream>
#include <jingwei/siting/problem.hpp>
#include <string>

namespace jw::io {

/// An OR-Library p-median instance as a siting problem: every vertex is both a demand point of
/// weight 1 and an optional candidate site; costs are shortest-path lengths in the graph.
struct OrlibPMedian {
    std::size_t vertex_count = 0;
    std::size_t edge_count = 0; // as declared on the first line
    std::size_t median_count = 0;
    siting::SitingProblem problem; // demand i and site j are vertex i+1 and j+1
};

/// Parses `n m p` then m lines `i j cost` (undirected, 1-based vertices; when an edge appears
/// more than once the LAST line counts, Beasley's convention; self-loops are ignored) and
/// computes all-pairs shortest paths with one Dijkstra per vertex. `file` names the source in
/// errors. Throws jw::InputError(file, line, field, reason) for a malformed line, too few edge
/// lines, extra data, or a graph that is not connected.
OrlibPMedian parse_orlib_pmedian(std::istream& in, const std::string& file);

/// Opens and parses a file; throws jw::InputError if it cannot be read.
OrlibPMedian read_orlib_pmedian(const std::filesystem::path& path);

} // namespace jw::io
