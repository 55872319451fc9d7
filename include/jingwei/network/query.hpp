#pragma once
/// Trip ends on the graph and the shortest-path cores: Dijkstra (4-ary heap) and a plain
/// Boost.Graph Dijkstra kept as the reference every faster method is checked against.

#include <functional>
#include <jingwei/network/graph.hpp>
#include <vector>

namespace jw::network {

/// A node where a trip enters or leaves the graph, with the time spent before entering (for a
/// source) or after leaving (for a target): the off-road leg plus the part of the snapped
/// segment.
struct Seed {
    NodeIndex node;
    Millis offset_ms;
};
/// A trip end: one or two seeds (the two ends of its snapped segment); none when not snapped.
using Endpoint = std::vector<Seed>;

/// A source x target matrix of Millis, row-major (rows = sources), unreachable_ms where a pair
/// has no path or an end has no seed.
struct MillisMatrix {
    std::size_t rows = 0, cols = 0;
    std::vector<Millis> ms;
    Millis at(std::size_t row, std::size_t col) const { return ms[row * cols + col]; }
};

/// One Dijkstra per source with a 4-ary heap, stopping once every target node is settled;
/// sources split over `threads` (results do not depend on it).
MillisMatrix dijkstra_matrix(const RoadGraph& graph,
                             const std::vector<Endpoint>& sources,
                             const std::vector<Endpoint>& targets,
                             unsigned threads = 1);

/// boost::dijkstra_shortest_paths from one node: Millis to every node (unreachable_ms if none).
/// The reference for tests and the benchmark, not for production.
std::vector<Millis> boost_dijkstra(const RoadGraph& graph, NodeIndex source);

} // namespace jw::network
