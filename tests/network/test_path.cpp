// Path geometry on a hand-built square whose north side is one-way west -> east (tertiary,
// 10 m/s): the way back west must go round by the other three sides.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/network/path.hpp>

using namespace jw::network;

namespace {
RoadLine side(Point a, Point b, Oneway oneway = Oneway::both) {
    RoadLine l;
    l.road_class = "tertiary";
    l.points = {a, b};
    l.oneway = oneway;
    return l;
}
double length(const std::vector<Point>& line) {
    double m = 0;
    for (std::size_t i = 1; i < line.size(); ++i)
        m += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
    return m;
}
} // namespace

TEST_CASE("a path follows the roads, one-way included, from point to point", "[network]") {
    SpeedTable speeds;
    speeds.kmh_by_class = {{"tertiary", 36}};
    const auto net = build_road_network({side({0, 1000}, {1000, 1000}, Oneway::forward),
                                         side({1000, 1000}, {1000, 0}),
                                         side({1000, 0}, {0, 0}),
                                         side({0, 0}, {0, 1000})},
                                        speeds,
                                        0);
    TravelTimeOptions o;
    o.max_snap_m = 100;
    PathFinder finder(net, o);
    // Along the one-way: 30 m off the road at both ends, 1 000 m of road in between.
    const auto east = finder.path({0, 1030}, {1000, 1030});
    REQUIRE(!east.empty());
    CHECK(length(east) == Approx(1060));
    // Back west: round by (1000, 0) and (0, 0), 3 000 m of road.
    const auto west = finder.path({1000, 1030}, {0, 1030});
    REQUIRE(!west.empty());
    CHECK(length(west) == Approx(3060));
    auto passes = [&](Point p) {
        return std::any_of(west.begin(), west.end(),
                           [&](const Point& q) { return q.x == p.x && q.y == p.y; });
    };
    CHECK(passes({1000, 0}));
    CHECK(passes({0, 0}));
    // Two points on one two-way side: straight along it, no detour.
    CHECK(length(finder.path({1000, 900}, {1000, 100})) == Approx(800));
    // Beyond the snapping limit: no path.
    CHECK(finder.path({5000, 5000}, {0, 0}).empty());
}
