#pragma once
/// Contraction hierarchies (Geisberger et al. 2008) with bucket-based many-to-many queries
/// (Knopp et al. 2007): preprocessing once per import, then a 2 000 x 2 000 matrix costs 4 000
/// tiny upward searches instead of 2 000 full Dijkstras.

#include <jingwei/network/query.hpp>
#include <jingwei/progress.hpp>

#include <vector>

namespace jw::network {

struct ContractionOptions {
    /// Witness searches stop after settling this many nodes; a missed witness adds a needless
    /// shortcut (slower queries), never a wrong time.
    std::uint32_t witness_settle_limit = 60;
};

class ContractionHierarchy {
public:
    ContractionHierarchy() = default;
    /// Contracts every node of the graph, least important first (edge difference plus
    /// contracted neighbours, lazily updated). Single-threaded, hence deterministic.
    static ContractionHierarchy build(const RoadGraph& graph,
                                      const ContractionOptions& options = {},
                                      const Progress& progress = no_progress());

    std::size_t node_count() const { return m_up_first.empty() ? 0 : m_up_first.size() - 1; }
    std::size_t arc_count() const { return m_up.size() + m_down.size(); }
    std::size_t shortcut_count() const { return m_shortcuts; }

    /// Exact shortest travel times between trip ends, identical to dijkstra_matrix. Backward
    /// searches fill buckets, forward searches scan them; both split over `threads`.
    MillisMatrix many_to_many(const std::vector<Endpoint>& sources,
                              const std::vector<Endpoint>& targets,
                              unsigned threads = 1) const;

    /// Appends a binary image (native byte order, with the graph's node count to check).
    void write(std::vector<unsigned char>& out) const;
    /// Reads an image written by write(); throws jw::InputError when it is not one.
    static ContractionHierarchy read(const unsigned char*& data, const unsigned char* end);

    struct UpArc {
        NodeIndex head;
        Millis travel_ms;
    };

private:
    // Upward arcs u -> v (rank v > rank u) at u, and downward arcs v -> u with rank v > rank u,
    // stored at u, so that a backward search from u climbs them.
    std::vector<std::uint32_t> m_up_first, m_down_first;
    std::vector<UpArc> m_up, m_down;
    std::size_t m_shortcuts = 0;
};

} // namespace jw::network
