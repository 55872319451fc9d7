#include <algorithm>
#include <cmath>
#include <jingwei/network/snap.hpp>

namespace jw::network {

Snapper::Snapper(const RoadGraph& graph) : m_graph(&graph) {
    for (const auto& a : graph.arcs()) {
        const NodeIndex lo = std::min(a.tail, a.head), hi = std::max(a.tail, a.head);
        if (a.tail < a.head || graph.arc_ms(a.head, a.tail) == unreachable_ms)
            m_segments.push_back({lo, hi, graph.arc_ms(lo, hi), graph.arc_ms(hi, lo)});
    }
    std::sort(m_segments.begin(), m_segments.end(), [](const Segment& x, const Segment& y) {
        return x.a != y.a ? x.a < y.a : x.b < y.b;
    });
    if (m_segments.empty())
        return;
    double xmax = -1e300, ymax = -1e300;
    m_xmin = m_ymin = 1e300;
    double total_m = 0;
    for (const auto& p : graph.points()) {
        m_xmin = std::min(m_xmin, p.x);
        m_ymin = std::min(m_ymin, p.y);
        xmax = std::max(xmax, p.x);
        ymax = std::max(ymax, p.y);
    }
    for (const auto& s : m_segments)
        total_m += std::hypot(graph.point(s.b).x - graph.point(s.a).x,
                              graph.point(s.b).y - graph.point(s.a).y);
    // About two segments' length per cell keeps a few segments in each cell.
    m_cell_m = std::max(20.0, 2 * total_m / static_cast<double>(m_segments.size()));
    // ... but no more cells than about two per segment: a province-wide extract with short
    // segments would otherwise ask for hundreds of millions of empty cells.
    const double cells_wanted = 2.0 * static_cast<double>(m_segments.size()) + 1024;
    m_cell_m =
        std::max(m_cell_m, std::sqrt((xmax - m_xmin + 1) * (ymax - m_ymin + 1) / cells_wanted));
    m_columns = static_cast<std::uint32_t>((xmax - m_xmin) / m_cell_m) + 1;
    m_rows = static_cast<std::uint32_t>((ymax - m_ymin) / m_cell_m) + 1;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> cell_segment;
    for (std::uint32_t i = 0; i < m_segments.size(); ++i) {
        const auto& p = graph.point(m_segments[i].a);
        const auto& q = graph.point(m_segments[i].b);
        const auto c0 = static_cast<std::uint32_t>((std::min(p.x, q.x) - m_xmin) / m_cell_m);
        const auto c1 = static_cast<std::uint32_t>((std::max(p.x, q.x) - m_xmin) / m_cell_m);
        const auto r0 = static_cast<std::uint32_t>((std::min(p.y, q.y) - m_ymin) / m_cell_m);
        const auto r1 = static_cast<std::uint32_t>((std::max(p.y, q.y) - m_ymin) / m_cell_m);
        for (auto r = r0; r <= r1; ++r)
            for (auto c = c0; c <= c1; ++c)
                cell_segment.emplace_back(r * m_columns + c, i);
    }
    std::sort(cell_segment.begin(), cell_segment.end());
    m_cell_first.assign(static_cast<std::size_t>(m_columns) * m_rows + 1, 0);
    for (const auto& cs : cell_segment)
        ++m_cell_first[cs.first + 1];
    for (std::size_t c = 0; c + 1 < m_cell_first.size(); ++c)
        m_cell_first[c + 1] += m_cell_first[c];
    m_cell_segments.reserve(cell_segment.size());
    for (const auto& cs : cell_segment)
        m_cell_segments.push_back(cs.second);
}

Snap Snapper::snap(Point p, double max_m) const {
    Snap best;
    if (m_segments.empty())
        return best;
    double best_m = max_m;
    std::uint32_t best_segment = 0;
    bool found = false;
    const double fc = std::floor((p.x - m_xmin) / m_cell_m),
                 fr = std::floor((p.y - m_ymin) / m_cell_m);
    // Rings of cells around the point's cell; ring k holds nothing nearer than (k - 1) cells.
    // (Beyond the grid's own size plus the point's distance to it no ring holds anything.)
    const auto max_ring = std::min<std::int64_t>(
        static_cast<std::int64_t>(std::ceil(std::min(max_m, 1e9) / m_cell_m)) + 1,
        static_cast<std::int64_t>(std::abs(fc) + std::abs(fr)) + m_columns + m_rows + 1);
    for (std::int64_t ring = 0; ring <= max_ring; ++ring) {
        // After ring k - 1 every unseen segment is at least (k - 1) cells away.
        if (found && best_m <= static_cast<double>(ring - 1) * m_cell_m)
            break;
        for (std::int64_t r = static_cast<std::int64_t>(fr) - ring;
             r <= static_cast<std::int64_t>(fr) + ring;
             ++r) {
            if (r < 0 || r >= m_rows)
                continue;
            const bool is_edge_row = std::abs(r - static_cast<std::int64_t>(fr)) == ring;
            for (std::int64_t c = static_cast<std::int64_t>(fc) - ring;
                 c <= static_cast<std::int64_t>(fc) + ring;
                 c += (is_edge_row ? 1 : 2 * std::max<std::int64_t>(ring, 1))) {
                if (c < 0 || c >= m_columns)
                    continue;
                const auto cell =
                    static_cast<std::size_t>(r) * m_columns + static_cast<std::size_t>(c);
                for (auto k = m_cell_first[cell]; k < m_cell_first[cell + 1]; ++k) {
                    const auto i = m_cell_segments[k];
                    const auto& s = m_segments[i];
                    const auto& a = m_graph->point(s.a);
                    const auto& b = m_graph->point(s.b);
                    const double dx = b.x - a.x, dy = b.y - a.y;
                    const double len2 = dx * dx + dy * dy;
                    const double t =
                        len2 > 0
                            ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0)
                            : 0.0;
                    const Point q{a.x + t * dx, a.y + t * dy};
                    const double d = std::hypot(p.x - q.x, p.y - q.y);
                    if (d < best_m || (d == best_m && (!found || i < best_segment))) {
                        if (d > max_m)
                            continue;
                        best_m = d;
                        best_segment = i;
                        found = true;
                        best.is_snapped = true;
                        best.offroad_m = d;
                        best.on_road = q;
                        best.from_node = s.a;
                        best.to_node = s.b;
                        best.along = t;
                    }
                }
            }
        }
    }
    return best;
}

