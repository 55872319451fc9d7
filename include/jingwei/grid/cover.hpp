#pragma once
/// Exact polygon-cell intersection areas on a square or hexagonal grid, without a geometry
/// library: every polygon edge is cut at the grid lines and the signed trapezoid areas under the
/// pieces are summed per cell (a cell also receives the full-height strips of the edges above it
/// in its column). Hexagons are unions of rectangles and half-rectangles of a finer lattice; the
/// halves come from the same sums on two sheared copies of that lattice (docs/decisions/0020).
/// Exact up to floating-point rounding; cost grows with the edges and the cells of each
/// polygon's bounding box, not with the cells' geometry.

#include <cstdint>
#include <string>
#include <vector>

namespace jw::grid {

struct Point {
    double x = 0, y = 0; // metres in the workspace's projected CRS
};
/// A ring of vertices; closing the ring (last == first) is optional. Orientation is free:
/// the first ring of a polygon is its exterior, the others are holes.
using Ring = std::vector<Point>;
struct Polygon {
    std::vector<Ring> rings;
};
using MultiPolygon = std::vector<Polygon>;

enum class CellShape { square, hex };

/// A grid of cells (col, row) with id row · cols + col; row 0 is the southern one.
/// Square: cell (col, row) covers [origin_x + col·cell_m, +cell_m) × [origin_y + row·cell_m,
/// +cell_m). Hex: pointy-top hexagons of the same area as a cell_m square (edge = circumradius
/// r = cell_m·√(2 / 3√3) ≈ 0.6204·cell_m, width w = √3·r) in rows 1.5·r apart, odd rows shifted
/// east by w/2; hexagon (col, row) is centred at (origin_x + (col + 0.5 + (row odd ? 0.5 : 0))·w,
/// origin_y + r + 1.5·r·row).
struct GridSpec {
    double origin_x = 0, origin_y = 0, cell_m = 1000;
    std::int64_t cols = 0, rows = 0;
    CellShape shape = CellShape::square;
    std::int64_t id(std::int64_t col, std::int64_t row) const { return row * cols + col; }
    double hex_radius() const;
    Point centre(std::int64_t col, std::int64_t row) const;
    /// The cell's corners, counter-clockwise, not closed (4 or 6).
    std::vector<Point> outline(std::int64_t col, std::int64_t row) const;
    /// The cell containing (x, y) as its id, or -1 outside the grid. Points on a shared side go
    /// to one cell (the north or east one for squares).
    std::int64_t cell_at(double x, double y) const;
};

/// "square" or "hex"; throws jw::UsageError for anything else.
CellShape parse_shape(const std::string& name);
const char* shape_name(CellShape shape);

/// The grid of `cell_m` cells covering [xmin, xmax] × [ymin, ymax], its origin snapped to a
/// lattice fixed by cell_m alone so that grids of different extents line up.
GridSpec grid_covering(double xmin,
                       double ymin,
                       double xmax,
                       double ymax,
                       double cell_m,
                       CellShape shape = CellShape::square);

struct CellArea {
    std::int64_t cell = 0; // GridSpec::id
    double area_m2 = 0;
};

/// The area of `polygon` inside every cell it touches, in cell-id order; cells with less than
/// `min_area_m2` (rounding noise) are left out. The grid must span the polygon.
std::vector<CellArea>
cell_areas(const MultiPolygon& polygon, const GridSpec& grid, double min_area_m2 = 1e-6);

/// cell_areas for many polygons on `threads` threads (0 = hardware concurrency); result i
/// belongs to polygons[i], identical whatever the thread count.
std::vector<std::vector<CellArea>> cell_areas_all(const std::vector<MultiPolygon>& polygons,
                                                  const GridSpec& grid,
                                                  unsigned threads = 0,
                                                  double min_area_m2 = 1e-6);

/// Signed area of a ring (positive counter-clockwise), square metres.
double signed_area(const Ring& ring);
/// Area of a polygon with holes, whatever the rings' orientation.
double area(const MultiPolygon& polygon);

} // namespace jw::grid
