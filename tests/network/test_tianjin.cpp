// The real road layer of Tianjin Hexi (GBK shapefile from ../shared): one well-connected
// driving graph when noded at shared coordinates with layers and Geofabrik one-way codes.

#include <jingwei/geo/crs.hpp>
#include <jingwei/network/travel_times.hpp>

#include "support/support.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <cmath>
#include <random>

using namespace jw::network;

namespace {
std::vector<RoadLine> projected(RoadSource s) {
    const jw::geo::Transformer t(jw::geo::CrsSpec::parse(s.crs), jw::geo::CrsSpec::parse("EPSG:4527"));
    for (auto& l : s.lines)
        for (auto& p : l.points)
            t.transform(p.x, p.y);
    return s.lines;
}
} // namespace

TEST_CASE("Tianjin Hexi GBK shapefile gives one well-connected driving graph", "[network][tianjin]") {
    const auto path = jw::test::shared_path("data/tianjin-hexi/roads_osm_gbk.shp");
    if (!std::filesystem::exists(path)) {
        WARN("skipped: " << path << " not found");
        return;
    }
    const auto source = read_gdal_roads(path.string());
    CHECK(source.features_read == 1817);
    CHECK(source.lines_by_class.at("trunk") == 190);
    std::int64_t forward = 0, backward = 0;
    for (const auto& l : source.lines) {
        forward += l.oneway == Oneway::forward;
        backward += l.oneway == Oneway::backward;
    }
    CHECK(forward > 100);  // F is one-way along the drawing, not "false"
    const auto speeds = load_speed_table();
    const auto lines = projected(source);
    const auto net = build_road_network(lines, speeds, 4527);
    const auto& r = net.report;
    INFO("nodes " << r.nodes_before_scc << " kept " << r.nodes_kept << " components " << r.components);
    CHECK(r.skipped_by_class.at("footway") == 151);
    CHECK(r.nodes_before_scc > 5000);
    CHECK(r.kept_share() > 0.8);
    CHECK(r.kept_share() < 0.95);

    // The hierarchy and plain Dijkstra agree on random node pairs of the real graph.
    std::mt19937_64 rng(1);
    std::vector<Endpoint> sources, targets;
    std::vector<NodeIndex> s_nodes;
    for (int i = 0; i < 30; ++i) {
        s_nodes.push_back(static_cast<NodeIndex>(rng() % net.graph.node_count()));
        sources.push_back({{s_nodes.back(), 0}});
        targets.push_back({{static_cast<NodeIndex>(rng() % net.graph.node_count()), 0}});
    }
    const auto by_ch = net.hierarchy.many_to_many(sources, targets, 2);
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto reference = boost_dijkstra(net.graph, s_nodes[i]);
        for (std::size_t j = 0; j < targets.size(); ++j)
            REQUIRE(by_ch.at(i, j) == reference[targets[j][0].node]);
    }
    // Across the district (about 10 km) by car takes minutes, not hours.
    const double worst = *std::max_element(by_ch.ms.begin(), by_ch.ms.end()) / 1000.0;
    CHECK(worst < 3600);
    CHECK(worst > 60);
}