const Snapper::Segment* Snapper::find(const Snap& s) const {
    const auto it = std::lower_bound(
        m_segments.begin(), m_segments.end(), s, [](const Segment& seg, const Snap& x) {
            return seg.a != x.from_node ? seg.a < x.from_node : seg.b < x.to_node;
        });
    if (it == m_segments.end() || it->a != s.from_node || it->b != s.to_node)
        return nullptr;
    return &*it;
}

namespace {
Millis part(Millis whole, double fraction) {
    return static_cast<Millis>(std::llround(static_cast<double>(whole) * fraction));
}
} // namespace

// A point snapped onto a segment's end node is at that node whatever the segment's one-way
// direction: without this seed a point at the start of a one-way could only leave (and one at
// its end only arrive) along that one-way, as the snapping tie happened to choose it.
void Snapper::add_node_seeds(const Snap& s, const Segment& seg, Millis walk, Endpoint& out) const {
    constexpr double at_end = 1e-9;
    if (s.along <= at_end)
        out.push_back({seg.a, walk});
    if (s.along >= 1 - at_end)
        out.push_back({seg.b, walk});
}

Endpoint Snapper::as_source(const Snap& s, double walk_kmh) const {
    Endpoint out;
    const Segment* seg = s.is_snapped ? find(s) : nullptr;
    if (!seg)
        return out;
    const Millis walk = travel_ms(s.offroad_m, walk_kmh);
    if (seg->a_to_b_ms != unreachable_ms)
        out.push_back({seg->b, walk + part(seg->a_to_b_ms, 1 - s.along)});
    if (seg->b_to_a_ms != unreachable_ms)
        out.push_back({seg->a, walk + part(seg->b_to_a_ms, s.along)});
    add_node_seeds(s, *seg, walk, out);
    return out;
}

Endpoint Snapper::as_target(const Snap& s, double walk_kmh) const {
    Endpoint out;
    const Segment* seg = s.is_snapped ? find(s) : nullptr;
    if (!seg)
        return out;
    const Millis walk = travel_ms(s.offroad_m, walk_kmh);
    if (seg->a_to_b_ms != unreachable_ms)
        out.push_back({seg->a, walk + part(seg->a_to_b_ms, s.along)});
    if (seg->b_to_a_ms != unreachable_ms)
        out.push_back({seg->b, walk + part(seg->b_to_a_ms, 1 - s.along)});
    add_node_seeds(s, *seg, walk, out);
    return out;
}

Millis Snapper::same_segment_ms(const Snap& from, const Snap& to, double walk_kmh) const {
    if (!from.is_snapped || !to.is_snapped || from.from_node != to.from_node ||
        from.to_node != to.to_node)
        return unreachable_ms;
    const Segment* seg = find(from);
    if (!seg)
        return unreachable_ms;
    const Millis walk = travel_ms(from.offroad_m, walk_kmh) + travel_ms(to.offroad_m, walk_kmh);
    if (to.along >= from.along && seg->a_to_b_ms != unreachable_ms)
        return walk + part(seg->a_to_b_ms, to.along - from.along);
    if (to.along <= from.along && seg->b_to_a_ms != unreachable_ms)
        return walk + part(seg->b_to_a_ms, from.along - to.along);
    return unreachable_ms;
}

} // namespace jw::network
