// Hexagonal cells: the edge-cutting areas against GEOS intersections of the same hexagons, and
// the lattice's point location against GEOS point-in-polygon on the hexagons' outlines.

#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/geo/geos.hpp>
#include <jingwei/grid/cover.hpp>
#include <map>
#include <random>
#include <sstream>

using namespace jw::grid;
namespace geo = jw::geo;

namespace {
std::string ring_wkt(const std::vector<Point>& ring) {
    std::ostringstream s;
    s.precision(17);
    s << "(";
    for (const auto& p : ring)
        s << p.x << ' ' << p.y << ", ";
    s << ring.front().x << ' ' << ring.front().y << ")";
    return s.str();
}
std::string polygon_wkt(const std::vector<std::vector<Point>>& rings) {
    std::string out = "POLYGON(";
    for (std::size_t r = 0; r < rings.size(); ++r)
        out += (r ? ", " : "") + ring_wkt(rings[r]);
    return out + ")";
}
double geos_overlap(const GEOSGeometry* a, const GEOSGeometry* b) {
    auto& ctx = geo::GeosContext::this_thread();
    auto both = geo::take(GEOSIntersection_r(ctx.get(), a, b), "intersection");
    return geo::area(both.get());
}
// A 72-vertex wiggly ring around (cx, cy), radius 6-10 km, counter-clockwise.
Ring wiggly(double cx, double cy, double scale) {
    Ring ring;
    for (int k = 0; k < 72; ++k) {
        const double a = 2 * M_PI * k / 72;
        const double r = scale * (8000 + 1800 * std::sin(5 * a) + 600 * std::cos(17 * a));
        ring.push_back({cx + r * std::cos(a), cy + r * std::sin(a)});
    }
    return ring;
}
} // namespace

TEST_CASE("Hexagon areas equal GEOS intersections of the polygon with each hexagon", "[grid]") {
    // Far from the origin, as in a Gauss-Kruger zone; a hole, clockwise shell to test orientation.
    const double cx = 38512345.6, cy = 2543210.9;
    Ring shell = wiggly(cx, cy, 1.0);
    std::reverse(shell.begin(), shell.end());
    Ring hole = {{cx - 1500, cy - 1200}, {cx + 1700, cy - 900}, {cx + 300, cy + 2100}};
    const MultiPolygon poly = {{{shell, hole}}};
    for (double cell : {1000.0, 730.0}) {
        const auto g =
            grid_covering(cx - 11000, cy - 11000, cx + 11000, cy + 11000, cell, CellShape::hex);
        std::map<std::int64_t, double> ours;
        for (const auto& c : cell_areas(poly, g))
            ours[c.cell] = c.area_m2;
        auto geos_poly = geo::from_wkt(polygon_wkt({shell, hole}));
        int compared = 0, partial = 0;
        double sum = 0;
        for (std::int64_t row = 0; row < g.rows; ++row)
            for (std::int64_t col = 0; col < g.cols; ++col) {
                const auto hex = geo::from_wkt(polygon_wkt({g.outline(col, row)}));
                const double expected = geos_overlap(geos_poly.get(), hex.get());
                const auto it = ours.find(g.id(col, row));
                const double got = it == ours.end() ? 0.0 : it->second;
                INFO("cell " << cell << " hex " << col << "," << row);
                CHECK(got == Approx(expected).margin(1e-3)); // 1e-9 of a cell
                ++compared;
                partial += expected > 1 && expected < cell * cell - 1;
                sum += got;
            }
        CHECK(partial > 50); // the outline and the hole cut many hexagons
        CHECK(compared == g.cols * g.rows);
        CHECK(std::fabs(sum - area(poly)) / area(poly) < 1e-9);
    }
}

