#pragma once
/// The routable road graph: the largest strongly connected component of the drivable lines, as
/// a Boost.Graph compressed_sparse_row_graph with travel time and length on every arc.

#include <jingwei/network/road_source.hpp>
#include <jingwei/network/speeds.hpp>
#include <jingwei/progress.hpp>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/range/iterator_range.hpp>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace jw::network {

using NodeIndex = std::uint32_t;
/// Travel times are whole milliseconds: sums are exact, so every algorithm gives identical
/// results, and 2^32 ms (49 days) never overflows a county.
using Millis = std::uint32_t;
constexpr Millis unreachable_ms = std::numeric_limits<Millis>::max();

struct ArcData {
    Millis travel_ms = 0;
    float length_m = 0;
};

using Csr = boost::compressed_sparse_row_graph<boost::directedS,
                                               boost::no_property,
                                               ArcData,
                                               boost::no_property,
                                               NodeIndex,
                                               NodeIndex>;

/// One directed arc, for building and storing graphs.
struct Arc {
    NodeIndex tail;
    NodeIndex head;
    ArcData data;
};

/// What building the graph did with the input, for the import summary.
struct BuildReport {
    std::int64_t lines_read = 0;
    std::int64_t lines_used = 0;                        ///< drivable lines
    std::map<std::string, std::int64_t> skipped_by_class; ///< not drivable: class not in the table
    std::int64_t nodes_before_scc = 0;
    std::int64_t arcs_before_scc = 0;
    std::int64_t components = 0;                        ///< strongly connected components
    std::int64_t nodes_kept = 0;                        ///< in the largest one
    std::int64_t arcs_kept = 0;
    std::int64_t second_component_nodes = 0;
    double road_km_kept = 0;                            ///< length of the kept roads (both ways once)
    double kept_share() const {
        return nodes_before_scc ? static_cast<double>(nodes_kept) / static_cast<double>(nodes_before_scc) : 0;
    }
};

class RoadGraph {
public:
    RoadGraph() = default;
    /// Nodes with metric coordinates and arcs between them (any order, no duplicates needed).
    RoadGraph(std::vector<Point> node_xy, std::vector<Arc> arcs);

    std::size_t node_count() const { return m_xy.size(); }
    std::size_t arc_count() const { return boost::num_edges(m_csr); }
    const Point& point(NodeIndex v) const { return m_xy[v]; }
    const std::vector<Point>& points() const { return m_xy; }
    const Csr& csr() const { return m_csr; }
    /// Every arc, sorted by tail then head.
    std::vector<Arc> arcs() const;
    /// Travel time of the arc tail -> head, unreachable_ms when there is none.
    Millis arc_ms(NodeIndex tail, NodeIndex head) const;

private:
    std::vector<Point> m_xy;
    Csr m_csr;
};

struct BuildResult {
    RoadGraph graph;
    BuildReport report;
};

/// Builds the driving graph from lines in a metric CRS.
/// Noding: OSM lines join where they share a node id. Lines without node ids (GDAL layers) join
/// where they share a coordinate exactly, also in the middle of lines, unless both points are
/// inside lines on different layers (a bridge over a road); a line end joins whatever is there.
/// Speeds: the line's own speed when > 0, else the class speed; classes the table lacks are
/// skipped. Only the largest strongly connected component is kept.
BuildResult build_road_graph(const std::vector<RoadLine>& lines,
                             const SpeedTable& speeds,
                             const Progress& progress = no_progress());

/// Travel time in ms of `length_m` at `kmh`, rounded, at least 1 ms for a non-zero length.
Millis travel_ms(double length_m, double kmh);

} // namespace jw::network
