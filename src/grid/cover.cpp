// Exact cell areas by edge cutting (see cover.hpp). Work is done in lattice units relative to the
// polygon's own window of lattice cells, so coordinates stay small and rounding stays near 1e-12
// of a cell.

#include <algorithm>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/grid/cover.hpp>
#include <jingwei/parallel.hpp>

namespace jw::grid {
namespace {

// The affine map from metres to a unit lattice: u = (x − ox) / sx, v = (y − oy) / sy + shear·u.
// Shearing keeps areas, so a sheared lattice's unit cells are parallelograms of the same area.
struct Lattice {
    double ox = 0, oy = 0, sx = 1, sy = 1, shear = 0;
    Point to(const Point& p) const {
        const double u = (p.x - ox) / sx;
        return {u, (p.y - oy) / sy + shear * u};
    }
};

// Areas (in lattice cells) of one polygon in the unit cells of its window; cell (c, r) of the
// lattice is at index (c − col0)·rows + (r − row0).
struct Dense {
    std::int64_t col0 = 0, row0 = 0, cols = 0, rows = 0;
    std::vector<double> area;
    double get(std::int64_t c, std::int64_t r) const {
        c -= col0, r -= row0;
        if (c < 0 || r < 0 || c >= cols || r >= rows)
            return 0;
        return area[static_cast<std::size_t>(c * rows + r)];
    }
};

// Accumulates one ring (lattice units relative to the window) into the window's partial
// (trapezoid within the cell) and full (strip that every cell below receives) arrays.
void add_ring(const Ring& ring,
              double sign,
              const Dense& w,
              std::vector<double>& partial,
              std::vector<double>& full,
              std::vector<double>& cuts) {
    const std::size_t n = ring.size();
    if (n < 3)
        return;
    const double max_u = static_cast<double>(w.cols), max_v = static_cast<double>(w.rows);
    for (std::size_t k = 0; k < n; ++k) {
        const Point& a = ring[k];
        const Point& b = ring[(k + 1) % n];
        if (a.x == b.x) // vertical edges add no area under them
            continue;
        // Parameters where the edge crosses a lattice line, plus its ends.
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
            // parts beyond a bounded grid were clipped by the caller's window.
            const auto col = static_cast<std::int64_t>(std::clamp(std::floor(mu), 0.0, max_u - 1));
            const auto row = static_cast<std::int64_t>(std::clamp(std::floor(mv), 0.0, max_v - 1));
            const double width = -(qu - pu) * sign; // ∫ y dx is negative for a CCW ring
            const std::size_t at = static_cast<std::size_t>(col * w.rows + row);
            partial[at] += width * (0.5 * (pv + qv) - static_cast<double>(row));
            full[at] += width;
        }
    }
}

// The polygon's area in every unit cell of `lattice` it touches. With cols/rows > 0 the window is
// clipped to the lattice's cells [0, cols) × [0, rows) (the polygon must lie inside them).
Dense lattice_areas(const MultiPolygon& polygon,
                    const Lattice& lattice,
                    std::int64_t cols = 0,
                    std::int64_t rows = 0) {
    MultiPolygon local = polygon;
    double umin = INFINITY, vmin = INFINITY, umax = -INFINITY, vmax = -INFINITY;
    for (auto& part : local)
        for (std::size_t r = 0; r < part.rings.size(); ++r)
            for (auto& p : part.rings[r]) {
                p = lattice.to(p);
                if (r == 0) {
                    umin = std::min(umin, p.x), umax = std::max(umax, p.x);
                    vmin = std::min(vmin, p.y), vmax = std::max(vmax, p.y);
                }
            }
    Dense w;
    if (!(umin <= umax))
        return w;
    w.col0 = static_cast<std::int64_t>(std::floor(umin));
    w.row0 = static_cast<std::int64_t>(std::floor(vmin));
    auto col1 = static_cast<std::int64_t>(std::floor(umax));
    auto row1 = static_cast<std::int64_t>(std::floor(vmax));
    if (cols > 0) {
        w.col0 = std::max<std::int64_t>(0, w.col0), col1 = std::min(cols - 1, col1);
        w.row0 = std::max<std::int64_t>(0, w.row0), row1 = std::min(rows - 1, row1);
    }
    if (col1 < w.col0 || row1 < w.row0)
        return w;
    w.cols = col1 - w.col0 + 1;
    w.rows = row1 - w.row0 + 1;
    const std::size_t cells = static_cast<std::size_t>(w.cols * w.rows);
    std::vector<double> partial(cells, 0.0), full(cells, 0.0), cuts;
    const double c0 = static_cast<double>(w.col0), r0 = static_cast<double>(w.row0);
    for (auto& part : local)
        for (std::size_t r = 0; r < part.rings.size(); ++r) {
            for (auto& p : part.rings[r])
                p = {p.x - c0, p.y - r0};
            // Scaling and shearing keep a ring's orientation.
            const double orientation = signed_area(part.rings[r]) >= 0 ? 1.0 : -1.0;
            add_ring(part.rings[r], (r == 0 ? 1.0 : -1.0) * orientation, w, partial, full, cuts);
        }
    // Sweep each column from the top: a cell gets its trapezoids plus the strips of all edges
    // above it in the column.
    w.area.assign(cells, 0.0);
    for (std::int64_t c = 0; c < w.cols; ++c) {
        double strips = 0;
        for (std::int64_t r = w.rows - 1; r >= 0; --r) {
            const std::size_t at = static_cast<std::size_t>(c * w.rows + r);
            w.area[at] = partial[at] + strips;
            strips += full[at];
        }
    }
    return w;
}

std::vector<CellArea>
square_areas(const MultiPolygon& polygon, const GridSpec& grid, double min_area_m2) {
    const double s = grid.cell_m;
    const Dense d = lattice_areas(polygon, {grid.origin_x, grid.origin_y, s, s}, grid.cols, grid.rows);
    std::vector<CellArea> out;
    const double cell_area_m2 = s * s;
    for (std::int64_t r = 0; r < d.rows; ++r)
        for (std::int64_t c = 0; c < d.cols; ++c) {
            const double a = d.area[static_cast<std::size_t>(c * d.rows + r)] * cell_area_m2;
            if (a >= min_area_m2)
                out.push_back({grid.id(d.col0 + c, d.row0 + r), std::min(a, cell_area_m2)});
        }
    return out;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// Hexagons on the lattice of rectangles w/2 × r/2 (lattice units u = (x − origin_x)/(w/2),
// v = (y − origin_y)/(r/2)): hexagon row k spans v ∈ [3k, 3k + 4]; its middle band
// v ∈ [3k + 1, 3k + 3] is whole rectangles, and the bands v ∈ [3k, 3k + 1] are shared with row
// k − 1 along diagonals of their rectangles. Lattice row j = 3k is such a band.
struct HexLattice {
    double w = 0, r = 0;
    explicit HexLattice(const GridSpec& g) : w(std::sqrt(3.0) * g.hex_radius()), r(g.hex_radius()) {}
    // The column of row k's hexagon over lattice column i (even rows start at u = 0, odd at 1).
    static std::int64_t col(std::int64_t i, std::int64_t k) {
        return floor_div(k % 2 == 0 ? i : i - 1, 2);
    }
    // Whether the diagonal of band rectangle (i, band k) rises eastwards (from (i, 3k) to
    // (i + 1, 3k + 1)); otherwise it falls from (i, 3k + 1) to (i + 1, 3k).
    static bool rises(std::int64_t i, std::int64_t k) { return ((i + k) % 2 + 2) % 2 == 1; }
};

std::vector<CellArea>
hex_areas(const MultiPolygon& polygon, const GridSpec& grid, double min_area_m2) {
    const HexLattice h(grid);
    const double sx = h.w / 2, sy = h.r / 2;
    const Lattice base{grid.origin_x, grid.origin_y, sx, sy, 0.0};
    Lattice rising = base, falling = base;
    rising.shear = -1;  // v − u is constant along rising diagonals
    falling.shear = +1; // v + u along falling ones
    const Dense rect = lattice_areas(polygon, base);
    if (rect.area.empty())
        return {};
    const Dense up = lattice_areas(polygon, rising), down = lattice_areas(polygon, falling);
    // A rising parallelogram (u ∈ [i, i+1], v − u ∈ [j − i − 1, j − i]) is the part of rectangle
    // (i, j) below its rising diagonal plus the part of (i, j − 1) above it; a falling one
    // (v + u ∈ [i + j, i + j + 1]) likewise with the falling diagonal. Walking each column upwards
    // from below the polygon (where nothing lies above any diagonal) splits every rectangle.
    std::vector<CellArea> pieces;
    pieces.reserve(rect.area.size() + rect.area.size() / 3);
    const double sub_area = sx * sy;
    auto add = [&](std::int64_t i, std::int64_t k, double a) {
        const std::int64_t m = HexLattice::col(i, k);
        if (a == 0 || k < 0 || k >= grid.rows || m < 0 || m >= grid.cols)
            return; // only rounding noise can fall beyond the grid that spans the polygon
        pieces.push_back({grid.id(m, k), a * sub_area});
    };
    for (std::int64_t c = 0; c < rect.cols; ++c) {
        const std::int64_t i = rect.col0 + c;
        double above_rising = 0, above_falling = 0; // of the rectangle below
        for (std::int64_t rr = 0; rr < rect.rows; ++rr) {
            const std::int64_t j = rect.row0 + rr;
            const double a = rect.area[static_cast<std::size_t>(c * rect.rows + rr)];
            const double below_r = up.get(i, j - i - 1) - above_rising;
            const double below_f = down.get(i, i + j) - above_falling;
            above_rising = a - below_r;
            above_falling = a - below_f;
            const std::int64_t k = floor_div(j, 3);
            if (j - 3 * k != 0) {
                add(i, k, a); // middle band of row k
                continue;
            }
            const double above = HexLattice::rises(i, k) ? above_rising : above_falling;
            add(i, k, above);         // row k's southern tip
            add(i, k - 1, a - above); // row k − 1's northern tip
        }
    }
    std::sort(pieces.begin(), pieces.end(), [](const CellArea& a, const CellArea& b) {
        return a.cell < b.cell;
    });
    std::vector<CellArea> out;
    const double cell_area_m2 = grid.cell_m * grid.cell_m;
    for (std::size_t p = 0; p < pieces.size();) {
        double a = 0;
        std::size_t q = p;
        for (; q < pieces.size() && pieces[q].cell == pieces[p].cell; ++q)
            a += pieces[q].area_m2;
        if (a >= min_area_m2)
            out.push_back({pieces[p].cell, std::min(a, cell_area_m2)});
        p = q;
    }
    return out;
}

} // namespace

double GridSpec::hex_radius() const {
    return cell_m * std::sqrt(2.0 / (3.0 * std::sqrt(3.0)));
}

Point GridSpec::centre(std::int64_t col, std::int64_t row) const {
    const auto c = static_cast<double>(col), r = static_cast<double>(row);
    if (shape == CellShape::square)
        return {origin_x + (c + 0.5) * cell_m, origin_y + (r + 0.5) * cell_m};
    const double radius = hex_radius(), w = std::sqrt(3.0) * radius;
    return {origin_x + (c + 0.5 + (row % 2 != 0 ? 0.5 : 0.0)) * w, origin_y + radius + 1.5 * radius * r};
}

std::vector<Point> GridSpec::outline(std::int64_t col, std::int64_t row) const {
    const Point o = centre(col, row);
    if (shape == CellShape::square) {
        const double h = cell_m / 2;
        return {{o.x - h, o.y - h}, {o.x + h, o.y - h}, {o.x + h, o.y + h}, {o.x - h, o.y + h}};
    }
    const double r = hex_radius(), hw = std::sqrt(3.0) * r / 2;
    return {{o.x, o.y - r},
            {o.x + hw, o.y - r / 2},
            {o.x + hw, o.y + r / 2},
            {o.x, o.y + r},
            {o.x - hw, o.y + r / 2},
            {o.x - hw, o.y - r / 2}};
}

std::int64_t GridSpec::cell_at(double x, double y) const {
    std::int64_t col = 0, row = 0;
    if (shape == CellShape::square) {
        const double fc = std::floor((x - origin_x) / cell_m), fr = std::floor((y - origin_y) / cell_m);
        if (!(fc >= 0 && fr >= 0 && fc < static_cast<double>(cols) && fr < static_cast<double>(rows)))
            return -1;
        col = static_cast<std::int64_t>(fc), row = static_cast<std::int64_t>(fr);
    } else {
        const HexLattice h(*this);
        const double u = (x - origin_x) / (h.w / 2), v = (y - origin_y) / (h.r / 2);
        const double fu = std::floor(u), fv = std::floor(v);
        if (!(std::fabs(fu) < 4e15 && std::fabs(fv) < 4e15))
            return -1;
        const auto i = static_cast<std::int64_t>(fu), j = static_cast<std::int64_t>(fv);
        row = floor_div(j, 3);
        if (j == 3 * row) { // a band shared with the row below: which side of the diagonal
            const double du = u - fu, dv = v - fv;
            const bool above = HexLattice::rises(i, row) ? dv >= du : dv >= 1 - du;
            if (!above)
                --row;
        }
        col = HexLattice::col(i, row);
        if (col < 0 || row < 0 || col >= cols || row >= rows)
            return -1;
    }
    return id(col, row);
}

CellShape parse_shape(const std::string& name) {
    if (name == "square")
        return CellShape::square;
    if (name == "hex")
        return CellShape::hex;
    throw UsageError("--shape " + name + ": use square or hex");
}

const char* shape_name(CellShape shape) {
    return shape == CellShape::hex ? "hex" : "square";
}

GridSpec grid_covering(
    double xmin, double ymin, double xmax, double ymax, double cell_m, CellShape shape) {
    GridSpec g;
    g.cell_m = cell_m;
    g.shape = shape;
    if (shape == CellShape::square) {
        g.origin_x = std::floor(xmin / cell_m) * cell_m;
        g.origin_y = std::floor(ymin / cell_m) * cell_m;
        g.cols = std::max<std::int64_t>(
            1, static_cast<std::int64_t>(std::ceil((xmax - g.origin_x) / cell_m)));
        g.rows = std::max<std::int64_t>(
            1, static_cast<std::int64_t>(std::ceil((ymax - g.origin_y) / cell_m)));
        return g;
    }
    // Hexagons: origins on a lattice of w (columns) and 3r (pairs of rows, so row parity and
    // hence the odd-row shift agree between extents), placed so that the area starts at u ≥ 1 and
    // v ≥ 1, where every point is in a hexagon of row ≥ 0 and column ≥ 0; it ends at u ≤ 2·cols and
    // v ≤ 3·rows, inside the last column and row.
    const double r = g.hex_radius(), w = std::sqrt(3.0) * r;
    g.origin_x = std::floor(xmin / w) * w - w / 2;
    g.origin_y = std::floor(ymin / (3 * r)) * (3 * r) - r / 2;
    g.cols = std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::ceil((xmax - g.origin_x) / (w / 2) / 2)));
    g.rows = std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::ceil((ymax - g.origin_y) / (r / 2) / 3)));
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
    return grid.shape == CellShape::hex ? hex_areas(polygon, grid, min_area_m2)
                                        : square_areas(polygon, grid, min_area_m2);
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
