// The point locator: a uniform grid over polygon edges with one reference point per cell.
// docs/decisions/0012-locate.md explains the choice; the invariants the code relies on:
//  - an edge is listed in every cell its bounding box touches, with cells computed by one
//    monotone function of the coordinate (cell_x/cell_y), so any edge that meets the segment
//    from a point to its cell's reference point is listed in that cell;
//  - each cell's reference point lies in the cell and its membership in every polygon with edges
//    in the cell is known exactly; when it lies on such an edge's line the entry is "slow" and
//    answered by a full ray-crossing test instead;
//  - orientation signs are exact: a floating-point filter, else GEOS's own orientation, so
//    boundary decisions are those of GEOS covers.

#include <algorithm>
#include <cmath>
#include <exception>
#include <jingwei/error.hpp>
#include <jingwei/geo/geos.hpp>
#include <jingwei/geo/locate.hpp>
#include <jingwei/parallel.hpp>
#include <numeric>

namespace jw::geo {
namespace {

/// Sign of the turn a→b→p: 1 when p is left of a→b, -1 right, 0 on the line. Exact: Shewchuk's
/// error bound decides most cases in doubles; the rest go to GEOS, whose answer is the one GEOS
/// covers uses.
int orientation(double ax, double ay, double bx, double by, double px, double py) {
    const double det_left = (ax - px) * (by - py);
    const double det_right = (ay - py) * (bx - px);
    const double det = det_left - det_right;
    // ccwerrboundA = (3 + 16 eps) eps with eps = 2^-53, rounded up.
    const double error_bound =
        3.3306690738754732e-16 * (std::fabs(det_left) + std::fabs(det_right));
    if (det > error_bound)
        return 1;
    if (-det > error_bound)
        return -1;
    GeosContext& ctx = GeosContext::this_thread();
    const int sign = GEOSOrientationIndex_r(ctx.get(), ax, ay, bx, by, px, py);
    if (sign == 2)
        ctx.throw_last_error("computing an orientation");
    return sign;
}

// Reference points sit at these fractions of a cell, away from round coordinates so that
// axis-parallel edges at grid-like positions rarely pass through them.
constexpr double reference_fx = 0.5123456789;
constexpr double reference_fy = 0.4876543211;

// Entry flags, packed beside the edge count.
constexpr std::uint32_t reference_inside = 1u << 30;
constexpr std::uint32_t reference_unusable = 1u << 31;
constexpr std::uint32_t edge_count_mask = reference_inside - 1;

constexpr std::uint32_t no_polygon = 0xffffffffu;

} // namespace

struct PointLocator::Impl {
    Options options;
    // Vertices of every ring, each ring closed (last == first), polygons' rings contiguous;
    // x and y side by side so an edge's two ends usually share a cache line.
    struct Vertex {
        double x, y;
    };
    std::vector<Vertex> vertices;
    std::vector<std::uint32_t> ring_start; // ring r: vertices [ring_start[r], ring_start[r+1])
    struct Polygon {
        std::uint32_t first_ring, end_ring;
        std::int64_t item;
        double xmin, ymin, xmax, ymax;
    };
    std::vector<Polygon> polygons;
    bool is_built = false;

    // The grid: square cells of side cell_size from (x0, y0).
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0, cell_size = 1, inv_cell_size = 1;
    std::int64_t nx = 0, ny = 0;
    // Edges (by first vertex) per cell, grouped by polygon in item order.
    std::vector<std::uint32_t> cell_edge_start, cell_edges;
    /// A polygon that covers the cell's reference point or has edges in the cell.
    struct Entry {
        std::uint32_t polygon;
        std::uint32_t edge_begin;  // into cell_edges
        std::uint32_t count_flags; // edge count | reference_inside | reference_unusable
    };
    std::vector<std::uint32_t> cell_entry_start;
    std::vector<Entry> entries;

    // One monotone function per axis: the invariant above depends on it.
    std::int64_t cell_x(double x) const {
        return std::clamp<std::int64_t>(
            static_cast<std::int64_t>((x - x0) * inv_cell_size), 0, nx - 1);
    }
    std::int64_t cell_y(double y) const {
        return std::clamp<std::int64_t>(
            static_cast<std::int64_t>((y - y0) * inv_cell_size), 0, ny - 1);
    }
    double reference_x(std::int64_t ix) const {
        return x0 + (static_cast<double>(ix) + reference_fx) * cell_size;
    }
    double reference_y(std::int64_t iy) const {
        return y0 + (static_cast<double>(iy) + reference_fy) * cell_size;
    }

