// The point locator agrees with brute-force GEOS covers, boundaries and holes included.
#include <catch2/catch.hpp>
#include <cstdint>
#include <jingwei/error.hpp>
#include <jingwei/geo/geos.hpp>
#include <jingwei/geo/locate.hpp>
#include <random>
#include <string>
#include <vector>

using namespace jw::geo;

namespace {

double uniform(std::mt19937_64& rng, double lo, double hi) {
    // Our own mapping: std::uniform_real_distribution differs between standard libraries.
    return lo + (hi - lo) * static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

struct Polygons {
    std::vector<GeomPtr> geometries;
    std::vector<std::int64_t> items;
    void add(const std::string& wkt, std::int64_t item) {
        geometries.push_back(from_wkt(wkt));
        items.push_back(item);
    }
};

std::optional<std::int64_t> brute_force(const Polygons& polygons, double x, double y) {
    GEOSContextHandle_t ctx = GeosContext::this_thread().get();
    const GeomPtr point = make_point(x, y);
    std::optional<std::int64_t> best;
    for (std::size_t i = 0; i < polygons.geometries.size(); ++i) {
        const char covers = GEOSCovers_r(ctx, polygons.geometries[i].get(), point.get());
        REQUIRE(covers != 2);
        if (covers == 1 && (!best || polygons.items[i] < *best))
            best = polygons.items[i];
    }
    return best;
}

/// Every vertex, every edge midpoint and points a third of the way along each edge.
void add_line_points(const GEOSGeometry* line, std::vector<double>& xs, std::vector<double>& ys) {
    GEOSContextHandle_t ctx = GeosContext::this_thread().get();
    const int type = GEOSGeomTypeId_r(ctx, line);
    if (type != GEOS_LINESTRING && type != GEOS_LINEARRING) {
        for (int i = 0; i < GEOSGetNumGeometries_r(ctx, line); ++i)
            add_line_points(GEOSGetGeometryN_r(ctx, line, i), xs, ys);
        return;
    }
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, line);
    unsigned int n = 0;
    GEOSCoordSeq_getSize_r(ctx, seq, &n);
    for (unsigned int i = 0; i + 1 < n; ++i) {
        double ax, ay, bx, by;
        GEOSCoordSeq_getXY_r(ctx, seq, i, &ax, &ay);
        GEOSCoordSeq_getXY_r(ctx, seq, i + 1, &bx, &by);
        for (double t : {0.0, 0.5, 1.0 / 3.0}) {
            xs.push_back(ax + t * (bx - ax));
            ys.push_back(ay + t * (by - ay));
        }
    }
}

void add_boundary_points(const GEOSGeometry* g, std::vector<double>& xs, std::vector<double>& ys) {
    const GeomPtr boundary = take(GEOSBoundary_r(GeosContext::this_thread().get(), g), "boundary");
    add_line_points(boundary.get(), xs, ys);
}

/// Checks locate() and locate_all() (1 and 2 threads) against brute force; returns mismatches.
int mismatches(const Polygons& polygons,
               const std::vector<double>& xs,
               const std::vector<double>& ys,
               double cells_per_edge = 1.0) {
    int bad = 0;
    for (unsigned threads : {1u, 2u}) {
        PointLocator locator(PointLocator::Options{cells_per_edge, threads});
        for (std::size_t i = 0; i < polygons.geometries.size(); ++i)
            locator.add(polygons.geometries[i].get(), polygons.items[i]);
        locator.build();
        const auto all = locator.locate_all(xs, ys);
        REQUIRE(all.size() == xs.size());
        for (std::size_t i = 0; i < xs.size(); ++i) {
            const auto expected = brute_force(polygons, xs[i], ys[i]);
            const auto got = locator.locate(xs[i], ys[i]);
            const std::int64_t got_all = all[i];
            if (got != expected || got_all != (expected ? *expected : PointLocator::no_item)) {
                ++bad;
                if (bad < 5)
                    WARN("point " << i << " (" << xs[i] << ", " << ys[i] << "): expected "
                                  << (expected ? std::to_string(*expected) : "none") << ", got "
                                  << (got ? std::to_string(*got) : "none"));
            }
        }
    }
    return bad;
}

/// A Voronoi tessellation of random seeds clipped to a square: shared edges and vertices.
Polygons voronoi_villages(std::uint64_t seed, int count, double size) {
    std::mt19937_64 rng(seed);
    std::string wkt = "MULTIPOINT(";
    for (int i = 0; i < count; ++i)
        wkt += (i ? "," : "") + std::to_string(uniform(rng, 0, size)) + " " +
               std::to_string(uniform(rng, 0, size));
    const GeomPtr seeds = from_wkt(wkt + ")");
    GEOSContextHandle_t ctx = GeosContext::this_thread().get();
    const GeomPtr cells = take(GEOSVoronoiDiagram_r(ctx, seeds.get(), nullptr, 0.0, 0), "voronoi");
    const GeomPtr frame =
        from_wkt("POLYGON((0 0," + std::to_string(size) + " 0," + std::to_string(size) + " " +
                 std::to_string(size) + ",0 " + std::to_string(size) + ",0 0))");
    Polygons out;
    for (int i = 0; i < GEOSGetNumGeometries_r(ctx, cells.get()); ++i) {
        GeomPtr clipped = take(
            GEOSIntersection_r(ctx, GEOSGetGeometryN_r(ctx, cells.get(), i), frame.get()), "clip");
        out.geometries.push_back(std::move(clipped));
        out.items.push_back(1000 - i); // items in reverse of insertion order
    }
    return out;
}

} // namespace

