#pragma once
/// Snapping points to the nearest road segment of the graph (its largest strongly connected
/// component, the only part kept), through a uniform grid of segment boxes.

#include <cstdint>
#include <jingwei/network/query.hpp>
#include <vector>

namespace jw::network {

struct Snap {
    bool is_snapped = false; ///< false when no road lies within the limit
    double offroad_m = 0;    ///< straight line from the point to the road
    Point on_road;           ///< the nearest point of the road
    NodeIndex from_node = 0; ///< the segment's ends, from_node < to_node
    NodeIndex to_node = 0;
    double along = 0; ///< position on the segment, 0 at from_node, 1 at to_node
};

class Snapper {
  public:
    /// Indexes every segment of the graph (a two-way road once). The graph must outlive it.
    explicit Snapper(const RoadGraph& graph);
    /// The nearest segment within max_m of p (same CRS as the graph); ties go to the segment
    /// with the smaller node numbers, so results do not depend on the index layout.
    Snap snap(Point p, double max_m) const;
    /// Where a trip from the snapped point enters the graph: the off-road leg at walk_kmh,
    /// then along the segment to either end it may be driven to.
    Endpoint as_source(const Snap& s, double walk_kmh) const;
    /// Where a trip to the snapped point leaves the graph (the reverse).
    Endpoint as_target(const Snap& s, double walk_kmh) const;
    /// Time from one snapped point to another on the same segment without leaving it;
    /// unreachable_ms when they are on different segments or the direction is not allowed.
    Millis same_segment_ms(const Snap& from, const Snap& to, double walk_kmh) const;

  private:
    struct Segment {
        NodeIndex a, b;   ///< a < b
        Millis a_to_b_ms; ///< unreachable_ms when one-way b -> a
        Millis b_to_a_ms;
    };
    const Segment* find(const Snap& s) const;
    void add_node_seeds(const Snap& s, const Segment& seg, Millis walk, Endpoint& out) const;
    const RoadGraph* m_graph;
    std::vector<Segment> m_segments;
    double m_xmin = 0, m_ymin = 0, m_cell_m = 1;
    std::uint32_t m_columns = 1, m_rows = 1;
    std::vector<std::uint32_t> m_cell_first; ///< per cell: first entry in m_cell_segments
    std::vector<std::uint32_t> m_cell_segments;
};

} // namespace jw::network
