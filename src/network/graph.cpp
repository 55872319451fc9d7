// Noding, arcs and the largest strongly connected component.

#include <jingwei/error.hpp>
#include <jingwei/network/graph.hpp>

#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <unordered_map>

namespace jw::network {

Millis travel_ms(double length_m, double kmh) {
    const double ms = std::round(length_m / (kmh / 3.6) * 1000.0);
    if (length_m > 0 && ms < 1)
        return 1;
    return static_cast<Millis>(std::min(ms, 4.0e9));
}

RoadGraph::RoadGraph(std::vector<Point> node_xy, std::vector<Arc> arcs) : m_xy(std::move(node_xy)) {
    std::sort(arcs.begin(), arcs.end(), [](const Arc& a, const Arc& b) {
        return a.tail != b.tail ? a.tail < b.tail : a.head < b.head;
    });
    std::vector<std::pair<NodeIndex, NodeIndex>> ends;
    std::vector<ArcData> data;
    ends.reserve(arcs.size());
    data.reserve(arcs.size());
    for (const auto& a : arcs) {
        if (a.tail >= m_xy.size() || a.head >= m_xy.size())
            throw InternalError("road graph: arc to a node that does not exist");
        ends.emplace_back(a.tail, a.head);
        data.push_back(a.data);
    }
    m_csr = Csr(boost::edges_are_sorted, ends.begin(), ends.end(), data.begin(), m_xy.size());
}

std::vector<Arc> RoadGraph::arcs() const {
    std::vector<Arc> out;
    out.reserve(arc_count());
    for (NodeIndex v = 0; v < node_count(); ++v)
        for (const auto e : boost::make_iterator_range(boost::out_edges(v, m_csr)))
            out.push_back({v, static_cast<NodeIndex>(boost::target(e, m_csr)), m_csr[e]});
    return out;
}

Millis RoadGraph::arc_ms(NodeIndex tail, NodeIndex head) const {
    Millis best = unreachable_ms;
    for (const auto e : boost::make_iterator_range(boost::out_edges(tail, m_csr)))
        if (boost::target(e, m_csr) == head)
            best = std::min(best, m_csr[e].travel_ms);
    return best;
}

namespace {

// A vertex of a line, before noding.
struct Occurrence {
    double x, y;
    std::uint32_t line, vertex;
    int layer;
    bool is_end;
};

struct UnionFind {
    std::vector<std::uint32_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
    std::uint32_t find(std::uint32_t a) {
        while (parent[a] != a)
            a = parent[a] = parent[parent[a]];
        return a;
    }
    void unite(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a != b)
            parent[std::max(a, b)] = std::min(a, b);  // smallest index as root: deterministic
    }
};

} // namespace