TEST_CASE("Hexagons have the cell's area, tile the plane and locate points like GEOS", "[grid]") {
    const auto g = grid_covering(500000, 3000000, 520000, 3015000, 1000, CellShape::hex);
    REQUIRE(g.cols > 0);
    REQUIRE(g.rows > 0);
    // Area of a hexagon of edge r: 3√3/2 r² = the square's 1e6 m².
    CHECK(std::fabs(signed_area(g.outline(3, 4))) == Approx(1e6).epsilon(1e-12));
    CHECK(g.outline(3, 4).size() == 6);
    // Every corner of the covered box lies in a hexagon of the grid.
    for (double x : {500000.0, 520000.0})
        for (double y : {3000000.0, 3015000.0})
            CHECK(g.cell_at(x, y) >= 0);
    // Centres come back to their own hexagon.
    for (std::int64_t row = 0; row < g.rows; ++row)
        for (std::int64_t col = 0; col < g.cols; ++col) {
            const auto c = g.centre(col, row);
            CHECK(g.cell_at(c.x, c.y) == g.id(col, row));
        }
    // Random points: the hexagon cell_at names contains the point (GEOS covers), and no other
    // neighbouring hexagon's interior does.
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> ux(500000, 520000), uy(3000000, 3015000);
    for (int k = 0; k < 400; ++k) {
        const double x = ux(rng), y = uy(rng);
        const auto id = g.cell_at(x, y);
        REQUIRE(id >= 0);
        const std::int64_t col = id % g.cols, row = id / g.cols;
        geo::PreparedArea own(geo::from_wkt(polygon_wkt({g.outline(col, row)})));
        INFO("point " << x << "," << y << " in hex " << col << "," << row);
        CHECK(own.contains(x, y));
        int containing = 0;
        for (std::int64_t r = std::max<std::int64_t>(0, row - 1); r <= std::min(g.rows - 1, row + 1); ++r)
            for (std::int64_t c = std::max<std::int64_t>(0, col - 1); c <= std::min(g.cols - 1, col + 1); ++c)
                containing += geo::PreparedArea(geo::from_wkt(polygon_wkt({g.outline(c, r)})))
                                  .contains(x, y);
        CHECK(containing == 1); // random points are never on an edge
    }
}

TEST_CASE("Hexagon grids of different extents line up", "[grid]") {
    const auto a = grid_covering(500000, 3000000, 520000, 3015000, 1000, CellShape::hex);
    const auto b = grid_covering(507321, 3004567, 513500, 3010000, 1000, CellShape::hex);
    // b's hexagons are hexagons of a: each of b's centres is the centre of a's hexagon there.
    for (std::int64_t row = 0; row < b.rows; ++row)
        for (std::int64_t col = 0; col < b.cols; ++col) {
            const auto c = b.centre(col, row);
            const auto id = a.cell_at(c.x, c.y);
            REQUIRE(id >= 0);
            const auto ca = a.centre(id % a.cols, id / a.cols);
            CHECK(ca.x == Approx(c.x).margin(1e-6));
            CHECK(ca.y == Approx(c.y).margin(1e-6));
        }
    // Cell areas over the same polygon agree between the two grids.
    const MultiPolygon poly = {{{wiggly(510000, 3007000, 0.2)}}};
    std::map<std::pair<long, long>, double> by_centre;
    for (const auto& c : cell_areas(poly, a)) {
        const auto p = a.centre(c.cell % a.cols, c.cell / a.cols);
        by_centre[{std::lround(p.x), std::lround(p.y)}] = c.area_m2;
    }
    const auto in_b = cell_areas(poly, b);
    REQUIRE(in_b.size() == by_centre.size());
    for (const auto& c : in_b) {
        const auto p = b.centre(c.cell % b.cols, c.cell / b.cols);
        CHECK(by_centre.at({std::lround(p.x), std::lround(p.y)}) == Approx(c.area_m2).margin(1e-6));
    }
}

TEST_CASE("Cell shapes are named square or hex", "[grid]") {
    CHECK(parse_shape("hex") == CellShape::hex);
    CHECK(std::string(shape_name(parse_shape("square"))) == "square");
    CHECK_THROWS(parse_shape("triangle"));
}
