// GEOS RAII: WKB/WKT, validity repair, prepared areas and the STRtree polygon index.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <jingwei/error.hpp>
#include <jingwei/geo/geos.hpp>
#include <malloc.h>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

using namespace jw::geo;

namespace {

/// Uniform double in [lo, hi) from the raw 64-bit stream: std::uniform_real_distribution
/// differs between standard libraries (STYLE.md, "Deterministic by default").
double uniform(std::mt19937_64& rng, double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

std::string square_wkt(double x, double y, double side) {
    std::ostringstream out;
    out.precision(17);
    out << "(" << x << " " << y << ", " << x + side << " " << y << ", " << x + side << " "
        << y + side << ", " << x << " " << y + side << ", " << x << " " << y << ")";
    return out.str();
}

struct TestPolygon {
    std::string wkt;
    std::int64_t item;
};

/// Random overlapping squares, every third one a two-part multipolygon; ids shuffled so that
/// insertion order is not id order.
std::vector<TestPolygon> random_polygons(std::mt19937_64& rng, int count) {
    std::vector<std::int64_t> ids(static_cast<std::size_t>(count));
    std::iota(ids.begin(), ids.end(), 1000);
    for (std::size_t i = ids.size(); i > 1; --i)
        std::swap(ids[i - 1], ids[rng() % i]);
    std::vector<TestPolygon> out;
    for (int i = 0; i < count; ++i) {
        const double side = uniform(rng, 1, 15);
        const double x = uniform(rng, 0, 50 - side), y = uniform(rng, 0, 100 - side);
        std::string wkt;
        if (i % 3 == 0) { // parts in the left and right halves never overlap
            const double x2 = uniform(rng, 50, 100 - side), y2 = uniform(rng, 0, 100 - side);
            wkt =
                "MULTIPOLYGON((" + square_wkt(x, y, side) + "),(" + square_wkt(x2, y2, side) + "))";
        } else {
            wkt = "POLYGON(" + square_wkt(x, y, side) + ")";
        }
        out.push_back({wkt, ids[static_cast<std::size_t>(i)]});
    }
    return out;
}

std::optional<std::int64_t> brute_force(const std::vector<GeomPtr>& polygons,
                                        const std::vector<TestPolygon>& spec,
                                        double x,
                                        double y) {
    GEOSContextHandle_t ctx = GeosContext::this_thread().get();
    const GeomPtr point = make_point(x, y);
    std::optional<std::int64_t> best;
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        const char covers = GEOSCovers_r(ctx, polygons[i].get(), point.get());
        if (covers == 2)
            throw std::runtime_error("GEOSCovers_r failed");
        if (covers == 1 && (!best || spec[i].item < *best))
            best = spec[i].item;
    }
    return best;
}

/// Builds an index from the spec and checks `n` random points and every vertex against
/// brute force; returns the number of mismatches.
int mismatches_against_brute_force(std::uint64_t seed, int polygon_count, int n) {
    std::mt19937_64 rng(seed);
    const auto spec = random_polygons(rng, polygon_count);
    PolygonIndex index;
    std::vector<GeomPtr> plain;
    for (const auto& p : spec) {
        index.add(from_wkt(p.wkt), p.item);
        plain.push_back(from_wkt(p.wkt));
    }
    std::vector<std::pair<double, double>> points;
    for (int i = 0; i < n; ++i)
        points.emplace_back(uniform(rng, -5, 105), uniform(rng, -5, 105));
    // Corners lie on boundaries, often shared with other squares' edges.
    GEOSContextHandle_t ctx = GeosContext::this_thread().get();
    for (const auto& p : plain) {
        const GeomPtr corners = take(GEOSGeom_extractUniquePoints_r(ctx, p.get()), "corners");
        for (int i = 0; i < GEOSGetNumGeometries_r(ctx, corners.get()); ++i) {
            const GEOSGeometry* c = GEOSGetGeometryN_r(ctx, corners.get(), i);
            double x = 0, y = 0;
            GEOSGeomGetX_r(ctx, c, &x);
            GEOSGeomGetY_r(ctx, c, &y);
            points.emplace_back(x, y);
        }
    }
    int bad = 0;
    for (const auto& [x, y] : points)
        if (index.locate(x, y) != brute_force(plain, spec, x, y))
            ++bad;
    return bad;
}

} // namespace

