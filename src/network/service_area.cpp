// Bounded one-to-all Dijkstra and the road pieces it reaches, for service-area polygons.

#include "dary_heap.hpp"

#include <algorithm>
#include <jingwei/network/service_area.hpp>

namespace jw::network {

std::vector<Millis> times_within(const RoadGraph& graph, const Endpoint& source, Millis limit_ms) {
    const auto& g = graph.csr();
    std::vector<Millis> dist(graph.node_count(), unreachable_ms);
    detail::DaryHeap heap(graph.node_count());
    for (const auto& s : source)
        if (s.offset_ms <= limit_ms && s.offset_ms < dist[s.node]) {
            dist[s.node] = s.offset_ms;
            heap.push_or_decrease(s.node, s.offset_ms);
        }
    std::vector<char> settled(graph.node_count(), 0);
    while (!heap.empty()) {
        const auto [v, d] = heap.pop();
        settled[v] = 1;
        for (const auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
            const auto w = static_cast<NodeIndex>(boost::target(e, g));
            const std::uint64_t nd = static_cast<std::uint64_t>(d) + g[e].travel_ms;
            if (!settled[w] && nd <= limit_ms && nd < dist[w]) {
                dist[w] = static_cast<Millis>(nd);
                heap.push_or_decrease(w, static_cast<Millis>(nd));
            }
        }
    }
    return dist;
}

std::vector<ReachedPiece>
reached_pieces(const RoadGraph& graph, const std::vector<Millis>& times_ms, Millis limit_ms) {
    const auto& g = graph.csr();
    std::vector<ReachedPiece> out;
    for (NodeIndex v = 0; v < graph.node_count(); ++v) {
        const Millis d = times_ms[v];
        if (d == unreachable_ms || d > limit_ms)
            continue;
        for (const auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
            const auto w = static_cast<NodeIndex>(boost::target(e, g));
            const Millis arc = g[e].travel_ms;
            const Point a = graph.point(v), b = graph.point(w);
            if (static_cast<std::uint64_t>(d) + arc <= limit_ms) {
                // Whole arc; the head's own time may be smaller (reached another way).
                out.push_back({a, b, limit_ms - std::min<Millis>(limit_ms, d + arc)});
                continue;
            }
            const double f = arc > 0 ? static_cast<double>(limit_ms - d) / arc : 0;
            out.push_back({a, {a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)}, 0});
        }
    }
    return out;
}

} // namespace jw::network
