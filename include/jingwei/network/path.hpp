#pragma once
/// The road geometry of a trip: the fastest path between two points on the stored network, as a
/// polyline (off-road leg, the road nodes driven through, off-road leg) for route exports.

#include <jingwei/network/snap.hpp>
#include <jingwei/network/travel_times.hpp>

#include <vector>

namespace jw::network {

/// One Dijkstra per trip on the base graph, stopped once the target is settled; buffers are
/// reused between calls, so one finder serves a whole day's legs. Not thread-safe.
class PathFinder {
  public:
    PathFinder(const RoadNetwork& network, const TravelTimeOptions& options);
    /// The polyline from `from` to `to` (workspace CRS), empty when either point is beyond the
    /// snapping limit or no path exists.
    std::vector<Point> path(Point from, Point to);

  private:
    const RoadNetwork* m_network;
    TravelTimeOptions m_options;
    Snapper m_snapper;
    std::vector<Millis> m_dist;
    std::vector<NodeIndex> m_parent;
    std::vector<NodeIndex> m_touched;
};

} // namespace jw::network
