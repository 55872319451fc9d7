#include "dary_heap.hpp"

#include <algorithm>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <exception>
#include <jingwei/network/query.hpp>
#include <jingwei/parallel.hpp>
#include <thread>

namespace jw::network {

MillisMatrix dijkstra_matrix(const RoadGraph& graph,
                             const std::vector<Endpoint>& sources,
                             const std::vector<Endpoint>& targets,
                             unsigned threads) {
    MillisMatrix out;
    out.rows = sources.size();
    out.cols = targets.size();
    out.ms.assign(out.rows * out.cols, unreachable_ms);
    const auto& g = graph.csr();
    const std::size_t n = graph.node_count();
    // Target nodes, so a search can stop once all of them are settled.
    std::vector<char> is_target(n, 0);
    std::size_t target_nodes = 0;
    for (const auto& t : targets)
        for (const auto& s : t)
            if (!is_target[s.node]) {
                is_target[s.node] = 1;
                ++target_nodes;
            }
    parallel_ranges(out.rows, threads, [&](unsigned, std::size_t first, std::size_t last) {
        detail::DaryHeap heap(n);
        detail::DistanceLabels dist(n);
        std::vector<char> settled(n, 0);
        std::vector<NodeIndex> settled_list;
        for (std::size_t i = first; i < last; ++i) {
            for (const auto& s : sources[i])
                if (s.offset_ms < dist[s.node]) {
                    dist.set(s.node, s.offset_ms);
                    heap.push_or_decrease(s.node, s.offset_ms);
                }
            std::size_t targets_left = target_nodes;
            while (!heap.empty() && targets_left > 0) {
                const auto [v, d] = heap.pop();
                settled[v] = 1;
                settled_list.push_back(v);
                if (is_target[v])
                    --targets_left;
                for (const auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
                    const auto w = static_cast<NodeIndex>(boost::target(e, g));
                    const Millis nd = d + g[e].travel_ms;
                    if (!settled[w] && nd < dist[w]) {
                        dist.set(w, nd);
                        heap.push_or_decrease(w, nd);
                    }
                }
            }
            for (std::size_t j = 0; j < out.cols; ++j) {
                Millis best = unreachable_ms;
                for (const auto& s : targets[j])
                    if (settled[s.node] && dist[s.node] != unreachable_ms)
                        best = std::min<Millis>(best, dist[s.node] + s.offset_ms);
                out.ms[i * out.cols + j] = best;
            }
            heap.clear();
            dist.reset();
            for (const auto v : settled_list)
                settled[v] = 0;
            settled_list.clear();
        }
    });
    return out;
}

std::vector<Millis> boost_dijkstra(const RoadGraph& graph, NodeIndex source) {
    const auto& g = graph.csr();
    std::vector<Millis> dist(graph.node_count(), unreachable_ms);
    auto weight = boost::make_function_property_map<Csr::edge_descriptor, Millis>(
        [&g](const Csr::edge_descriptor& e) { return g[e].travel_ms; });
    boost::dijkstra_shortest_paths(g,
                                   source,
                                   boost::weight_map(weight)
                                       .distance_map(boost::make_iterator_property_map(
                                           dist.begin(), boost::get(boost::vertex_index, g)))
                                       .distance_inf(unreachable_ms));
    return dist;
}

} // namespace jw::network
