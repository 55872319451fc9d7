// GCJ-02 / BD-09 against published reference pairs, and the inverses against the 0.01 m contract.
#include <algorithm>
#include <catch2/catch.hpp>
#include <jingwei/geo/offsets.hpp>

using namespace jw::geo;

namespace {

struct Pair {
    const char* place;
    LonLat from;
    LonLat to;
};

// Worst distance_m(forward(inverse(p)), p) over a lon/lat grid.
template <typename Forward, typename Inverse>
double worst_round_trip_m(Forward forward,
                          Inverse inverse,
                          double lon0,
                          double lon1,
                          double lat0,
                          double lat1,
                          double step_deg) {
    double worst = 0;
    for (double lon = lon0; lon <= lon1 + 1e-9; lon += step_deg)
        for (double lat = lat0; lat <= lat1 + 1e-9; lat += step_deg) {
            const LonLat p{lon, lat};
            worst = std::max(worst, distance_m(forward(inverse(p)), p));
        }
    return worst;
}

} // namespace

TEST_CASE("WGS 84 to GCJ-02 reproduces published pairs", "[geo]") {
    const Pair pairs[] = {
        // googollee/eviltransform go/transform_test.go (same in python/test.py),
        // given there as (lat, lng); exact to 1e-5° in their test.
        {"Shanghai", {121.5272106, 31.1774276}, {121.531541859215, 31.17530398364597}},
        {"Shenzhen", {113.912316, 22.543847}, {113.9171764808363, 22.540796131694766}},
        {"Beijing", {116.377817, 39.911954}, {116.38404722455657, 39.91334545536069}},
        // wandergis/coordtransform test/app.js: wgs84togcj02(116.404, 39.915).
        {"Beijing (coordtransform)", {116.404, 39.915}, {116.41024449916938, 39.91640428150164}},
    };
    for (const auto& pair : pairs) {
        INFO(pair.place);
        const LonLat gcj = wgs84_to_gcj02(pair.from);
        CHECK(gcj.lon == Approx(pair.to.lon).margin(1e-9));
        CHECK(gcj.lat == Approx(pair.to.lat).margin(1e-9));
    }
}

TEST_CASE("GCJ-02 to BD-09 reproduces published pairs", "[geo]") {
    // wandergis/coordtransform test/app.js: gcj02tobd09(116.404, 39.915).
    const LonLat bd = gcj02_to_bd09({116.404, 39.915});
    CHECK(bd.lon == Approx(116.41036949371029).margin(1e-9));
    CHECK(bd.lat == Approx(39.92133699351021).margin(1e-9));

    // Same file: bd09togcj02(116.404, 39.915) is the closed-form approximate inverse; ours is
    // exact, so the published value is within a few centimetres of it, and ours maps forward
    // onto the input.
    const LonLat gcj = bd09_to_gcj02({116.404, 39.915});
    CHECK(distance_m(gcj, {116.39762729119315, 39.90865673957631}) < 0.1);
    CHECK(distance_m(gcj02_to_bd09(gcj), {116.404, 39.915}) < 0.01);
}

TEST_CASE("City triples from gcoord's fixture: Shanwei, Tianjin Hexi, Beijing, Shanghai", "[geo]") {
    // hujiulong/gcoord test/fixtures/china-cities.json, WGS84 / GCJ02 / BD09 at 7 decimals
    // (~1 cm). Its GCJ02 column sits 0.6-0.8 m from the published formula (gcoord's own test
    // allows 1e-4°), while its GCJ02 -> BD09 step agrees to the rounding of 7 decimals.
    struct Triple {
        const char* place;
        LonLat wgs, gcj, bd;
    };
    const Triple triples[] = {
        {"汕尾市 城区",
         {115.3702248, 22.7888255},
         {115.3751647, 22.7861903},
         {115.3817179, 22.7918527}},
        {"天津市 河西区",
         {117.1946734, 39.0831446},
         {117.2009869, 39.0841645},
         {117.2075221, 39.0899986}},
        {"北京市 东城区",
         {116.4011517, 39.9028057},
         {116.4074002, 39.9042136},
         {116.4137852, 39.9105355}},
        {"上海市 黄浦区",
         {121.4691633, 31.2323443},
         {121.4737061, 31.2304194},
         {121.4802435, 31.2363541}},
    };
    for (const auto& t : triples) {
        INFO(t.place);
        CHECK(distance_m(gcj02_to_bd09(t.gcj), t.bd) < 0.01);
        CHECK(distance_m(bd09_to_gcj02(t.bd), t.gcj) < 0.01);
        CHECK(distance_m(wgs84_to_gcj02(t.wgs), t.gcj) < 1.0);
        CHECK(distance_m(gcj02_to_wgs84(t.gcj), t.wgs) < 1.0);
        CHECK(distance_m(bd09_to_wgs84(t.bd), t.wgs) < 1.0);
        CHECK(distance_m(wgs84_to_bd09(t.wgs), t.bd) < 1.0);
        // The offset itself is the familiar few hundred metres.
        const double offset_m = distance_m(t.wgs, t.gcj);
        CHECK(offset_m > 100);
        CHECK(offset_m < 800);
    }
}

