// Exact cell areas by edge cutting (see cover.hpp). Work is done in cell units relative to the
// polygon's own bounding box of cells, so coordinates stay small and rounding stays near 1e-12
// of a cell.

#include <algorithm>
#include <cmath>
#include <exception>
#include <jingwei/grid/cover.hpp>
#include <jingwei/parallel.hpp>
#include <thread>

namespace jw::grid {
namespace {

struct Window {
    std::int64_t col0 = 0, row0 = 0, cols = 0, rows = 0;
};

// Accumulates one ring into the window's partial (trapezoid within the cell) and full (strip
// that every cell below receives) arrays, both in cell units.
void add_ring(const Ring& ring,
              double sign,
              const GridSpec& grid,
              const Window& w,
              std::vector<double>& partial,
              std::vector<double>& full,
              std::vector<double>& cuts) {
    const std::size_t n = ring.size();
    if (n < 3)
        return;
    const double inv = 1.0 / grid.cell_m;
    const double u0 = grid.origin_x / grid.cell_m + static_cast<double>(w.col0);
    const double v0 = grid.origin_y / grid.cell_m + static_cast<double>(w.row0);
    auto local = [&](const Point& p) { return Point{p.x * inv - u0, p.y * inv - v0}; };
    const double max_u = static_cast<double>(w.cols), max_v = static_cast<double>(w.rows);
    for (std::size_t k = 0; k < n; ++k) {
        const Point a = local(ring[k]);
        const Point b = local(ring[(k + 1) % n]);
        if (a.x == b.x) // vertical edges add no area under them
            continue;
        // Parameters where the edge crosses a grid line, plus its ends.
        cuts.clear();
        cuts.push_back(0.0);
        const double du = b.x - a.x, dv = b.y - a.y;
        for (double line = std::floor(std::min(a.x, b.x)) + 1; line < std::max(a.x, b.x); line += 1)
            cuts.push_back((line - a.x) / du);
        if (dv != 0)
            for (double line = std::floor(std::min(a.y, b.y)) + 1; line < std::max(a.y, b.y);
                 line += 1)
                cuts.push_back((line - a.y) / dv);
        cuts.push_back(1.0);
        std::sort(cuts.begin() + 1, cuts.end() - 1);
        for (std::size_t c = 1; c < cuts.size(); ++c) {
            const double t0 = cuts[c - 1], t1 = cuts[c];
            if (t1 <= t0)
                continue;
            const double pu = a.x + du * t0, pv = a.y + dv * t0;
            const double qu = a.x + du * t1, qv = a.y + dv * t1;
            const double mu = 0.5 * (pu + qu), mv = 0.5 * (pv + qv);
            // The window spans the polygon, so clamping only absorbs rounding at its border;
            // parts beyond the grid itself were clipped by the caller's window.
            const auto col = static_cast<std::int64_t>(std::clamp(std::floor(mu), 0.0, max_u - 1));
            const auto row = static_cast<std::int64_t>(std::clamp(std::floor(mv), 0.0, max_v - 1));
            const double width = -(qu - pu) * sign; // ∫ y dx is negative for a CCW ring
            const std::size_t at = static_cast<std::size_t>(col * w.rows + row);
            partial[at] += width * (0.5 * (pv + qv) - static_cast<double>(row));
            full[at] += width;
        }
    }
}

} // namespace

GridSpec grid_covering(double xmin, double ymin, double xmax, double ymax, double cell_m) {
    GridSpec g;
    g.cell_m = cell_m;
    g.origin_x = std::floor(xmin / cell_m) * cell_m;
    g.origin_y = std::floor(ymin / cell_m) * cell_m;
    g.cols = std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::ceil((xmax - g.origin_x) / cell_m)));
    g.rows = std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::ceil((ymax - g.origin_y) / cell_m)));
    return g;
}

double signed_area(const Ring& ring) {
    double twice = 0;
    const std::size_t n = ring.size();
    if (n < 3)
        return 0;
    const Point o = ring[0]; // relative coordinates keep the products small
    for (std::size_t k = 0; k < n; ++k) {
        const Point& p = ring[k];
        const Point& q = ring[(k + 1) % n];
        twice += (p.x - o.x) * (q.y - o.y) - (q.x - o.x) * (p.y - o.y);
    }
    return 0.5 * twice;
}

