// Service areas on a hand-built road: exact reach times, pieces cut where the time runs out,
// and the polygon's extent from the walking buffers (docs/access.md).
//
// A tertiary road (36 km/h = 10 m/s: 100 s per 1 000 m) along y = 0 with nodes at x = 0, 1000,
// 2000, 3000, and a one-way street (forward) from (1000, 0) up to (1000, 1000) and back down a
// second one-way line to (2000, 0).

#include <catch2/catch.hpp>
#include <jingwei/access/service_areas.hpp>
#include <jingwei/geo/geos.hpp>
#include <jingwei/network/service_area.hpp>
#include <jingwei/network/travel_times.hpp>

using namespace jw::network;

namespace {

RoadNetwork hand_network() {
    SpeedTable speeds;
    speeds.kmh_by_class = {{"tertiary", 36}};
    RoadLine main;
    main.road_class = "tertiary";
    main.points = {{0, 0}, {1000, 0}, {2000, 0}, {3000, 0}};
    RoadLine up, down;
    up.road_class = down.road_class = "tertiary";
    up.points = {{1000, 0}, {1000, 1000}};
    up.oneway = Oneway::forward;
    down.points = {{1000, 1000}, {2000, 0}};
    down.oneway = Oneway::forward;
    return build_road_network({main, up, down}, speeds, 4547);
}

NodeIndex node_at(const RoadGraph& g, double x, double y) {
    for (NodeIndex v = 0; v < g.node_count(); ++v)
        if (g.point(v).x == x && g.point(v).y == y)
            return v;
    FAIL("no node at " << x << ", " << y);
    return 0;
}

} // namespace

TEST_CASE("times_within stops at the limit and follows one-way arcs outwards", "[network]") {
    const auto net = hand_network();
    const auto& g = net.graph;
    REQUIRE(g.node_count() == 5);
    const auto a = node_at(g, 0, 0), b = node_at(g, 1000, 0), c = node_at(g, 2000, 0),
               d = node_at(g, 3000, 0), top = node_at(g, 1000, 1000);
    const auto t = times_within(g, {{a, 0}}, 250000);
    CHECK(t[a] == 0);
    CHECK(t[b] == 100000);
    CHECK(t[c] == 200000);
    CHECK(t[top] == 200000);
    CHECK(t[d] == unreachable_ms); // 300 s > 250 s
    // Started from the far end, the one-way loop cannot be driven backwards: the top node is
    // reached only along the road to (1000, 0) and up (100 + 100 + 100 s), never down the
    // diagonal (which runs towards (2000, 0)).
    const auto back = times_within(g, {{d, 0}}, 1000000);
    CHECK(back[top] == 300000);
    // A seed offset (the walk to the road) counts against the limit.
    const auto walked = times_within(g, {{a, 60000}}, 250000);
    CHECK(walked[c] == unreachable_ms);
    CHECK(walked[b] == 160000);
}

TEST_CASE("reached pieces end where the time runs out; the polygon buffers by the walk left",
          "[network][access]") {
    const auto net = hand_network();
    const auto& g = net.graph;
    const auto a = node_at(g, 0, 0);
    const Millis limit = 250000;
    const auto pieces = reached_pieces(g, times_within(g, {{a, 0}}, limit), limit);
    // Along the road the time runs out half-way between 2000 and 3000.
    double max_x = 0;
    for (const auto& p : pieces)
        max_x = std::max(max_x, p.to.x);
    CHECK(max_x == Approx(2500));
    // Whole arc a -> b arrives with 150 s left; the cut piece arrives with none.
    bool found_ab = false, found_cut = false;
    for (const auto& p : pieces) {
        if (p.from.x == 0 && p.to.x == 1000 && p.to.y == 0) {
            found_ab = true;
            CHECK(p.remaining_ms == 150000);
        }
        if (p.to.x == Approx(2500)) {
            found_cut = true;
            CHECK(p.remaining_ms == 0);
        }
    }
    CHECK(found_ab);
    CHECK(found_cut);
    // Walking 4.5 km/h = 1.25 m/s: a -> b buffered by 150 s x 1.25 = 187.5 m, rounded down to
    // 150 m; the cut end gets the 30 m minimum. So the polygon spans x from -150 to 2530.
    double area_km2 = 0;
    const auto wkb = jw::access::pieces_polygon(pieces, 4.5, 30, 1000, area_km2);
    REQUIRE(!wkb.empty());
    const auto poly = jw::geo::from_wkb(wkb.data(), wkb.size());
    const auto e = jw::geo::envelope(poly.get());
    CHECK(e.xmin == Approx(-150).margin(0.5));
    CHECK(e.xmax == Approx(2530).margin(0.5));
    CHECK(area_km2 > 0.3);
    CHECK(area_km2 < 3.2 * 2.4);
}