    template <typename F> void for_each_edge(const Polygon& p, F&& f) const {
        for (std::uint32_t r = p.first_ring; r < p.end_ring; ++r)
            for (std::uint32_t v = ring_start[r]; v + 1 < ring_start[r + 1]; ++v)
                f(v);
    }

    void add_ring(GEOSContextHandle_t ctx, const GEOSGeometry* ring) {
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
        unsigned int n = 0;
        if (!seq || !GEOSCoordSeq_getSize_r(ctx, seq, &n))
            GeosContext::this_thread().throw_last_error("reading a ring");
        if (n == 0)
            return;
        const std::size_t first = vertices.size();
        vertices.resize(first + n);
        for (unsigned int i = 0; i < n; ++i)
            if (!GEOSCoordSeq_getXY_r(ctx, seq, i, &vertices[first + i].x, &vertices[first + i].y))
                GeosContext::this_thread().throw_last_error("reading a ring");
        if (vertices[first].x != vertices.back().x || vertices[first].y != vertices.back().y)
            vertices.push_back(vertices[first]); // GEOS rings are closed; be sure
        if (vertices.size() >= no_polygon)
            throw InputError("more than 4 billion polygon vertices");
        ring_start.push_back(static_cast<std::uint32_t>(vertices.size()));
    }

    void add_polygon_rings(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
        const int type = GEOSGeomTypeId_r(ctx, g);
        if (type == GEOS_POLYGON) {
            if (GEOSisEmpty_r(ctx, g) == 1)
                return;
            add_ring(ctx, GEOSGetExteriorRing_r(ctx, g));
            for (int i = 0; i < GEOSGetNumInteriorRings_r(ctx, g); ++i)
                add_ring(ctx, GEOSGetInteriorRingN_r(ctx, g, i));
        } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
            for (int i = 0; i < GEOSGetNumGeometries_r(ctx, g); ++i)
                add_polygon_rings(ctx, GEOSGetGeometryN_r(ctx, g, i));
        }
    }

    /// Full ray-crossing test of (x, y) against every ring of polygon p, boundary inside; the
    /// same rules as GEOS's RayCrossingCounter.
    bool covers(const Polygon& p, double x, double y) const {
        if (x < p.xmin || x > p.xmax || y < p.ymin || y > p.ymax)
            return false;
        unsigned crossings = 0;
        for (std::uint32_t r = p.first_ring; r < p.end_ring; ++r) {
            for (std::uint32_t v = ring_start[r]; v + 1 < ring_start[r + 1]; ++v) {
                const double ax = vertices[v].x, ay = vertices[v].y, bx = vertices[v + 1].x,
                             by = vertices[v + 1].y;
                if (ax < x && bx < x)
                    continue;
                if (bx == x && by == y)
                    return true; // a vertex
                if (ay == y && by == y) {
                    if (std::min(ax, bx) <= x && x <= std::max(ax, bx))
                        return true; // on a horizontal edge
                    continue;
                }
                if ((ay > y && by <= y) || (by > y && ay <= y)) {
                    int sign = orientation(ax, ay, bx, by, x, y);
                    if (sign == 0)
                        return true;
                    if (by < ay)
                        sign = -sign;
                    if (sign > 0)
                        ++crossings;
                }
            }
        }
        return crossings % 2 == 1;
    }

    /// Whether polygon p covers (x, y), knowing its membership at the reference point (rx, ry)
    /// and that every edge of p meeting the segment between the two is among `edges`.
    bool covers_from_reference(const std::uint32_t* edges,
                               std::uint32_t count,
                               bool reference_in,
                               double x,
                               double y,
                               double rx,
                               double ry) const {
        bool inside = reference_in;
        for (std::uint32_t k = 0; k < count; ++k) {
            const std::uint32_t v = edges[k];
            const double ax = vertices[v].x, ay = vertices[v].y, bx = vertices[v + 1].x,
                         by = vertices[v + 1].y;
            const int point_side = orientation(ax, ay, bx, by, x, y);
            if (point_side == 0) {
                if (std::min(ax, bx) <= x && x <= std::max(ax, bx) && std::min(ay, by) <= y &&
                    y <= std::max(ay, by))
                    return true; // on the boundary
                continue; // the segment meets this edge's line only at the point, off the edge
            }
            const int reference_side = orientation(ax, ay, bx, by, rx, ry);
            if (point_side == reference_side)
                continue;
            // Vertices on the segment's line count as on its right: the segment moved by an
            // infinitesimal step, the same move for every edge, so crossings stay consistent.
            const bool a_left = orientation(x, y, rx, ry, ax, ay) > 0;
            const bool b_left = orientation(x, y, rx, ry, bx, by) > 0;
            if (a_left != b_left)
                inside = !inside;
        }
        return inside;
    }

