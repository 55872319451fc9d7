// Exact times on hand-built metric lines: speeds, noding at shared coordinates, layers,
// one-way, snapping, the largest component, and the straight-line fallback.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/network/travel_times.hpp>

using namespace jw::network;

namespace {

SpeedTable test_speeds() {
    SpeedTable s;
    s.kmh_by_class = {{"residential", 20}, {"tertiary", 36}, {"secondary", 45}};
    return s;
}

RoadLine
line(std::string cls, std::vector<Point> pts, Oneway oneway = Oneway::both, int layer = 0) {
    RoadLine l;
    l.road_class = std::move(cls);
    l.points = std::move(pts);
    l.oneway = oneway;
    l.layer = layer;
    return l;
}

// A: residential along y = 0 with inner vertices at x = 1000 and 1500.
// B: tertiary along x = 1000 crossing A at its inner vertex (1000, 0): joined.
// C: a bridge (layer 1) along x = 1500 whose inner vertex (1500, 0) lies on A: not joined.
// D, E: ground streets joining C's ends to B's ends.
std::vector<RoadLine> crossing_lines() {
    return {line("residential", {{0, 0}, {1000, 0}, {1500, 0}, {2000, 0}}),
            line("tertiary", {{1000, -1000}, {1000, 0}, {1000, 1000}}),
            line("secondary", {{1500, -1000}, {1500, 0}, {1500, 1000}}, Oneway::both, 1),
            line("residential", {{1000, 1000}, {1500, 1000}}),
            line("residential", {{1000, -1000}, {1500, -1000}}),
            line("footway", {{0, 0}, {0, 500}})};
}

Millis node_to_node(const RoadNetwork& net, Point a, Point b) {
    TravelTimeOptions o;
    o.max_snap_m = 1;
    const auto t = road_travel_times(net, {a}, {b}, o);
    REQUIRE(!std::isnan(t.seconds(0, 0)));
    return static_cast<Millis>(std::llround(t.seconds(0, 0) * 1000));
}

} // namespace

TEST_CASE("lines join at shared inner vertices but not across layers", "[network]") {
    const auto built = build_road_graph(crossing_lines(), test_speeds());
    CHECK(built.report.lines_used == 5);
    CHECK(built.report.skipped_by_class.at("footway") == 1);
    CHECK(built.report.nodes_before_scc == 9);
    CHECK(built.report.components == 1);
    CHECK(built.graph.node_count() == 9);
    // Two nodes at (1500, 0): A's and the bridge's, two neighbours each.
    int at_crossing = 0;
    for (NodeIndex v = 0; v < built.graph.node_count(); ++v)
        if (built.graph.point(v).x == 1500 && built.graph.point(v).y == 0) {
            ++at_crossing;
            CHECK(boost::out_degree(v, built.graph.csr()) == 2);
        }
    CHECK(at_crossing == 2);
}

TEST_CASE("travel times are length over class speed, exactly", "[network]") {
    const auto net = build_road_network(crossing_lines(), test_speeds(), 0);
    // 2 000 m at 20 km/h = 360 s.
    CHECK(node_to_node(net, {0, 0}, {2000, 0}) == 360000);
    // (1000, 0) to (1000, 1000): 1 000 m of tertiary at 36 km/h = 100 s.
    CHECK(node_to_node(net, {1000, 0}, {1000, 1000}) == 100000);
    // From the bridge's middle (layer 1) to A's (1500, 0): up the bridge 1 000 m at 45 km/h
    // (80 s), 500 m west at 20 km/h (90 s), 1 000 m down B at 36 km/h (100 s), 500 m east on A
    // (90 s). Snapping a point at (1500, 0) picks A or C; use a point just beside the bridge.
    const auto& g = net.graph;
    NodeIndex bridge_mid = 0, a_mid = 0;
    for (NodeIndex v = 0; v < g.node_count(); ++v) {
        if (g.point(v).x != 1500 || g.point(v).y != 0)
            continue;
        // The bridge's node has its neighbours on x = 1500, A's on y = 0.
        const auto e = *boost::out_edges(v, g.csr()).first;
        (g.point(static_cast<NodeIndex>(boost::target(e, g.csr()))).x == 1500 ? bridge_mid
                                                                              : a_mid) = v;
    }
    REQUIRE(bridge_mid != a_mid);
    const auto row = boost_dijkstra(g, bridge_mid);
    CHECK(row[a_mid] == 80000 + 90000 + 100000 + 90000);
}

TEST_CASE("one-way lines are driven only along their direction", "[network]") {
    // A square: the north side is one-way west -> east, the rest two-way.
    std::vector<RoadLine> lines = {line("tertiary", {{0, 1000}, {1000, 1000}}, Oneway::forward),
                                   line("tertiary", {{1000, 1000}, {1000, 0}}),
                                   line("tertiary", {{1000, 0}, {0, 0}}),
                                   line("tertiary", {{0, 0}, {0, 1000}})};
    const auto net = build_road_network(lines, test_speeds(), 0);
    CHECK(node_to_node(net, {0, 1000}, {1000, 1000}) == 100000);
    CHECK(node_to_node(net, {1000, 1000}, {0, 1000}) == 300000);
    // Backward: the drawing direction reversed.
    lines[0].oneway = Oneway::backward;
    const auto reversed = build_road_network(lines, test_speeds(), 0);
    CHECK(node_to_node(reversed, {0, 1000}, {1000, 1000}) == 300000);
    CHECK(node_to_node(reversed, {1000, 1000}, {0, 1000}) == 100000);
}

