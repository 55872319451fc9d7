#pragma once
/// The imported road lines as a workspace layer QGIS opens (`roads`: class, speed, one-way, and
/// whether the line is part of the routable network), and a summary of the stored network for
/// `jingwei info`.

#include <cstdint>
#include <jingwei/network/graph.hpp>
#include <jingwei/network/road_source.hpp>
#include <jingwei/network/speeds.hpp>
#include <jingwei/store/workspace.hpp>
#include <optional>
#include <string>
#include <vector>

namespace jw::network {

/// Replaces the `roads` layer with the drivable lines of one import (points in the workspace
/// CRS). kept = 1 when at least one segment of the line joins two nodes of the routable graph
/// (the largest strongly connected component), 0 for lines only in dropped components.
/// Returns the number of lines written. Call inside the import's transaction.
std::int64_t write_road_layer(store::Workspace& ws,
                              std::int64_t network_id,
                              const std::vector<RoadLine>& lines,
                              const SpeedTable& speeds,
                              const RoadGraph& graph);

/// The newest stored network, as `jingwei info` shows it.
struct NetworkSummary {
    std::int64_t id = 0;
    std::string source_file, speeds, built_at;
    int crs_epsg = 0;
    std::int64_t lines_used = 0, nodes_before_scc = 0, components = 0, nodes = 0, arcs = 0,
                 shortcuts = 0;
    double road_km = 0;
    std::int64_t layer_lines = 0, layer_lines_kept = 0; ///< rows of the `roads` layer
};
/// nullopt when no road network was imported (commands then use the straight line).
std::optional<NetworkSummary> network_summary(store::Workspace& ws);

} // namespace jw::network
