// tests/data/network/village.osm read through libosmium and imported into a workspace:
// classes, one-way tags, ferry duration, skipped ways, components, times.

#include <jingwei/error.hpp>
#include <jingwei/network/workspace_roads.hpp>

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace jw::network;

namespace {
const RoadLine& way(const RoadSource& s, std::int64_t id) {
    for (const auto& l : s.lines)
        if (l.source_row == id)
            return l;
    FAIL("way " << id << " not read");
    return s.lines.front();
}
} // namespace

TEST_CASE("OSM ways are read with class, one-way, layer and ferry duration", "[network]") {
    const auto s = read_osm_roads(jw::test::data_path("network/village.osm").string());
    CHECK(s.features_read == 11);
    CHECK(s.lines.size() == 10);  // the private service road is skipped
    CHECK(way(s, 101).road_class == "primary");
    CHECK(way(s, 101).node_ids == std::vector<std::int64_t>{1, 2, 3, 4, 5});
    CHECK(way(s, 103).oneway == Oneway::forward);
    CHECK(way(s, 104).oneway == Oneway::backward);
    CHECK(way(s, 102).oneway == Oneway::both);
    CHECK(way(s, 107).road_class == "ferry");
    CHECK(way(s, 107).duration_s == 600);
    CHECK(way(s, 106).road_class == "footway");
}

TEST_CASE("OSM import keeps the largest component with exact one-way and ferry times", "[network]") {
    jw::test::TempDir dir;
    auto ws = jw::store::Workspace::create((dir / "ws.sqlite").string());
    CHECK(!load_road_network(ws));
    RoadImportOptions o;
    o.file = jw::test::data_path("network/village.osm").string();
    const auto r = import_roads(ws, o);
    CHECK(r.crs_chosen_now);
    CHECK(r.workspace_epsg == 4548);  // CGCS2000 3-degree GK, central meridian 117 E
    CHECK(r.report.skipped_by_class.at("footway") == 1);
    CHECK(r.report.nodes_before_scc == 14);  // 16 nodes less the footway's and the private road's
    CHECK(r.report.components == 3);         // the network, the detached pair, the stub's end
    CHECK(r.report.nodes_kept == 11);

    const auto net = load_road_network(ws);
    REQUIRE(net);
    CHECK(net->graph.node_count() == 11);
    // Node coordinates in the workspace CRS, in OSM node order 1, 2, 3, 4, 5, 10, 11, 12, 13, 40, 41.
    const auto& p = net->graph.points();
    auto node = [&](int osm_order) { return p[static_cast<std::size_t>(osm_order)]; };
    TravelTimeOptions opt;
    opt.max_snap_m = 1;
    const auto t = road_travel_times(*net, {node(0), node(4), node(6), node(3)}, {node(4), node(9), node(3), node(6)}, opt);
    // 0.04 degree of longitude at 39 N is 3 465 m; at 55 km/h 226.8 s.
    const double metres = std::hypot(node(4).x - node(0).x, node(4).y - node(0).y);
    CHECK(metres == Approx(3465).epsilon(0.002));
    CHECK(t.seconds(0, 0) == Approx(metres / (55 / 3.6)).epsilon(1e-5));
    // The ferry: its 10-minute duration, not a speed.
    CHECK(t.seconds(1, 1) == Approx(600).margin(0.001));
    // One-way 11 -> 12 -> 4 along the tertiary (35 km/h) ...
    const double loop_m = std::hypot(node(7).x - node(6).x, node(7).y - node(6).y) +
                          std::hypot(node(3).x - node(7).x, node(3).y - node(7).y);
    CHECK(t.seconds(2, 2) == Approx(loop_m / (35 / 3.6)).epsilon(1e-4));
    // ... but back from 4 to 11 it is west on the primary and north up the village street.
    const double back_m = std::hypot(node(2).x - node(3).x, node(2).y - node(3).y);
    const double street_m = std::hypot(node(6).x - node(2).x, node(6).y - node(2).y);
    CHECK(t.seconds(3, 3) == Approx(back_m / (55 / 3.6) + street_m / (20 / 3.6)).epsilon(1e-4));
}

TEST_CASE("a file without roads is rejected and leaves the workspace as it was", "[network]") {
    jw::test::TempDir dir;
    auto ws = jw::store::Workspace::create((dir / "ws.sqlite").string());
    jw::test::write_file(dir / "empty.osm", "<?xml version='1.0'?><osm version='0.6'></osm>\n");
    RoadImportOptions o;
    o.file = (dir / "empty.osm").string();
    CHECK_THROWS_AS(import_roads(ws, o), jw::InputError);
    CHECK(ws.crs_epsg() == 0);
    CHECK(!load_road_network(ws));
}