TEST_CASE("GCJ-02 inverse is within 1 cm of forward over China", "[geo]") {
    // eviltransform's exact inverse of its Beijing pair is within 0.5 m; ours within 1 cm.
    CHECK(distance_m(gcj02_to_wgs84({116.38404722455657, 39.91334545536069}),
                     {116.377817, 39.911954}) < 0.01);

    // The whole country on a 0.5° grid, Shanwei (115.3–116.2 E, 22.6–23.2 N) on 0.01°, and
    // Tianjin Hexi around 117.2 E, 39.1 N on 0.002°.
    CHECK(worst_round_trip_m(wgs84_to_gcj02, gcj02_to_wgs84, 73.5, 135.0, 18.0, 53.5, 0.5) < 0.01);
    CHECK(worst_round_trip_m(wgs84_to_gcj02, gcj02_to_wgs84, 115.3, 116.2, 22.6, 23.2, 0.01) <
          0.01);
    CHECK(worst_round_trip_m(wgs84_to_gcj02, gcj02_to_wgs84, 117.15, 117.25, 39.05, 39.15, 0.002) <
          0.01);
}

TEST_CASE("BD-09 inverses are within 1 cm of forward over China", "[geo]") {
    CHECK(worst_round_trip_m(gcj02_to_bd09, bd09_to_gcj02, 73.5, 135.0, 18.0, 53.5, 0.5) < 0.01);
    CHECK(worst_round_trip_m(wgs84_to_bd09, bd09_to_wgs84, 73.5, 135.0, 18.0, 53.5, 0.5) < 0.01);
    CHECK(worst_round_trip_m(wgs84_to_bd09, bd09_to_wgs84, 115.3, 116.2, 22.6, 23.2, 0.01) < 0.01);
    CHECK(worst_round_trip_m(wgs84_to_bd09, bd09_to_wgs84, 117.15, 117.25, 39.05, 39.15, 0.002) <
          0.01);
}

TEST_CASE("Outside China GCJ-02 equals WGS 84", "[geo]") {
    const LonLat paris{2.3522, 48.8566};
    const LonLat tokyo{139.6917, 35.6895}; // east of the 137.8347° box edge
    for (const LonLat p : {paris, tokyo}) {
        CHECK(is_outside_china(p));
        CHECK(wgs84_to_gcj02(p).lon == p.lon);
        CHECK(wgs84_to_gcj02(p).lat == p.lat);
        CHECK(gcj02_to_wgs84(p).lon == p.lon);
        CHECK(gcj02_to_wgs84(p).lat == p.lat);
        CHECK(distance_m(bd09_to_wgs84(wgs84_to_bd09(p)), p) < 0.01);
    }
    CHECK_FALSE(is_outside_china({115.37, 22.79}));
}

TEST_CASE("distance_m is the haversine distance", "[geo]") {
    // One degree of latitude on the mean sphere: 6371008.8 * pi / 180.
    CHECK(distance_m({117, 39}, {117, 40}) == Approx(111195.08).margin(0.01));
    CHECK(distance_m({117, 39}, {117, 39}) == 0);
}