    /// The cell holding (x, y), or no_polygon outside the grid (NaN fails every comparison).
    std::uint32_t cell_of(double x, double y) const {
        if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1))
            return no_polygon;
        return static_cast<std::uint32_t>(cell_y(y) * nx + cell_x(x));
    }

    std::uint32_t locate_polygon(double x, double y) const {
        const std::uint32_t cell = cell_of(x, y);
        return cell == no_polygon ? no_polygon : locate_in_cell(cell, x, y);
    }

    std::uint32_t locate_in_cell(std::uint32_t cell, double x, double y) const {
        const std::int64_t ix = cell % nx, iy = cell / nx;
        const double rx = reference_x(ix), ry = reference_y(iy);
        for (std::uint32_t e = cell_entry_start[cell]; e < cell_entry_start[cell + 1]; ++e) {
            const Entry& entry = entries[e];
            const std::uint32_t count = entry.count_flags & edge_count_mask;
            bool inside;
            if (count == 0)
                inside = true; // only polygons that cover the whole cell have no edges in it
            else if (entry.count_flags & reference_unusable)
                inside = covers(polygons[entry.polygon], x, y);
            else
                inside = covers_from_reference(&cell_edges[entry.edge_begin],
                                               count,
                                               (entry.count_flags & reference_inside) != 0,
                                               x,
                                               y,
                                               rx,
                                               ry);
            if (inside)
                return entry.polygon; // entries are in item order: the first hit is the smallest
        }
        return no_polygon;
    }

    void build() {
        // Polygons in item order (ties by insertion), so that each cell's entries are too.
        std::stable_sort(polygons.begin(), polygons.end(), [](const Polygon& a, const Polygon& b) {
            return a.item < b.item;
        });
        if (polygons.empty())
            return;
        x0 = y0 = INFINITY;
        x1 = y1 = -INFINITY;
        std::size_t edge_count = 0;
        for (const Polygon& p : polygons) {
            x0 = std::min(x0, p.xmin), y0 = std::min(y0, p.ymin);
            x1 = std::max(x1, p.xmax), y1 = std::max(y1, p.ymax);
            edge_count +=
                ring_start[p.end_ring] - ring_start[p.first_ring] - (p.end_ring - p.first_ring);
        }
        size_grid(edge_count);
        bucket_edges();
        make_entries();
    }

    void size_grid(std::size_t edge_count) {
        const double width = x1 - x0, height = y1 - y0;
        const double target_cells =
            std::max(1.0, options.cells_per_edge * static_cast<double>(edge_count));
        double size = std::sqrt(std::max(width * height, 0.0) / target_cells);
        if (!(size > 0))
            size = std::max(width, height) / target_cells;
        // Cells far below the coordinates' precision would put reference points outside their
        // cells; 1e-9 of the magnitude is still far below any real village.
        const double magnitude =
            std::max({std::fabs(x0), std::fabs(x1), std::fabs(y0), std::fabs(y1), 1.0});
        size = std::max(size, magnitude * 1e-9);
        // Cap the cell count (4 bytes each in two arrays) at 2^28.
        while (std::ceil(width / size) * std::ceil(height / size) > double(1 << 28))
            size *= 1.25;
        cell_size = size;
        inv_cell_size = 1.0 / size;
        nx = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(width * inv_cell_size)));
        ny =
            std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(height * inv_cell_size)));
        for (std::int64_t i = 0; i < std::max(nx, ny); ++i)
            if ((i < nx && cell_x(reference_x(i)) != i) || (i < ny && cell_y(reference_y(i)) != i))
                throw InternalError("PointLocator: a reference point fell outside its cell");
    }

    template <typename F> void for_each_edge_cell(std::uint32_t v, F&& f) const {
        const std::int64_t ix0 = cell_x(std::min(vertices[v].x, vertices[v + 1].x)),
                           ix1 = cell_x(std::max(vertices[v].x, vertices[v + 1].x));
        const std::int64_t iy0 = cell_y(std::min(vertices[v].y, vertices[v + 1].y)),
                           iy1 = cell_y(std::max(vertices[v].y, vertices[v + 1].y));
        for (std::int64_t iy = iy0; iy <= iy1; ++iy)
            for (std::int64_t ix = ix0; ix <= ix1; ++ix)
                f(static_cast<std::size_t>(iy * nx + ix));
    }

    /// Counting sort of (cell, edge) pairs: two passes, no pair list in memory.
    void bucket_edges() {
        const std::size_t cells = static_cast<std::size_t>(nx * ny);
        std::vector<std::uint32_t> counts(cells + 1, 0);
        for (const Polygon& p : polygons)
            for_each_edge(p, [&](std::uint32_t v) {
                for_each_edge_cell(v, [&](std::size_t c) { ++counts[c + 1]; });
            });
        std::uint64_t total = 0;
        for (std::size_t c = 1; c <= cells; ++c) {
            total += counts[c];
            if (total >= no_polygon)
                throw InputError(
                    "the polygons have too many edges for one grid (over 4 billion cell edges)");
            counts[c] = static_cast<std::uint32_t>(total);
        }
        cell_edge_start = counts; // counts now holds each cell's start; it becomes the fill cursor
        cell_edges.resize(total);
        for (const Polygon& p : polygons)
            for_each_edge(p, [&](std::uint32_t v) {
                for_each_edge_cell(v, [&](std::size_t c) { cell_edges[counts[c]++] = v; });
            });
    }

    /// For each polygon, row by row over its bounding box: the reference point's membership by a
    /// ray to the right against the edges that cross the row's reference line.
    struct Placed {
        std::uint32_t cell;
        Entry entry;
    };

    /// The entries of polygons [first, last), in polygon order.
    void
    place_polygons(std::uint32_t first, std::uint32_t last, std::vector<Placed>& placed) const {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> row_edges; // (row - first row, edge)
        for (std::uint32_t pi = first; pi < last; ++pi) {
            const Polygon& p = polygons[pi];
            const std::uint32_t vertex_begin = ring_start[p.first_ring],
                                vertex_end = ring_start[p.end_ring];
            const std::int64_t ix0 = cell_x(p.xmin), ix1 = cell_x(p.xmax);
            const std::int64_t iy0 = cell_y(p.ymin), iy1 = cell_y(p.ymax);
            // The edges that cross each row's reference line, for a ray-crossing count.
            row_edges.clear();
            for_each_edge(p, [&](std::uint32_t v) {
                const std::int64_t row_end = cell_y(std::max(vertices[v].y, vertices[v + 1].y));
                for (std::int64_t iy = cell_y(std::min(vertices[v].y, vertices[v + 1].y));
                     iy <= row_end;
                     ++iy) {
                    const double ry = reference_y(iy);
                    if ((vertices[v].y > ry) != (vertices[v + 1].y > ry))
                        row_edges.emplace_back(static_cast<std::uint32_t>(iy - iy0), v);
                }
            });
            std::sort(row_edges.begin(), row_edges.end());
            std::size_t next = 0;
            for (std::int64_t iy = iy0; iy <= iy1; ++iy) {
                const std::size_t row_begin = next;
                while (next < row_edges.size() && row_edges[next].first == iy - iy0)
                    ++next;
                const double ry = reference_y(iy);
                for (std::int64_t ix = ix0; ix <= ix1; ++ix) {
                    const std::size_t cell = static_cast<std::size_t>(iy * nx + ix);
                    const double rx = reference_x(ix);
                    bool is_unusable = false;
                    unsigned crossings = 0;
                    for (std::size_t k = row_begin; k < next; ++k) {
                        const std::uint32_t v = row_edges[k].second;
                        int sign = orientation(vertices[v].x,
                                               vertices[v].y,
                                               vertices[v + 1].x,
                                               vertices[v + 1].y,
                                               rx,
                                               ry);
                        if (sign == 0) {
                            is_unusable = true; // the reference point is on this edge
                            break;
                        }
                        if (vertices[v + 1].y < vertices[v].y)
                            sign = -sign;
                        if (sign > 0)
                            ++crossings;
                    }
                    // This polygon's edges in the cell: one run, as bucket_edges filled them.
                    std::uint32_t edge_begin = cell_edge_start[cell];
                    const std::uint32_t cell_end = cell_edge_start[cell + 1];
                    while (edge_begin < cell_end && (cell_edges[edge_begin] < vertex_begin ||
                                                     cell_edges[edge_begin] >= vertex_end))
                        ++edge_begin;
                    std::uint32_t edge_end = edge_begin;
                    while (edge_end < cell_end && cell_edges[edge_end] >= vertex_begin &&
                           cell_edges[edge_end] < vertex_end)
                        ++edge_end;
                    const std::uint32_t count = edge_end - edge_begin;
                    if (count > edge_count_mask)
                        throw InputError("a polygon has over a billion edges in one grid cell");
                    for (std::uint32_t k = edge_begin; k < edge_end && !is_unusable; ++k) {
                        const std::uint32_t v = cell_edges[k];
                        is_unusable = orientation(vertices[v].x,
                                                  vertices[v].y,
                                                  vertices[v + 1].x,
                                                  vertices[v + 1].y,
                                                  rx,
                                                  ry) == 0;
                    }
                    const bool is_inside = crossings % 2 == 1;
                    if (count == 0 && !is_inside)
                        continue;
                    std::uint32_t flags = count;
                    if (is_inside)
                        flags |= reference_inside;
                    if (is_unusable)
                        flags |= reference_unusable;
                    placed.push_back({static_cast<std::uint32_t>(cell), {pi, edge_begin, flags}});
                }
            }
        }
    }

    /// For each polygon, row by row over its bounding box: the reference point's membership by a
    /// ray to the right against the edges that cross the row's reference line. Polygons are
    /// split over the threads; the parts are merged in polygon order.
    void make_entries() {
        const std::size_t cells = static_cast<std::size_t>(nx * ny);
        const unsigned threads = thread_count(options.threads);
        std::vector<std::vector<Placed>> parts(threads);
        parallel_ranges(
            polygons.size(), threads, [&](unsigned t, std::size_t begin, std::size_t end) {
                place_polygons(
                    static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), parts[t]);
            });
        // Counting sort by cell keeps each cell's entries in polygon (item) order.
        cell_entry_start.assign(cells + 1, 0);
        for (const auto& part : parts)
            for (const Placed& p : part)
                ++cell_entry_start[p.cell + 1];
        for (std::size_t c = 1; c <= cells; ++c)
            cell_entry_start[c] += cell_entry_start[c - 1];
        std::vector<std::uint32_t> cursor(cell_entry_start.begin(), cell_entry_start.end() - 1);
        entries.resize(cell_entry_start[cells]);
        for (auto& part : parts) {
            for (const Placed& p : part)
                entries[cursor[p.cell]++] = p.entry;
            part = {};
        }
    }
};

