#include "synth/fixture.hpp"

#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/synth/townships.hpp>

using namespace jw::test::synth;
using jw::test::TempDir;

namespace {
double query_double(jw::store::Workspace& ws, const std::string& sql) {
    auto st = ws.db().prepare(sql);
    REQUIRE(st.step());
    REQUIRE_FALSE(st.is_null(0));
    return st.column_double(0);
}
double township_area(jw::store::Workspace& ws, const std::string& code) {
    return query_double(ws, "SELECT ST_Area(geom) FROM admin_units WHERE code = '" + code + "'");
}
} // namespace

TEST_CASE("two townships tile a square county with areas proportional to population", "[synth]") {
    TempDir tmp;
    auto ws = square_county((tmp / "ws.sqlite").string());
    const auto r = jw::synth::synthesize_townships(ws);
    REQUIRE(r.counties.size() == 1);
    CHECK(r.township_polygons == 2);
    const double a = township_area(ws, "441502001000");
    const double b = township_area(ws, "441502100000");
    const double county = 1e8;
    CHECK(a / county == Approx(0.75).epsilon(0.01));
    CHECK(b / county == Approx(0.25).epsilon(0.01));
    // Tiling: the union is the county, the overlap has no area.
    CHECK(query_double(
              ws, "SELECT ST_Area(ST_Union(geom)) FROM admin_units WHERE level = 'township'") ==
          Approx(county).epsilon(1e-9));
    CHECK(query_double(ws,
                       "SELECT ST_Area(ST_Intersection(a.geom, b.geom)) FROM admin_units a, "
                       "admin_units b WHERE a.code = '441502001000' AND b.code = '441502100000'") <
          1e-6);
    CHECK(
        query_double(ws,
                     "SELECT coalesce(ST_Area(ST_SymDifference(c.geom, (SELECT ST_Union(geom) FROM "
                     "admin_units WHERE level = 'township'))), 0) FROM admin_units c WHERE "
                     "c.code = '441502000000'") < 1e-3);
    // Every generated row is marked; the imported county is not.
    CHECK(
        ws.db().query_int("SELECT count(*) FROM admin_units WHERE level IN ('township', 'village') "
                          "AND derived = 1") == 7);
    CHECK(ws.db().query_int("SELECT derived FROM admin_units WHERE code = '441502000000'") == 0);
}

TEST_CASE("village seats lie inside their township and do not coincide", "[synth]") {
    TempDir tmp;
    auto ws = square_county((tmp / "ws.sqlite").string());
    const auto r = jw::synth::synthesize_townships(ws);
    CHECK(r.village_seats == 5);
    CHECK(r.township_seats == 2);
    CHECK(ws.db().query_int(
              "SELECT count(*) FROM admin_units v JOIN admin_units t ON t.code = "
              "v.parent_code WHERE v.level = 'village' AND ST_Covers(t.geom, v.seat) = 1") == 5);
    CHECK(ws.db().query_int("SELECT count(*) FROM admin_units WHERE level = 'township' AND "
                            "ST_Covers(geom, seat) = 1") == 2);
    CHECK(ws.db().query_int(
              "SELECT count(DISTINCT AsText(seat)) FROM admin_units WHERE seat IS NOT NULL") == 7);
}

TEST_CASE("the same seed places villages identically; another seed elsewhere", "[synth]") {
    TempDir tmp;
    auto seats = [&](const std::string& name, std::uint64_t seed) {
        auto ws = square_county((tmp / name).string());
        jw::synth::TownshipOptions o;
        o.seed = seed;
        jw::synth::synthesize_townships(ws, o);
        return *ws.db().query_text("SELECT group_concat(AsText(seat), ';') FROM (SELECT seat FROM "
                                   "admin_units WHERE level = 'village' ORDER BY code)");
    };
    CHECK(seats("a.sqlite", 7) == seats("b.sqlite", 7));
    CHECK(seats("c.sqlite", 7) != seats("d.sqlite", 8));
}