TEST_CASE("a point on the start or end node of a one-way uses the node's other roads", "[network]") {
    // c0 = (0, 0) starts the one-way c0 -> c1 = (0, 1000) of a one-way loop c0 -> c1 -> c2 -> c3
    // -> c0; a two-way street leaves c0 west to c4 = (-1000, 0) and c1 north to c5 = (0, 2000).
    // Tertiary: 36 km/h = 10 m/s, so 100 s a side. Whichever segment the tie at a corner picks,
    // c0 -> c4 is 100 s and c5 -> c1 is 100 s (not 500 s around the loop).
    const std::vector<RoadLine> loop = {
        line("tertiary", {{0, 0}, {0, 1000}}, Oneway::forward),
        line("tertiary", {{0, 1000}, {1000, 1000}}, Oneway::forward),
        line("tertiary", {{1000, 1000}, {1000, 0}}, Oneway::forward),
        line("tertiary", {{1000, 0}, {0, 0}}, Oneway::forward),
        line("tertiary", {{0, 0}, {-1000, 0}}),
        line("tertiary", {{0, 1000}, {0, 2000}})};
    bool one_way_tie_seen = false;
    for (int variant = 0; variant < 2; ++variant) {
        auto lines = loop;
        if (variant == 1)
            std::reverse(lines.begin(), lines.end()); // other node numbers, other tie winners
        const auto net = build_road_network(lines, test_speeds(), 0);
        const Snapper snapper(net.graph);
        for (const Point corner : {Point{0, 0}, Point{0, 1000}}) {
            const auto s = snapper.snap(corner, 1);
            REQUIRE(s.is_snapped);
            const auto& a = net.graph.points()[s.from_node];
            const auto& b = net.graph.points()[s.to_node];
            one_way_tie_seen = one_way_tie_seen || (a.x == 0 && b.x == 0 && a.y + b.y == 1000);
        }
        CHECK(node_to_node(net, {0, 0}, {-1000, 0}) == 100000);
        CHECK(node_to_node(net, {0, 2000}, {0, 1000}) == 100000);
        CHECK(node_to_node(net, {0, 0}, {0, 1000}) == 100000);
        CHECK(node_to_node(net, {0, 1000}, {0, 0}) == 300000);
    }
    CHECK(one_way_tie_seen); // the case the fix is for did occur
}

TEST_CASE("only the largest strongly connected component is kept", "[network]") {
    std::vector<RoadLine> lines = crossing_lines();
    lines.push_back(line("residential", {{5000, 5000}, {5100, 5000}}));         // detached
    lines.push_back(line("tertiary", {{2000, 0}, {2500, 0}}, Oneway::forward)); // stub
    const auto built = build_road_graph(lines, test_speeds());
    CHECK(built.report.nodes_before_scc == 12);
    CHECK(built.report.components == 3);
    CHECK(built.report.nodes_kept == 9);
    CHECK(built.report.second_component_nodes == 2);
    CHECK(built.report.kept_share() == Approx(9.0 / 12));
}

TEST_CASE("points snap to the nearest segment with the off-road leg on foot", "[network]") {
    const auto net = build_road_network(crossing_lines(), test_speeds(), 0);
    const Snapper snapper(net.graph);
    const auto s = snapper.snap({500, 30}, 1000);
    REQUIRE(s.is_snapped);
    CHECK(s.offroad_m == Approx(30));
    CHECK(s.on_road.x == Approx(500));
    CHECK(s.on_road.y == Approx(0));
    CHECK(!snapper.snap({500, 5000}, 1000).is_snapped);

    TravelTimeOptions o;
    o.walk_kmh = 4.5;
    o.max_snap_m = 1000;
    const auto t = road_travel_times(net, {{500, 30}, {500, 5000}}, {{2000, 0}, {800, 0}}, o);
    CHECK(t.method == TravelMethod::road_network);
    // 30 m on foot at 4.5 km/h = 24 s, then 1 500 m at 20 km/h = 270 s.
    CHECK(t.seconds(0, 0) == Approx(294.0).margin(1e-9));
    // Both on the same segment: 24 s on foot, 300 m along it (54 s), no walk at the end.
    CHECK(t.seconds(0, 1) == Approx(78.0).margin(1e-9));
    CHECK(std::isnan(t.seconds(1, 0)));
    CHECK(t.unsnapped_from == std::vector<std::size_t>{1});
    CHECK(t.unsnapped_to.empty());
}

TEST_CASE("without roads, travel times are straight line x detour at a speed, labelled",
          "[network]") {
    TravelTimeOptions o;
    o.fallback_detour_factor = 1.5;
    o.fallback_kmh = 36;
    const auto t = straight_line_travel_times({{0, 0}}, {{3000, 4000}}, o);
    CHECK(t.method == TravelMethod::straight_line);
    CHECK(method_name(t.method) == "straight_line");
    CHECK(t.label.find("straight line") != std::string::npos);
    CHECK(t.label.find("no road network") != std::string::npos);
    // 5 000 m x 1.5 at 10 m/s.
    CHECK(t.seconds(0, 0) == Approx(750));
}

TEST_CASE("a stored network reads back identical", "[network]") {
    const auto net = build_road_network(crossing_lines(), test_speeds(), 4548);
    const auto back = from_blob(to_blob(net));
    CHECK(back.crs_epsg == 4548);
    CHECK(back.graph.node_count() == net.graph.node_count());
    const auto a = net.graph.arcs(), b = back.graph.arcs();
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].tail == b[i].tail);
        CHECK(a[i].head == b[i].head);
        CHECK(a[i].data.travel_ms == b[i].data.travel_ms);
    }
    CHECK(back.hierarchy.arc_count() == net.hierarchy.arc_count());
    auto blob = to_blob(net);
    blob.resize(blob.size() / 2);
    CHECK_THROWS_AS(from_blob(blob), jw::InputError);
}
