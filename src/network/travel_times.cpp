#include <jingwei/error.hpp>
#include <jingwei/network/travel_times.hpp>

#include "binary.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace jw::network {

RoadNetwork build_road_network(const std::vector<RoadLine>& lines,
                               const SpeedTable& speeds,
                               int crs_epsg,
                               const Progress& progress) {
    RoadNetwork net;
    auto built = build_road_graph(lines, speeds, sub_progress(progress, 0, 0.3));
    net.graph = std::move(built.graph);
    net.report = built.report;
    net.hierarchy = ContractionHierarchy::build(net.graph, {}, sub_progress(progress, 0.3, 1));
    net.crs_epsg = crs_epsg;
    net.speeds_source = speeds.source;
    return net;
}

namespace {
constexpr std::uint32_t network_magic = 0x4a574e31;  // "JWN1"
}

std::vector<unsigned char> to_blob(const RoadNetwork& network) {
    std::vector<unsigned char> out;
    detail::put(out, network_magic);
    detail::put<std::int32_t>(out, network.crs_epsg);
    detail::put_vector(out, network.graph.points());
    detail::put_vector(out, network.graph.arcs());
    network.hierarchy.write(out);
    return out;
}

RoadNetwork from_blob(const std::vector<unsigned char>& blob) {
    const unsigned char* p = blob.data();
    const unsigned char* end = p + blob.size();
    if (detail::get<std::uint32_t>(p, end) != network_magic)
        throw InputError("stored road network has an unknown format: re-import the roads");
    RoadNetwork net;
    net.crs_epsg = detail::get<std::int32_t>(p, end);
    auto xy = detail::get_vector<Point>(p, end);
    auto arcs = detail::get_vector<Arc>(p, end);
    net.graph = RoadGraph(std::move(xy), std::move(arcs));
    net.hierarchy = ContractionHierarchy::read(p, end);
    if (net.hierarchy.node_count() != net.graph.node_count())
        throw InputError("stored road network and hierarchy disagree: re-import the roads");
    return net;
}

std::string method_name(TravelMethod method) {
    return method == TravelMethod::road_network ? "road_network" : "straight_line";
}

TravelTimeOptions TravelTimeOptions::from(const SpeedTable& speeds) {
    TravelTimeOptions o;
    o.walk_kmh = speeds.walk_kmh;
    o.max_snap_m = speeds.max_snap_m;
    o.fallback_detour_factor = speeds.fallback_detour_factor;
    o.fallback_kmh = speeds.fallback_kmh;
    return o;
}

TravelTimes road_travel_times(const RoadNetwork& network,
                              const std::vector<Point>& from,
                              const std::vector<Point>& to,
                              const TravelTimeOptions& options) {
    TravelTimes out;
    out.method = TravelMethod::road_network;
    char label[200];
    std::snprintf(label,
                  sizeof label,
                  "road network (%lld nodes, EPSG:%d), off-road legs on foot at %.1f km/h up to %.0f m",
                  static_cast<long long>(network.graph.node_count()),
                  network.crs_epsg,
                  options.walk_kmh,
                  options.max_snap_m);
    out.label = label;
    out.rows = from.size();
    out.cols = to.size();
    const Snapper snapper(network.graph);
    std::vector<Endpoint> sources(from.size()), targets(to.size());
    for (std::size_t i = 0; i < from.size(); ++i) {
        out.from_snaps.push_back(snapper.snap(from[i], options.max_snap_m));
        sources[i] = snapper.as_source(out.from_snaps.back(), options.walk_kmh);
        if (!out.from_snaps.back().is_snapped)
            out.unsnapped_from.push_back(i);
    }
    for (std::size_t j = 0; j < to.size(); ++j) {
        out.to_snaps.push_back(snapper.snap(to[j], options.max_snap_m));
        targets[j] = snapper.as_target(out.to_snaps.back(), options.walk_kmh);
        if (!out.to_snaps.back().is_snapped)
            out.unsnapped_to.push_back(j);
    }
    const bool use_hierarchy =
        network.hierarchy.node_count() == network.graph.node_count() && from.size() * to.size() >= options.hierarchy_min_pairs;
    const MillisMatrix ms = use_hierarchy ? network.hierarchy.many_to_many(sources, targets, options.threads)
                                          : dijkstra_matrix(network.graph, sources, targets, options.threads);
    out.travel_seconds.assign(out.rows * out.cols, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < out.rows; ++i)
        for (std::size_t j = 0; j < out.cols; ++j) {
            Millis best = ms.at(i, j);
            best = std::min(best, snapper.same_segment_ms(out.from_snaps[i], out.to_snaps[j], options.walk_kmh));
            if (best != unreachable_ms)
                out.travel_seconds[i * out.cols + j] = best / 1000.0;
        }
    return out;
}

TravelTimes straight_line_travel_times(const std::vector<Point>& from,
                                       const std::vector<Point>& to,
                                       const TravelTimeOptions& options) {
    TravelTimes out;
    out.method = TravelMethod::straight_line;
    char label[200];
    std::snprintf(label,
                  sizeof label,
                  "straight line x %.2f at %.0f km/h: no road network loaded",
                  options.fallback_detour_factor,
                  options.fallback_kmh);
    out.label = label;
    out.rows = from.size();
    out.cols = to.size();
    out.travel_seconds.resize(out.rows * out.cols);
    const double metres_per_second = options.fallback_kmh / 3.6;
    for (std::size_t i = 0; i < out.rows; ++i)
        for (std::size_t j = 0; j < out.cols; ++j)
            out.travel_seconds[i * out.cols + j] =
                std::hypot(to[j].x - from[i].x, to[j].y - from[i].y) * options.fallback_detour_factor /
                metres_per_second;
    return out;
}

} // namespace jw::network