BuildResult build_road_graph(const std::vector<RoadLine>& lines,
                             const SpeedTable& speeds,
                             const Progress& progress) {
    BuildResult result;
    auto& report = result.report;
    report.lines_read = static_cast<std::int64_t>(lines.size());

    // 1. Drivable lines and their speed.
    std::vector<std::uint32_t> used;
    std::vector<double> line_kmh(lines.size(), 0);
    for (std::uint32_t i = 0; i < lines.size(); ++i) {
        const auto& l = lines[i];
        const auto class_kmh = speeds.kmh(l.road_class);
        if (!class_kmh && !(l.speed_kmh > 0 && l.road_class.empty())) {
            ++report.skipped_by_class[l.road_class.empty() ? "(none)" : l.road_class];
            continue;
        }
        line_kmh[i] = l.speed_kmh > 0 ? l.speed_kmh : *class_kmh;
        used.push_back(i);
    }
    report.lines_used = static_cast<std::int64_t>(used.size());

    // 2. Noding: each (line, vertex) gets a node id.
    std::vector<std::vector<NodeIndex>> node_of(lines.size());
    std::vector<Point> xy;
    {
        std::unordered_map<std::int64_t, NodeIndex> by_osm_id;
        std::vector<Occurrence> occ;
        for (const auto i : used) {
            const auto& l = lines[i];
            node_of[i].assign(l.points.size(), 0);
            if (!l.node_ids.empty()) {
                for (std::uint32_t k = 0; k < l.points.size(); ++k) {
                    const auto [it, is_new] = by_osm_id.emplace(l.node_ids[k], static_cast<NodeIndex>(xy.size()));
                    if (is_new)
                        xy.push_back(l.points[k]);
                    node_of[i][k] = it->second;
                }
                continue;
            }
            for (std::uint32_t k = 0; k < l.points.size(); ++k)
                occ.push_back({l.points[k].x, l.points[k].y, i, k, l.layer, k == 0 || k + 1 == l.points.size()});
        }
        // Equal coordinates sort together; ties in input order keep node numbering deterministic.
        std::sort(occ.begin(), occ.end(), [](const Occurrence& a, const Occurrence& b) {
            if (a.x != b.x)
                return a.x < b.x;
            if (a.y != b.y)
                return a.y < b.y;
            return a.line != b.line ? a.line < b.line : a.vertex < b.vertex;
        });
        UnionFind uf(occ.size());
        for (std::size_t begin = 0; begin < occ.size();) {
            std::size_t end = begin + 1;
            while (end < occ.size() && occ[end].x == occ[begin].x && occ[end].y == occ[begin].y)
                ++end;
            for (std::size_t a = begin; a < end; ++a)
                for (std::size_t b = a + 1; b < end; ++b)
                    if (occ[a].layer == occ[b].layer || occ[a].is_end || occ[b].is_end)
                        uf.unite(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
            begin = end;
        }
        std::vector<NodeIndex> node_of_root(occ.size(), unreachable_ms);
        for (std::uint32_t o = 0; o < occ.size(); ++o) {
            const auto r = uf.find(o);
            if (node_of_root[r] == unreachable_ms) {
                node_of_root[r] = static_cast<NodeIndex>(xy.size());
                xy.push_back({occ[o].x, occ[o].y});
            }
            node_of[occ[o].line][occ[o].vertex] = node_of_root[r];
        }
    }
    if (!progress(0.4, "noding roads"))
        throw Error("cancelled");

    // 3. Arcs, the faster one kept where two lines join the same nodes.
    std::vector<Arc> arcs;
    for (const auto i : used) {
        const auto& l = lines[i];
        double line_m = 0;
        for (std::size_t k = 0; k + 1 < l.points.size(); ++k)
            line_m += std::hypot(l.points[k + 1].x - l.points[k].x, l.points[k + 1].y - l.points[k].y);
        for (std::size_t k = 0; k + 1 < l.points.size(); ++k) {
            const NodeIndex a = node_of[i][k], b = node_of[i][k + 1];
            if (a == b)
                continue;
            const double m = std::hypot(xy[b].x - xy[a].x, xy[b].y - xy[a].y);
            // A ferry's duration is spread over its segments by length.
            const Millis ms = l.duration_s > 0 && line_m > 0
                                  ? static_cast<Millis>(std::max(1.0, std::round(l.duration_s * 1000 * m / line_m)))
                                  : travel_ms(m, line_kmh[i]);
            const ArcData d{ms, static_cast<float>(m)};
            if (l.oneway != Oneway::backward)
                arcs.push_back({a, b, d});
            if (l.oneway != Oneway::forward)
                arcs.push_back({b, a, d});
        }
    }
    std::sort(arcs.begin(), arcs.end(), [](const Arc& a, const Arc& b) {
        if (a.tail != b.tail)
            return a.tail < b.tail;
        if (a.head != b.head)
            return a.head < b.head;
        return a.data.travel_ms < b.data.travel_ms;
    });
    arcs.erase(std::unique(arcs.begin(),
                           arcs.end(),
                           [](const Arc& a, const Arc& b) { return a.tail == b.tail && a.head == b.head; }),
               arcs.end());
    report.nodes_before_scc = static_cast<std::int64_t>(xy.size());
    report.arcs_before_scc = static_cast<std::int64_t>(arcs.size());
    if (!progress(0.6, "strongly connected components"))
        throw Error("cancelled");

    // 4. Largest strongly connected component: elsewhere some trips cannot be made at all.
    const RoadGraph all(xy, arcs);
    std::vector<NodeIndex> component(xy.size(), 0);
    const auto count = xy.empty() ? 0 : boost::strong_components(
        all.csr(), boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, all.csr())));
    report.components = static_cast<std::int64_t>(count);
    std::vector<std::int64_t> size(count, 0);
    for (const auto c : component)
        ++size[c];
    // The largest; the lowest component number among equals, for determinism.
    NodeIndex largest = 0;
    for (NodeIndex c = 0; c < count; ++c)
        if (size[c] > size[largest])
            largest = c;
    for (NodeIndex c = 0; c < count; ++c)
        if (c != largest)
            report.second_component_nodes = std::max(report.second_component_nodes, size[c]);
    std::vector<NodeIndex> renumber(xy.size(), unreachable_ms);
    std::vector<Point> kept_xy;
    for (NodeIndex v = 0; v < xy.size(); ++v)
        if (component[v] == largest) {
            renumber[v] = static_cast<NodeIndex>(kept_xy.size());
            kept_xy.push_back(xy[v]);
        }
    std::vector<Arc> kept_arcs;
    for (const auto& a : arcs)  // renumbering keeps the order: kept_arcs stay sorted
        if (renumber[a.tail] != unreachable_ms && renumber[a.head] != unreachable_ms)
            kept_arcs.push_back({renumber[a.tail], renumber[a.head], a.data});
    // Road length counts a two-way segment once.
    double road_m = 0;
    for (const auto& a : kept_arcs) {
        const bool has_reverse = std::binary_search(
            kept_arcs.begin(), kept_arcs.end(), Arc{a.head, a.tail, {}}, [](const Arc& x, const Arc& y) {
                return x.tail != y.tail ? x.tail < y.tail : x.head < y.head;
            });
        if (!has_reverse || a.tail < a.head)
            road_m += a.data.length_m;
    }
    report.road_km_kept = road_m / 1000;
    report.nodes_kept = static_cast<std::int64_t>(kept_xy.size());
    report.arcs_kept = static_cast<std::int64_t>(kept_arcs.size());
    result.graph = RoadGraph(std::move(kept_xy), std::move(kept_arcs));
    progress(1.0, "road graph");
    return result;
}

} // namespace jw::network