PointLocator::PointLocator() : PointLocator(Options{}) {}
PointLocator::PointLocator(Options options) : m_impl(std::make_unique<Impl>()) {
    m_impl->options = options;
    m_impl->ring_start.push_back(0);
}
PointLocator::~PointLocator() = default;
PointLocator::PointLocator(PointLocator&&) noexcept = default;
PointLocator& PointLocator::operator=(PointLocator&&) noexcept = default;

void PointLocator::add(const GEOSGeometry* polygonal, std::int64_t item) {
    Impl& impl = *m_impl;
    if (impl.is_built)
        throw InternalError("PointLocator::add after build()");
    if (!polygonal)
        throw InternalError("PointLocator::add: null geometry");
    if (item == no_item)
        throw InternalError("PointLocator::add: the item is the no_item sentinel");
    GEOSContextHandle_t ctx = GeosContext::this_thread().get();
    const int type = GEOSGeomTypeId_r(ctx, polygonal);
    if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON && type != GEOS_GEOMETRYCOLLECTION)
        throw InputError("a point or line geometry where a polygon was expected");
    const auto first_ring = static_cast<std::uint32_t>(impl.ring_start.size() - 1);
    const std::size_t first_vertex = impl.vertices.size();
    impl.add_polygon_rings(ctx, polygonal);
    const auto end_ring = static_cast<std::uint32_t>(impl.ring_start.size() - 1);
    if (end_ring == first_ring)
        return; // empty: covers nothing
    Impl::Polygon p{first_ring, end_ring, item, INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (std::size_t v = first_vertex; v < impl.vertices.size(); ++v) {
        p.xmin = std::min(p.xmin, impl.vertices[v].x),
        p.xmax = std::max(p.xmax, impl.vertices[v].x);
        p.ymin = std::min(p.ymin, impl.vertices[v].y),
        p.ymax = std::max(p.ymax, impl.vertices[v].y);
    }
    if (!std::isfinite(p.xmin) || !std::isfinite(p.ymin) || !std::isfinite(p.xmax) ||
        !std::isfinite(p.ymax))
        throw InputError("a polygon has a non-finite coordinate");
    impl.polygons.push_back(p);
}