TEST_CASE("far-away parts south of 21.2°N are left out of the partition", "[synth]") {
    TempDir tmp;
    auto ws = square_county((tmp / "ws.sqlite").string(), true);
    const auto r = jw::synth::synthesize_townships(ws);
    REQUIRE(r.counties.size() == 1);
    CHECK(r.counties[0].parts_dropped == 1);
    CHECK(r.counties[0].dropped_area_km2 == Approx(1.0));
    CHECK(r.counties[0].area_km2 == Approx(100.0));
    CHECK(query_double(ws, "SELECT max(MbrMinY(geom)) FROM admin_units WHERE level = 'township'") >=
          2520000);
}

TEST_CASE("an irregular county with many townships is tiled exactly", "[synth]") {
    TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    add_unit(ws, "441581000000", "陆丰", "county", "");
    // An L-shaped county with a notch and an island.
    set_polygon(
        ws,
        "441581000000",
        "MULTIPOLYGON(((500000 2520000, 530000 2520000, 530000 2530000, 512000 2531000, "
        "511000 2545000, 500000 2545000, 500000 2520000)), ((535000 2521000, 538000 2521000, "
        "537000 2524000, 535000 2521000)))");
    long long total = 0;
    for (int k = 1; k <= 9; ++k) {
        const std::string code = "441581" + std::to_string(100 + k) + "000";
        add_unit(ws, code, "镇" + std::to_string(k), "township", "441581000000");
        add_population(ws, code, 5000 * k);
        total += 5000 * k;
    }
    // A town with a zero derived population still gets land (the 深汕 towns in Haifeng).
    add_unit(ws, "441581120000", "零镇", "township", "441581000000");
    add_population(ws, "441581120000", 0);
    const auto r = jw::synth::synthesize_townships(ws);
    REQUIRE(r.counties.size() == 1);
    CHECK(r.counties[0].max_area_error_pct < 1.0);
    const double county =
        query_double(ws, "SELECT ST_Area(geom) FROM admin_units WHERE code = '441581000000'");
    CHECK(query_double(
              ws, "SELECT ST_Area(ST_Union(geom)) FROM admin_units WHERE level = 'township'") ==
          Approx(county).epsilon(1e-9));
    CHECK(query_double(ws,
                       "SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom))), 0) FROM "
                       "admin_units a, admin_units b WHERE a.level = 'township' AND b.level = "
                       "'township' AND a.code < b.code AND ST_Intersects(a.geom, b.geom)") < 1e-3);
    const double zero_town = township_area(ws, "441581120000");
    CHECK(zero_town > 0);
    // 5 : 2 by population (the floor, a quarter of the mean, lifts only 零镇 and 镇1).
    const double k5 = township_area(ws, "441581105000");
    const double k2 = township_area(ws, "441581102000");
    CHECK(k5 / k2 == Approx(2.5).epsilon(0.01));
    CHECK(
        ws.db().query_int(
            "SELECT count(*) FROM admin_units WHERE level = 'township' AND ST_IsValid(geom) = 1") ==
        10);
}

TEST_CASE("townships need a workspace with a CRS, and existing polygons are kept", "[synth]") {
    TempDir tmp;
    {
        auto ws = jw::store::Workspace::create((tmp / "none.sqlite").string());
        CHECK_THROWS_AS(jw::synth::synthesize_townships(ws), jw::UsageError);
    }
    auto ws = square_county((tmp / "ws.sqlite").string());
    set_polygon(ws,
                "441502001000",
                "MULTIPOLYGON(((500000 2520000, 502000 2520000, 502000 2530000, 500000 2530000, "
                "500000 2520000)))");
    const auto r = jw::synth::synthesize_townships(ws);
    CHECK(r.township_polygons == 1);
    CHECK(township_area(ws, "441502001000") == Approx(2e7));
    CHECK(township_area(ws, "441502100000") == Approx(8e7));
}
