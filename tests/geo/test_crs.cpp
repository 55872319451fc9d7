// CrsSpec parsing, Gauss-Krüger zone choice checked against the EPSG database, and Transformer
// axis order, offset chaining and errors.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <jingwei/error.hpp>
#include <jingwei/geo/crs.hpp>
#include <proj.h>
#include <string>

using namespace jw::geo;

namespace {

/// Name and central meridian of an EPSG CRS as PROJ's database has them.
std::string epsg_name(int code) {
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* crs = proj_create(ctx, ("EPSG:" + std::to_string(code)).c_str());
    std::string name = crs ? proj_get_name(crs) : "";
    proj_destroy(crs);
    proj_context_destroy(ctx);
    return name;
}

std::size_t open_fds() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd"))
        ++n;
    return n;
}

} // namespace

TEST_CASE("CrsSpec parses EPSG codes, names, offset datums, PROJ strings and WKT", "[geo]") {
    CHECK(CrsSpec::parse("EPSG:4326").definition == "EPSG:4326");
    CHECK(CrsSpec::parse("epsg:4548").definition == "EPSG:4548");
    CHECK(CrsSpec::parse(" wgs84 ").definition == "EPSG:4326");
    CHECK(CrsSpec::parse("WGS84").label() == "EPSG:4326");
    CHECK(CrsSpec::parse("cgcs2000").definition == "EPSG:4490");
    CHECK(CrsSpec::parse("CGCS2000").label() == "EPSG:4490");
    for (const char* text : {"gcj02", "GCJ-02", "gcj-02"}) {
        const CrsSpec spec = CrsSpec::parse(text);
        CHECK(spec.kind == CrsSpec::Kind::gcj02);
        CHECK(spec.definition == "EPSG:4326");
        CHECK(spec.label() == "GCJ-02");
        CHECK(spec.is_geographic());
    }
    for (const char* text : {"bd09", "BD-09"}) {
        const CrsSpec spec = CrsSpec::parse(text);
        CHECK(spec.kind == CrsSpec::Kind::bd09);
        CHECK(spec.label() == "BD-09");
    }
    CHECK(CrsSpec::parse("EPSG:4490").is_geographic());
    CHECK_FALSE(CrsSpec::parse("EPSG:4548").is_geographic());

    const CrsSpec proj_string = CrsSpec::parse("+proj=longlat +datum=WGS84 +no_defs");
    CHECK(proj_string.kind == CrsSpec::Kind::proj);
    CHECK(proj_string.is_geographic());

    const CrsSpec wkt = CrsSpec::parse(crs_wkt("EPSG:4548"));
    CHECK(wkt.kind == CrsSpec::Kind::proj);
    CHECK(wkt.label() == "EPSG:4548");
    CHECK(crs_epsg(wkt.definition) == 4548);
}

TEST_CASE("Unknown CRS text is a usage error naming it", "[geo]") {
    CHECK_THROWS_AS(CrsSpec::parse("EPSG:999999"), jw::UsageError);
    CHECK_THROWS_WITH(CrsSpec::parse("mars"), Catch::Contains("mars"));
    CHECK_THROWS_WITH(CrsSpec::parse("EPSG:999999"), Catch::Contains("EPSG:999999"));
    CHECK_THROWS_AS(CrsSpec::parse(""), jw::UsageError);
    CHECK_THROWS_AS(CrsSpec::parse("EPSG:"), jw::UsageError);
    CHECK_THROWS_AS(CrsSpec::parse("GEOGCRS[\"broken\""), jw::UsageError);
    CHECK(CrsSpec::parse("urn:ogc:def:crs:EPSG::4490").label() == "EPSG:4490");
    CHECK(CrsSpec::parse("ESRI:102100").kind == CrsSpec::Kind::proj);
    // A PROJ pipeline is an operation, not a CRS.
    CHECK_THROWS_AS(CrsSpec::parse("+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad"),
                    jw::UsageError);
}