void PointLocator::add_wkb(const unsigned char* wkb, std::size_t size, std::int64_t item) {
    const GeomPtr g = from_wkb(wkb, size);
    add(g.get(), item);
}

void PointLocator::build() {
    if (m_impl->is_built)
        return;
    m_impl->build();
    m_impl->is_built = true;
}

bool PointLocator::is_built() const {
    return m_impl->is_built;
}

std::optional<std::int64_t> PointLocator::locate(double x, double y) const {
    const Impl& impl = *m_impl;
    if (!impl.is_built)
        throw InternalError("PointLocator::locate before build()");
    if (impl.polygons.empty())
        return std::nullopt;
    const std::uint32_t p = impl.locate_polygon(x, y);
    if (p == no_polygon)
        return std::nullopt;
    return impl.polygons[p].item;
}

std::vector<std::int64_t> PointLocator::locate_all(const std::vector<double>& xs,
                                                   const std::vector<double>& ys) const {
    const Impl& impl = *m_impl;
    if (!impl.is_built)
        throw InternalError("PointLocator::locate_all before build()");
    if (xs.size() != ys.size())
        throw InternalError("PointLocator::locate_all: xs and ys differ in length");
    const std::size_t n = xs.size();
    std::vector<std::int64_t> items(n, no_item);
    if (impl.polygons.empty() || n == 0)
        return items;
    if (n >= no_polygon)
        throw InputError("more than 4 billion points in one call");
    // Below a few thousand points a thread costs more than it saves.
    const unsigned threads = static_cast<unsigned>(
        std::clamp<std::size_t>(n / 4096, 1, thread_count(impl.options.threads)));

    // Visit the points cell by cell (a counting sort), so that consecutive queries read the
    // same cell, entries and edges: in input order, millions of points over a grid of hundreds
    // of megabytes miss the cache on almost every query.
    std::vector<std::uint32_t> cell_of_point(n);
    parallel_ranges(n, threads, [&](unsigned, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i)
            cell_of_point[i] = impl.cell_of(xs[i], ys[i]);
    });
    const std::size_t cells = impl.cell_entry_start.size() - 1;
    std::vector<std::uint32_t> start(cells + 1, 0);
    for (const std::uint32_t c : cell_of_point)
        if (c != no_polygon)
            ++start[c + 1];
    for (std::size_t c = 1; c <= cells; ++c)
        start[c] += start[c - 1];
    std::vector<std::uint32_t> order(start[cells]);
    for (std::size_t i = 0; i < n; ++i)
        if (cell_of_point[i] != no_polygon)
            order[start[cell_of_point[i]]++] = static_cast<std::uint32_t>(i);
    start.clear();
    start.shrink_to_fit();

    parallel_ranges(order.size(), threads, [&](unsigned, std::size_t begin, std::size_t end) {
        // The points themselves are now read out of order: fetch them a few queries ahead,
        // or every query waits for memory.
        constexpr std::size_t prefetch_distance = 16;
        for (std::size_t k = begin; k < end; ++k) {
            if (k + prefetch_distance < end) {
                const std::uint32_t ahead = order[k + prefetch_distance];
                __builtin_prefetch(&xs[ahead]);
                __builtin_prefetch(&ys[ahead]);
                __builtin_prefetch(&cell_of_point[ahead]);
                __builtin_prefetch(&items[ahead], 1);
            }
            const std::uint32_t i = order[k];
            const std::uint32_t p = impl.locate_in_cell(cell_of_point[i], xs[i], ys[i]);
            if (p != no_polygon)
                items[i] = impl.polygons[p].item;
        }
    });
    return items;
}

std::size_t PointLocator::polygon_count() const {
    return m_impl->polygons.size();
}

PointLocator::Stats PointLocator::stats() const {
    const Impl& impl = *m_impl;
    Stats s;
    s.vertices = impl.vertices.size();
    s.cells = static_cast<std::size_t>(impl.nx * impl.ny);
    s.cell_edges = impl.cell_edges.size();
    s.entries = impl.entries.size();
    s.bytes =
        impl.vertices.size() * sizeof(Impl::Vertex) + impl.ring_start.size() * 4 +
        impl.polygons.size() * sizeof(Impl::Polygon) +
        (impl.cell_edge_start.size() + impl.cell_edges.size() + impl.cell_entry_start.size()) * 4 +
        impl.entries.size() * sizeof(Impl::Entry);
    return s;
}

} // namespace jw::geo