TEST_CASE("WKT and ISO WKB round trip", "[geo]") {
    const GeomPtr polygon =
        from_wkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))");
    CHECK(to_wkt(polygon.get(), 0) ==
          "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))");
    CHECK(area(polygon.get()) == Approx(96));

    const std::vector<unsigned char> wkb = to_wkb(polygon.get());
    REQUIRE(wkb.size() > 5);
    CHECK(wkb[0] == 1); // little-endian
    CHECK(wkb[1] == 3); // ISO type code: Polygon, 2D
    const GeomPtr back = from_wkb(wkb.data(), wkb.size());
    CHECK(GEOSEquals_r(GeosContext::this_thread().get(), polygon.get(), back.get()) == 1);

    // 3D input comes out 2D.
    const GeomPtr point_z = from_wkt("POINT Z (117.2 39.1 5)");
    const std::vector<unsigned char> point_wkb = to_wkb(point_z.get());
    CHECK(point_wkb.size() == 21); // byte order + type + two doubles
    CHECK(point_wkb[1] == 1);
    CHECK(to_wkt(make_point(117.2, 39.1).get(), 1) == "POINT (117.2 39.1)");

    const GeomPtr copy = clone(polygon.get());
    CHECK(copy.get() != polygon.get());
    CHECK(area(copy.get()) == Approx(96));

    const Envelope e = envelope(polygon.get());
    CHECK(e.xmin == 0);
    CHECK(e.ymin == 0);
    CHECK(e.xmax == 10);
    CHECK(e.ymax == 10);
    CHECK(is_empty(from_wkt("POLYGON EMPTY").get()));
    CHECK_FALSE(is_empty(polygon.get()));
    CHECK_THROWS_AS(envelope(from_wkt("POLYGON EMPTY").get()), jw::InputError);
}

TEST_CASE("Unreadable WKT and WKB are input errors carrying GEOS's message", "[geo]") {
    CHECK_THROWS_AS(from_wkt("POLYGON((0 0, 1 1"), jw::InputError);
    CHECK_THROWS_WITH(from_wkt("NOT WKT"),
                      Catch::Contains("reading WKT") && Catch::Contains("ParseException"));
    const unsigned char junk[] = {1, 99, 0, 0, 0};
    CHECK_THROWS_AS(from_wkb(junk, sizeof junk), jw::InputError);
    CHECK_THROWS_AS(take(nullptr, "test"), jw::Error);
}

TEST_CASE("A self-intersecting bow-tie is repaired; a valid polygon is left alone", "[geo]") {
    const GeomPtr bow_tie = from_wkt("POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))");
    auto repair = make_valid_if_needed(bow_tie.get());
    REQUIRE(repair);
    CHECK(repair->reason.find("Self-intersection") != std::string::npos);
    GEOSContextHandle_t ctx = GeosContext::this_thread().get();
    CHECK(GEOSisValid_r(ctx, repair->geometry.get()) == 1);
    CHECK(GEOSGeomTypeId_r(ctx, repair->geometry.get()) == GEOS_MULTIPOLYGON);
    CHECK(area(repair->geometry.get()) == Approx(2.0)); // two unit triangles
    // The repaired bow-tie covers both lobes and the crossing point.
    PreparedArea lobes(std::move(repair->geometry));
    CHECK(lobes.contains(0.2, 1.0));
    CHECK(lobes.contains(1.8, 1.0));
    CHECK(lobes.contains(1.0, 1.0));
    CHECK_FALSE(lobes.contains(1.0, 0.2));

    CHECK_FALSE(make_valid_if_needed(from_wkt("POLYGON((0 0, 1 0, 1 1, 0 0))").get()));
}

TEST_CASE("PreparedArea counts the boundary as inside", "[geo]") {
    PreparedArea square(
        from_wkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))"));
    CHECK(square.contains(1, 1));
    CHECK(square.contains(0, 5));       // edge
    CHECK(square.contains(10, 10));     // vertex
    CHECK(square.contains(5, 4));       // hole boundary
    CHECK_FALSE(square.contains(5, 5)); // inside the hole
    CHECK_FALSE(square.contains(10.000001, 5));
    CHECK(square.geometry() != nullptr);

    PreparedArea two_parts(
        from_wkt("MULTIPOLYGON(((0 0, 1 0, 1 1, 0 1, 0 0)), ((5 5, 6 5, 6 6, 5 6, 5 5)))"));
    CHECK(two_parts.contains(0.5, 0.5));
    CHECK(two_parts.contains(6, 6));
    CHECK_FALSE(two_parts.contains(3, 3));
}

