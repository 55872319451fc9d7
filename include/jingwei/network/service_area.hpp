#pragma once
/// Service areas (isochrones) on the road graph: what can be reached from a trip end within a
/// time, as reached road pieces that GEOS turns into polygons (jw::access does that).

#include <jingwei/network/query.hpp>
#include <vector>

namespace jw::network {

/// One Dijkstra (4-ary heap) from the seeds of `source`, stopping at `limit_ms`: the time to
/// every node, unreachable_ms beyond the limit or without a path. Outbound: along one-way arcs.
std::vector<Millis> times_within(const RoadGraph& graph, const Endpoint& source, Millis limit_ms);

/// A reached piece of a road segment, from a node reached in time towards its neighbour.
struct ReachedPiece {
    Point from, to;      ///< to is the arc's head, or the point where the time runs out
    Millis remaining_ms; ///< time left at `to` (0 where the time ran out mid-segment)
};

/// The pieces of every arc driven within `limit_ms` from the reached nodes, given their times
/// (from times_within). A fully reached arc gives one piece to its head; an arc whose head is
/// too far gives the part up to where the time runs out.
std::vector<ReachedPiece>
reached_pieces(const RoadGraph& graph, const std::vector<Millis>& times_ms, Millis limit_ms);

} // namespace jw::network
