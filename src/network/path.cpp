#include <jingwei/network/path.hpp>

#include <algorithm>
#include <functional>
#include <queue>

namespace jw::network {

namespace {
constexpr NodeIndex no_parent = std::numeric_limits<NodeIndex>::max();
}

PathFinder::PathFinder(const RoadNetwork& network, const TravelTimeOptions& options)
    : m_network(&network), m_options(options), m_snapper(network.graph),
      m_dist(network.graph.node_count(), unreachable_ms),
      m_parent(network.graph.node_count(), no_parent) {}

std::vector<Point> PathFinder::path(Point from, Point to) {
    const Snap a = m_snapper.snap(from, m_options.max_snap_m);
    const Snap b = m_snapper.snap(to, m_options.max_snap_m);
    if (!a.is_snapped || !b.is_snapped)
        return {};
    const Millis same = m_snapper.same_segment_ms(a, b, m_options.walk_kmh);
    const Endpoint sources = m_snapper.as_source(a, m_options.walk_kmh);
    const Endpoint targets = m_snapper.as_target(b, m_options.walk_kmh);

    for (NodeIndex v : m_touched) {
        m_dist[v] = unreachable_ms;
        m_parent[v] = no_parent;
    }
    m_touched.clear();
    using Item = std::pair<Millis, NodeIndex>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    for (const auto& s : sources)
        if (s.offset_ms < m_dist[s.node]) {
            if (m_dist[s.node] == unreachable_ms)
                m_touched.push_back(s.node);
            m_dist[s.node] = s.offset_ms;
            heap.push({s.offset_ms, s.node});
        }
    // Best arrival over the target's seeds; the search stops when nothing left can beat it.
    std::uint64_t best = same;
    NodeIndex best_node = no_parent;
    const auto& g = m_network->graph.csr();
    while (!heap.empty()) {
        const auto [d, v] = heap.top();
        heap.pop();
        if (d != m_dist[v])
            continue;
        if (d >= best)
            break;
        for (const auto& t : targets)
            if (t.node == v && static_cast<std::uint64_t>(d) + t.offset_ms < best) {
                best = static_cast<std::uint64_t>(d) + t.offset_ms;
                best_node = v;
            }
        for (const auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
            const NodeIndex w = boost::target(e, g);
            const std::uint64_t nd = static_cast<std::uint64_t>(d) + g[e].travel_ms;
            if (nd < m_dist[w]) {
                if (m_dist[w] == unreachable_ms)
                    m_touched.push_back(w);
                m_dist[w] = static_cast<Millis>(nd);
                m_parent[w] = v;
                heap.push({static_cast<Millis>(nd), w});
            }
        }
    }
    if (best == unreachable_ms)
        return {};
    std::vector<Point> line = {from, a.on_road};
    if (best_node != no_parent) {
        std::vector<Point> nodes;
        for (NodeIndex v = best_node; v != no_parent; v = m_parent[v])
            nodes.push_back(m_network->graph.point(v));
        line.insert(line.end(), nodes.rbegin(), nodes.rend());
    }
    line.push_back(b.on_road);
    line.push_back(to);
    return line;
}

} // namespace jw::network