TEST_CASE("PolygonIndex returns the smallest covering item", "[geo]") {
    PolygonIndex index;
    index.add(from_wkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))"), 20);
    index.add(from_wkt("POLYGON((10 0, 20 0, 20 10, 10 10, 10 0))"), 10);
    index.add(
        from_wkt(
            "MULTIPOLYGON(((30 0, 31 0, 31 1, 30 1, 30 0)), ((40 0, 41 0, 41 1, 40 1, 40 0)))"),
        7);
    index.add(from_wkt("POLYGON((5 5, 15 5, 15 15, 5 15, 5 5))"), 30); // overlaps both
    index.add(from_wkt("POLYGON EMPTY"), 1);
    CHECK(index.size() == 5);

    CHECK(index.locate(1, 1) == 20);
    CHECK(index.locate(15, 1) == 10);
    CHECK(index.locate(10, 2) == 10); // shared edge: both cover it, 10 < 20
    CHECK(index.locate(7, 7) == 20);  // overlap: 20 < 30
    CHECK(index.locate(14, 14) == 30);
    CHECK(index.locate(15, 15) == 30); // corner
    CHECK(index.locate(30.5, 0.5) == 7);
    CHECK(index.locate(41, 1) == 7);    // second part's corner
    CHECK_FALSE(index.locate(35, 0.5)); // between the parts, inside their envelope
    CHECK_FALSE(index.locate(-1, -1));

    // Frozen by the first query.
    CHECK_THROWS_AS(index.add(from_wkt("POINT(0 0)"), 99), jw::InternalError);

    PolygonIndex none;
    CHECK_FALSE(none.locate(0, 0));
}

TEST_CASE("PolygonIndex agrees with brute force on random points", "[geo]") {
    CHECK(mismatches_against_brute_force(1, 200, 4000) == 0);
}

TEST_CASE("Each thread uses its own GEOS context", "[geo]") {
    GEOSContextHandle_t main_handle = GeosContext::this_thread().get();
    int bad[2] = {-1, -1};
    GEOSContextHandle_t handles[2] = {nullptr, nullptr};
    std::thread workers[2];
    for (int t = 0; t < 2; ++t)
        workers[t] = std::thread([t, &bad, &handles] {
            handles[t] = GeosContext::this_thread().get();
            bad[t] = mismatches_against_brute_force(static_cast<std::uint64_t>(t + 2), 100, 1500);
        });
    for (auto& w : workers)
        w.join();
    CHECK(bad[0] == 0);
    CHECK(bad[1] == 0);
    CHECK(handles[0] != main_handle);
    CHECK(handles[1] != main_handle);
    CHECK(handles[0] != handles[1]);
    // Errors in one thread's context do not leak into another's message.
    std::string other_message;
    std::thread([&other_message] {
        try {
            from_wkt("BROKEN");
        } catch (const jw::Error& e) {
            other_message = e.what();
        }
    }).join();
    CHECK(other_message.find("ParseException") != std::string::npos);
}

TEST_CASE("Geometries, prepared areas and indexes free their memory", "[geo]") {
    const auto churn = [] {
        for (int i = 0; i < 50; ++i) {
            PolygonIndex index;
            for (int j = 0; j < 20; ++j)
                index.add(from_wkt("POLYGON(" + square_wkt(j, j, 3) + ")"), j);
            (void)index.locate(5, 5);
            PreparedArea area(from_wkt("POLYGON(" + square_wkt(0, 0, 3) + ")"));
            (void)area.contains(1, 1);
            auto repair =
                make_valid_if_needed(from_wkt("POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))").get());
            (void)to_wkb(repair->geometry.get());
            (void)to_wkt(repair->geometry.get());
        }
    };
    churn(); // warm up allocator pools and the thread's context
    const std::size_t before = mallinfo2().uordblks;
    churn();
    churn();
    const std::size_t after = mallinfo2().uordblks;
    // A leak of one geometry per iteration would be several kilobytes per round.
    CHECK(after <= before + 4096);
}