double area(const MultiPolygon& polygon) {
    double total = 0;
    for (const auto& part : polygon)
        for (std::size_t r = 0; r < part.rings.size(); ++r)
            total += (r == 0 ? 1 : -1) * std::fabs(signed_area(part.rings[r]));
    return total;
}

std::vector<CellArea>
cell_areas(const MultiPolygon& polygon, const GridSpec& grid, double min_area_m2) {
    double xmin = INFINITY, ymin = INFINITY, xmax = -INFINITY, ymax = -INFINITY;
    for (const auto& part : polygon)
        if (!part.rings.empty())
            for (const auto& p : part.rings[0]) {
                xmin = std::min(xmin, p.x), xmax = std::max(xmax, p.x);
                ymin = std::min(ymin, p.y), ymax = std::max(ymax, p.y);
            }
    if (!(xmin <= xmax))
        return {};
    const double s = grid.cell_m;
    // The grid must span the polygon (grid_covering does): pieces beyond it would be clamped
    // into the border cells.
    Window w;
    w.col0 = std::max<std::int64_t>(
        0, static_cast<std::int64_t>(std::floor((xmin - grid.origin_x) / s)));
    w.row0 = std::max<std::int64_t>(
        0, static_cast<std::int64_t>(std::floor((ymin - grid.origin_y) / s)));
    const auto col1 = std::min<std::int64_t>(
        grid.cols - 1, static_cast<std::int64_t>(std::floor((xmax - grid.origin_x) / s)));
    const auto row1 = std::min<std::int64_t>(
        grid.rows - 1, static_cast<std::int64_t>(std::floor((ymax - grid.origin_y) / s)));
    if (col1 < w.col0 || row1 < w.row0)
        return {};
    w.cols = col1 - w.col0 + 1;
    w.rows = row1 - w.row0 + 1;
    const std::size_t cells = static_cast<std::size_t>(w.cols * w.rows);
    std::vector<double> partial(cells, 0.0), full(cells, 0.0), cuts;
    for (const auto& part : polygon)
        for (std::size_t r = 0; r < part.rings.size(); ++r) {
            const double orientation = signed_area(part.rings[r]) >= 0 ? 1.0 : -1.0;
            add_ring(
                part.rings[r], (r == 0 ? 1.0 : -1.0) * orientation, grid, w, partial, full, cuts);
        }
    std::vector<CellArea> out;
    const double cell_area_m2 = s * s;
    // Sweep each column from the top: a cell gets its trapezoids plus the strips of all edges
    // above it in the column.
    std::vector<double> areas(cells, 0.0);
    for (std::int64_t c = 0; c < w.cols; ++c) {
        double strips = 0;
        for (std::int64_t r = w.rows - 1; r >= 0; --r) {
            const std::size_t at = static_cast<std::size_t>(c * w.rows + r);
            areas[at] = (partial[at] + strips) * cell_area_m2;
            strips += full[at];
        }
    }
    for (std::int64_t r = 0; r < w.rows; ++r)
        for (std::int64_t c = 0; c < w.cols; ++c) {
            const double a = areas[static_cast<std::size_t>(c * w.rows + r)];
            if (a >= min_area_m2)
                out.push_back({grid.id(w.col0 + c, w.row0 + r), std::min(a, cell_area_m2)});
        }
    return out;
}

std::vector<std::vector<CellArea>> cell_areas_all(const std::vector<MultiPolygon>& polygons,
                                                  const GridSpec& grid,
                                                  unsigned threads,
                                                  double min_area_m2) {
    std::vector<std::vector<CellArea>> out(polygons.size());
    threads = std::min<unsigned>(thread_count(threads),
                                 static_cast<unsigned>(std::max<std::size_t>(1, polygons.size())));
    // One range per thread, each taking every threads-th polygon: interleaving balances big
    // and small ones between threads.
    parallel_ranges(threads, threads, [&](unsigned t, std::size_t, std::size_t) {
        for (std::size_t i = t; i < polygons.size(); i += threads)
            out[i] = cell_areas(polygons[i], grid, min_area_m2);
    });
    return out;
}

} // namespace jw::grid
