// Access on the hand-written village.osm (tests/data/network): village seats placed exactly on
// road nodes, a hospital at node 1, times worked out from the road classes' speeds.

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/access/study.hpp>
#include <jingwei/network/workspace_roads.hpp>

TEST_CASE("access on a hand-built road network: nearest times, thresholds and 2SFCA by hand",
          "[access]") {
    jw::test::TempDir dir;
    const auto path = (dir / "ws.sqlite").string();
    auto ws = jw::store::Workspace::create(path);
    jw::network::RoadImportOptions o;
    o.file = jw::test::data_path("network/village.osm").string();
    jw::network::import_roads(ws, o);
    const auto net = jw::network::load_road_network(ws);
    REQUIRE(net);
    // Nodes in OSM order 1, 2, 3, 4, 5, 10, 11, 12, 13, 40, 41 (tests/network/test_osm.cpp).
    const auto& p = net->graph.points();
    auto node = [&](int i) { return p[static_cast<std::size_t>(i)]; };
    auto metres = [&](int a, int b) {
        return std::hypot(node(b).x - node(a).x, node(b).y - node(a).y);
    };
    auto& db = ws.db();
    const std::string srid = std::to_string(ws.crs_epsg());
    auto seat = [&](int i) {
        char buf[128];
        std::snprintf(
            buf, sizeof buf, "MakePoint(%.6f, %.6f, %s)", node(i).x, node(i).y, srid.c_str());
        return std::string(buf);
    };
    db.exec("INSERT INTO admin_units (code, name, level) VALUES ('120103001000', 'T', "
            "'township')");
    // Villages at OSM nodes 5, 4 and 10 (the middle of the village street); 100 people each;
    // the hospital at node 1.
    const int at[] = {4, 3, 5};
    for (int v = 0; v < 3; ++v) {
        const std::string code = "12010300100" + std::to_string(v + 1);
        db.exec("INSERT INTO admin_units (code, name, level, seat) VALUES ('" + code +
                "', 'v', "
                "'village', " +
                seat(at[v]) + ")");
        db.exec("INSERT INTO population (unit_code, year, count) VALUES ('" + code +
                "', 2020, 100)");
    }
    db.exec("INSERT INTO facilities (id, name, kind, beds_open, status, geom) VALUES ('H', 'H', "
            "'psychiatric_hospital', 10, 'open', " +
            seat(0) + ")");

    jw::access::AccessOptions a;
    a.thresholds_min = {3, 10};
    const auto r = jw::access::run_access(ws, a);
    REQUIRE(r.travel_method == "road_network");
    REQUIRE(r.points.size() == 3);
    const double primary = 55 / 3.6, residential = 20 / 3.6; // m/s
    // Node 5 and node 4: west along the primary road.
    CHECK(r.points[0].nearest_min * 60 == Approx(metres(4, 0) / primary).epsilon(1e-4));
    CHECK(r.points[1].nearest_min * 60 == Approx(metres(3, 0) / primary).epsilon(1e-4));
    // Node 10: down the village street (20 km/h) to node 3, then west on the primary.
    CHECK(r.points[2].nearest_min * 60 ==
          Approx(metres(5, 2) / residential + metres(2, 0) / primary).epsilon(1e-4));
    // Only node 4 (2.8 min) is within 3 min; node 5 (3.8) and node 10 (3.6) are not; all are
    // within 10.
    CHECK(r.units.at(0).population_within[0] == Approx(100));
    CHECK(r.units.at(0).population_within[1] == Approx(300));
    // 2SFCA, catchment 10 min: 10 beds for 300 people -> 333.3 beds per 10 000 everywhere.
    for (const auto& pt : r.points)
        CHECK(pt.access_2sfca == Approx(10.0 / 300 * 1e4));
    REQUIRE(r.isochrones.size() == 2);
    CHECK(r.isochrones[0].area_km2 > 0);
}