TEST_CASE("crs_wkt and crs_epsg", "[geo]") {
    const std::string wkt = crs_wkt("EPSG:4490");
    CHECK(wkt.find("China Geodetic Coordinate System 2000") != std::string::npos);
    CHECK(wkt.rfind("GEOGCRS", 0) == 0); // WKT2
    CHECK(crs_epsg("EPSG:4490") == 4490);
    CHECK(crs_epsg("+proj=tmerc +lon_0=117 +x_0=500000 +ellps=GRS80 +type=crs") == 0);
    CHECK_THROWS_AS(crs_wkt("EPSG:0"), jw::UsageError);
}

TEST_CASE("Gauss-Krüger 3-degree zone is the CGCS2000 CM variant nearest the longitude", "[geo]") {
    // Tianjin Hexi (117.2 E) and eastern Shanwei (Lufeng, ~115.6 E): CM 117E.
    CHECK(gauss_kruger_3deg_epsg(117.2) == 4548);
    CHECK(gauss_kruger_3deg_epsg(115.6) == 4548);
    // Shanwei's city district (~115.37 E) is west of 115.5 E: CM 114E. A Shanwei-wide study
    // area straddles the zone boundary, so callers choose by the area's centre.
    CHECK(gauss_kruger_3deg_epsg(115.37) == 4547);
    CHECK(gauss_kruger_3deg_epsg(73.5) == 4534);
    CHECK(gauss_kruger_3deg_epsg(136.5) == 4554);
    CHECK_THROWS_AS(gauss_kruger_3deg_epsg(73.4), jw::InputError);
    CHECK_THROWS_AS(gauss_kruger_3deg_epsg(137.0), jw::InputError);

    // What the EPSG database says: every code in the range is the CM variant for its meridian.
    for (int cm = 75; cm <= 135; cm += 3) {
        const int code = gauss_kruger_3deg_epsg(cm);
        INFO("EPSG:" << code);
        const std::string name = epsg_name(code);
        CHECK(name.find("CGCS2000 / 3-degree Gauss-Kruger CM " + std::to_string(cm) + "E") !=
              std::string::npos);
        // The central meridian maps to easting 500 000 m (no zone prefix).
        double x = cm, y = 0;
        Transformer(CrsSpec::parse("EPSG:4490"), CrsSpec::parse("EPSG:" + std::to_string(code)))
            .transform(x, y);
        CHECK(x == Approx(500000.0).margin(1e-3));
        CHECK(y == Approx(0.0).margin(1e-3));
    }
    CHECK(epsg_name(4548) == "CGCS2000 / 3-degree Gauss-Kruger CM 117E");
}

TEST_CASE("Transformer always works in lon/lat, easting/northing order", "[geo]") {
    // EPSG:4490 is latitude-first and EPSG:4548 northing-first in the EPSG database.
    Transformer to_gk(CrsSpec::parse("cgcs2000"), CrsSpec::parse("EPSG:4548"));
    double x = 117.2, y = 39.1; // Tianjin Hexi
    to_gk.transform(x, y);
    CHECK(x == Approx(500000 + 17300).margin(100)); // 0.2° east of CM 117E at 39.1 N
    CHECK(y == Approx(4328000).margin(2000));
    Transformer back(CrsSpec::parse("EPSG:4548"), CrsSpec::parse("EPSG:4490"));
    back.transform(x, y);
    CHECK(x == Approx(117.2).margin(1e-9));
    CHECK(y == Approx(39.1).margin(1e-9));

    // WGS 84 to Web Mercator: x grows with longitude.
    Transformer merc(CrsSpec::parse("EPSG:4326"), CrsSpec::parse("EPSG:3857"));
    x = 116.4;
    y = 39.9;
    merc.transform(x, y);
    CHECK(x == Approx(12957588.73).margin(0.01)); // 6378137 m * 116.4 * pi / 180
    CHECK(y > 4.8e6);
}

