#pragma once
/// Travel-time matrices between points: on the road network when the workspace has one, else
/// straight-line distance x detour factor at a speed, always labelled with the method used.

#include <jingwei/network/contraction.hpp>
#include <jingwei/network/snap.hpp>
#include <jingwei/network/speeds.hpp>

#include <string>
#include <vector>

namespace jw::network {

/// A routable network: the graph, its contraction hierarchy and how it was made.
struct RoadNetwork {
    RoadGraph graph;
    ContractionHierarchy hierarchy;
    BuildReport report;
    int crs_epsg = 0;              ///< CRS of the node coordinates (the workspace's)
    std::string source_file;
    std::string speeds_source;
};

/// Builds graph and hierarchy from lines already in a metric CRS.
RoadNetwork build_road_network(const std::vector<RoadLine>& lines,
                               const SpeedTable& speeds,
                               int crs_epsg,
                               const Progress& progress = no_progress());

/// Binary image of a network for the workspace, and back (throws jw::InputError).
std::vector<unsigned char> to_blob(const RoadNetwork& network);
RoadNetwork from_blob(const std::vector<unsigned char>& blob);

enum class TravelMethod { road_network, straight_line };
/// "road_network" / "straight_line": the value of the `method` column of every output.
std::string method_name(TravelMethod method);

struct TravelTimeOptions {
    double walk_kmh = 4.5;                ///< off-road leg
    double max_snap_m = 1000;             ///< farther points are reported, get no time
    double fallback_detour_factor = 1.4;  ///< straight line only
    double fallback_kmh = 30;             ///< straight line only
    unsigned threads = 2;
    /// From this many source x target pairs on, the contraction hierarchy answers (its
    /// searches are tiny but need buckets); below it, one Dijkstra per source.
    std::size_t hierarchy_min_pairs = 64;
    /// Copies walk, snap limit and fallback from a speed table.
    static TravelTimeOptions from(const SpeedTable& speeds);
};

struct TravelTimes {
    TravelMethod method = TravelMethod::straight_line;
    /// Plain-language method for legends: "road network (...)" or
    /// "straight line x 1.4 at 30 km/h: no road network loaded".
    std::string label;
    std::size_t rows = 0, cols = 0;
    std::vector<double> travel_seconds;   ///< row-major; NaN where there is no time
    std::vector<Snap> from_snaps, to_snaps;  ///< road network only
    std::vector<std::size_t> unsnapped_from, unsnapped_to;  ///< points beyond max_snap_m
    double seconds(std::size_t row, std::size_t col) const { return travel_seconds[row * cols + col]; }
};

/// Points in the network's CRS. Exact: the hierarchy and Dijkstra give identical times.
TravelTimes road_travel_times(const RoadNetwork& network,
                              const std::vector<Point>& from,
                              const std::vector<Point>& to,
                              const TravelTimeOptions& options = {});
/// Points in any metric CRS.
TravelTimes straight_line_travel_times(const std::vector<Point>& from,
                                       const std::vector<Point>& to,
                                       const TravelTimeOptions& options = {});

} // namespace jw::network
