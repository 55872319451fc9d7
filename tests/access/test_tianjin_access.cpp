// Access on the real Tianjin Hexi road layer (../shared, read in place): travel times to the
// district's psychiatric hospital (approximate location) are sane, the road layer is in the
// workspace for QGIS, and `jingwei info` shows the network.

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <jingwei/access/study.hpp>
#include <jingwei/network/road_layer.hpp>
#include <jingwei/network/workspace_roads.hpp>
#include <nlohmann/json.hpp>

TEST_CASE("Tianjin Hexi roads give sane times to the psychiatric hospital and a roads layer",
          "[access][tianjin]") {
    const auto roads = jw::test::shared_path("data/tianjin-hexi/roads_osm_gbk.shp");
    if (!std::filesystem::exists(roads)) {
        WARN("skipped: " << roads << " not found");
        return;
    }
    jw::test::TempDir tmp;
    const auto path = (tmp / "ws.sqlite").string();
    {
        auto ws = jw::store::Workspace::create(path);
        jw::network::RoadImportOptions o;
        o.file = roads.string();
        jw::network::import_roads(ws, o);
        const int epsg = ws.crs_epsg();
        REQUIRE(epsg != 0);
        auto& db = ws.db();
        // 48 points on a lattice over the district's extent stand in for communities of 1 000
        // people; 天津市安定医院 at its approximate location with 10 beds.
        db.exec("INSERT INTO admin_units (code, name, level) VALUES ('120103000000', '河西区', "
                "'county')");
        for (int i = 0; i < 8; ++i)
            for (int j = 0; j < 6; ++j) {
                char code[16], sql[400];
                std::snprintf(code, sizeof code, "120103%03d%03d", 1 + i, 1 + j);
                std::snprintf(sql,
                              sizeof sql,
                              "INSERT INTO admin_units (code, name, level, seat) VALUES ('%s', "
                              "'p', 'village', Transform(MakePoint(%.4f, %.4f, 4326), %d))",
                              code,
                              117.18 + i * 0.0135,
                              39.045 + j * 0.013,
                              epsg);
                db.exec(sql);
                db.exec(std::string("INSERT INTO population (unit_code, year, count) VALUES ('") +
                        code + "', 2020, 1000)");
            }
        db.exec("INSERT INTO facilities (id, name, kind, beds_open, status, location_quality, "
                "geom) VALUES ('anding', '天津市安定医院', 'psychiatric_hospital', 10, 'open', "
                "'approx', Transform(MakePoint(117.205, 39.085, 4326), " +
                std::to_string(epsg) + "))");
    }
    auto ws = jw::store::Workspace::open(path);
    jw::access::AccessOptions o;
    o.thresholds_min = {15, 30};
    o.level = jw::access::Level::county;
    const auto r = jw::access::run_access(ws, o);
    CHECK(r.travel_method == "road_network");
    REQUIRE(r.points.size() == 48);
    // Independent bounds: no trip beats the straight line at the fastest class (trunk, 70 km/h),
    // and inside an 11 x 9 km district every reachable point is well within an hour.
    const auto h = r.facilities.at(0);
    int timed = 0;
    for (const auto& p : r.points) {
        if (!std::isfinite(p.nearest_min))
            continue;
        ++timed;
        const double crow_km = std::hypot(p.x - h.x, p.y - h.y) / 1000;
        CHECK(p.nearest_min >= crow_km / 70 * 60 - 1e-9);
        CHECK(p.nearest_min < 45);
    }
    // Lattice points beyond the district edge (more than 1 km from a road) get no time.
    CHECK(timed >= 30);
    CHECK(timed < 48);
    const auto& county = r.units.at(0);
    CHECK(county.mean_min > 5);
    CHECK(county.mean_min < 30);
    CHECK(county.population_within[0] <= county.population_within[1]);
    // Service areas: the 15-min one holds the hospital, lies inside the 70 km/h circle, and
    // is smaller than the 30-min one.
    REQUIRE(r.isochrones.size() == 2);
    CHECK(r.isochrones[0].area_km2 > 1);
    CHECK(r.isochrones[0].area_km2 < M_PI * std::pow(70.0 / 4 + 1, 2));
    CHECK(r.isochrones[0].area_km2 < r.isochrones[1].area_km2);
    jw::access::save_access(ws, r);
    CHECK(ws.db().query_int("SELECT count(*) FROM access_isochrones WHERE ST_Contains(geom, "
                            "MakePoint(" +
                            std::to_string(h.x) + ", " + std::to_string(h.y) + ", " +
                            std::to_string(ws.crs_epsg()) + "))") == 2);

    // The roads layer: every drivable line, most of them routable (the README's one-way stubs
    // at the district edge are not), registered for QGIS.
    const auto summary = jw::network::network_summary(ws);
    REQUIRE(summary);
    CHECK(summary->layer_lines == 1606);
    CHECK(summary->layer_lines_kept > 1300);
    CHECK(summary->layer_lines_kept < 1606);
    CHECK(ws.db().query_int("SELECT count(*) FROM geometry_columns WHERE f_table_name = "
                            "'roads'") == 1);
    CHECK(ws.db().query_int("SELECT count(*) FROM roads WHERE oneway != 'both'") > 100);
    const auto info = jw::test::run_cli("info '" + path + "' --json");
    REQUIRE(info.exit_code == 0);
    const auto j = nlohmann::json::parse(info.out);
    CHECK(j.at("road_network").at("nodes") == summary->nodes);
    CHECK(j.at("road_network").at("layer_lines") == 1606);
    const auto text = jw::test::run_cli("info '" + path + "'");
    CHECK(text.out.find("Road network") != std::string::npos);
}