TEST_CASE("Transformer chains GCJ-02 and BD-09 through WGS 84", "[geo]") {
    // hujiulong/gcoord test/fixtures/china-cities.json, 天津市 河西区 (see test_offsets.cpp).
    const LonLat bd{117.2075221, 39.0899986};
    const LonLat gcj{117.2009869, 39.0841645};

    Transformer bd_to_gcj(CrsSpec::parse("bd09"), CrsSpec::parse("gcj02"));
    CHECK_FALSE(bd_to_gcj.is_identity());
    double x = bd.lon, y = bd.lat;
    bd_to_gcj.transform(x, y);
    CHECK(distance_m({x, y}, gcj) < 0.01);

    // GCJ-02 to GK CM 117E equals GCJ-02 -> WGS 84 by the offset, then PROJ.
    Transformer gcj_to_gk(CrsSpec::parse("gcj02"), CrsSpec::parse("EPSG:4548"));
    Transformer wgs_to_gk(CrsSpec::parse("EPSG:4326"), CrsSpec::parse("EPSG:4548"));
    const LonLat wgs = gcj02_to_wgs84(gcj);
    double gx = gcj.lon, gy = gcj.lat, wx = wgs.lon, wy = wgs.lat;
    gcj_to_gk.transform(gx, gy);
    wgs_to_gk.transform(wx, wy);
    CHECK(gx == Approx(wx).margin(1e-6));
    CHECK(gy == Approx(wy).margin(1e-6));

    // And back to BD-09 from the projected CRS.
    Transformer gk_to_bd(CrsSpec::parse("EPSG:4548"), CrsSpec::parse("BD-09"));
    gk_to_bd.transform(gx, gy);
    CHECK(distance_m({gx, gy}, bd) < 0.01);

    std::vector<double> xs{bd.lon, 115.3817179}, ys{bd.lat, 22.7918527};
    bd_to_gcj.transform(xs, ys);
    CHECK(distance_m({xs[0], ys[0]}, gcj) < 0.01);
    CHECK(distance_m({xs[1], ys[1]}, {115.3751647, 22.7861903}) < 0.01); // 汕尾市, same fixture
}

TEST_CASE("Identical CRSs give an identity transformer", "[geo]") {
    CHECK(Transformer(CrsSpec::parse("wgs84"), CrsSpec::parse("EPSG:4326")).is_identity());
    CHECK(Transformer(CrsSpec::parse("gcj02"), CrsSpec::parse("gcj-02")).is_identity());
    CHECK_FALSE(Transformer(CrsSpec::parse("gcj02"), CrsSpec::parse("wgs84")).is_identity());
    CHECK_FALSE(Transformer(CrsSpec::parse("wgs84"), CrsSpec::parse("EPSG:4548")).is_identity());
}

TEST_CASE("Non-transformable coordinates are input errors naming them", "[geo]") {
    Transformer to_gk(CrsSpec::parse("EPSG:4326"), CrsSpec::parse("EPSG:4548"));
    double x = 117.0, y = 123.0; // latitude beyond the pole
    CHECK_THROWS_AS(to_gk.transform(x, y), jw::InputError);
    CHECK_THROWS_WITH(to_gk.transform(x, y), Catch::Contains("(117, 123)"));
    double nx = std::nan(""), ny = 0;
    CHECK_THROWS_AS(to_gk.transform(nx, ny), jw::InputError);

    Transformer from_gcj(CrsSpec::parse("gcj02"), CrsSpec::parse("wgs84"));
    double gx = 4548000.0, gy = 500000.0; // projected metres handed in as GCJ-02 degrees
    CHECK_THROWS_WITH(from_gcj.transform(gx, gy), Catch::Contains("GCJ-02"));

    std::vector<double> xs{1, 2}, ys{1};
    CHECK_THROWS_AS(to_gk.transform(xs, ys), jw::InternalError);
}

TEST_CASE("Transformers release their PROJ contexts", "[geo]") {
    // Each Transformer opens proj.db through its own PJ_CONTEXT; destroying it must close it.
    { Transformer warm_up(CrsSpec::parse("EPSG:4326"), CrsSpec::parse("EPSG:4548")); }
    const std::size_t before = open_fds();
    for (int i = 0; i < 10; ++i) {
        Transformer t(CrsSpec::parse("EPSG:4326"), CrsSpec::parse("EPSG:4548"));
        double x = 117, y = 39;
        t.transform(x, y);
        Transformer moved = std::move(t);
    }
    CHECK(open_fds() == before);
}