TEST_CASE("PointLocator agrees with GEOS covers on squares, holes, multipolygons and overlaps",
          "[geo]") {
    Polygons polygons;
    polygons.add("POLYGON((0 0,10 0,10 10,0 10,0 0))", 20);
    polygons.add("POLYGON((10 0,20 0,20 10,10 10,10 0))", 10); // shares the edge x = 10
    polygons.add("POLYGON((5 5,15 5,15 15,5 15,5 5))", 30);    // overlaps both
    polygons.add("POLYGON((30 0,40 0,40 10,30 10,30 0),(32 2,38 2,38 8,32 8,32 2))", 7); // a hole
    polygons.add("MULTIPOLYGON(((50 0,52 0,52 2,50 2,50 0)),((54 0,56 0,55 3,54 0)))", 3);
    polygons.add("POLYGON((34 4,36 4,35 6,34 4))", 40); // an island in the hole
    polygons.add("POLYGON((60 0,70 3,61 9,60 0))", 5);  // diagonal edges
    polygons.add("POLYGON EMPTY", 1);
    std::vector<double> xs{1, 15, 10, 7, 14, 15, 30.5, 35, 35, 53, 55, 55, -1, 100, 35, 62};
    std::vector<double> ys{1, 1, 2, 7, 14, 15, 0.5, 5, 3, 1, 1, 0, -1, 100, 4.5, 3};
    for (const auto& g : polygons.geometries)
        if (!is_empty(g.get()))
            add_boundary_points(g.get(), xs, ys);
    std::mt19937_64 rng(7);
    for (int i = 0; i < 3000; ++i) {
        xs.push_back(uniform(rng, -2, 72));
        ys.push_back(uniform(rng, -2, 17));
    }
    CHECK(mismatches(polygons, xs, ys) == 0);
    CHECK(mismatches(polygons, xs, ys, 50.0) == 0); // fine grid: many cells with one edge
    CHECK(mismatches(polygons, xs, ys, 0.01) == 0); // one cell: every point tested
}

TEST_CASE("PointLocator agrees with GEOS covers on a Voronoi tessellation", "[geo]") {
    const Polygons villages = voronoi_villages(3, 300, 1000.0);
    std::vector<double> xs, ys;
    for (const auto& g : villages.geometries)
        add_boundary_points(g.get(), xs, ys);
    std::mt19937_64 rng(11);
    for (int i = 0; i < 5000; ++i) {
        xs.push_back(uniform(rng, -10, 1010));
        ys.push_back(uniform(rng, -10, 1010));
    }
    // Points on round grid lines, where reference points and axis-parallel edges might meet.
    for (int i = 0; i <= 100; ++i) {
        xs.push_back(10.0 * i);
        ys.push_back(500.0);
    }
    CHECK(mismatches(villages, xs, ys) == 0);
    CHECK(mismatches(villages, xs, ys, 4.0) == 0);
}

TEST_CASE("PointLocator with no polygons, NaN points and misuse", "[geo]") {
    PointLocator empty;
    empty.build();
    CHECK_FALSE(empty.locate(0, 0));
    CHECK(empty.locate_all({1.0}, {2.0}) == std::vector<std::int64_t>{PointLocator::no_item});

    PointLocator locator;
    locator.add(from_wkt("POLYGON((0 0,1 0,1 1,0 1,0 0))").get(), 4);
    CHECK_THROWS_AS(locator.locate(0.5, 0.5), jw::InternalError);
    CHECK_THROWS_AS(locator.add(from_wkt("POINT(1 1)").get(), 5), jw::InputError);
    locator.build();
    CHECK(locator.locate(0.5, 0.5) == 4);
    CHECK_FALSE(locator.locate(std::nan(""), 0.5));
    CHECK_THROWS_AS(locator.add(from_wkt("POLYGON((0 0,1 0,1 1,0 0))").get(), 5),
                    jw::InternalError);
    const auto wkb = to_wkb(from_wkt("POLYGON((2 2,3 2,3 3,2 2))").get());
    PointLocator from_wkb_locator;
    from_wkb_locator.add_wkb(wkb.data(), wkb.size(), 9);
    from_wkb_locator.build();
    CHECK(from_wkb_locator.locate(3, 3) == 9);
    CHECK(from_wkb_locator.polygon_count() == 1);
}
