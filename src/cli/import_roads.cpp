// The roads kind of `jingwei import`: OSM or a GDAL road layer -> graph + hierarchy in WS.

#include "import_roads.hpp"

#include <cstdio>
#include <iostream>

namespace jw::cli {

void add_road_import_flags(CLI::App& import, RoadImportFlags& flags) {
    import.add_option(
        "--speeds", flags.speeds, "roads: speed table overriding data/roads/speeds.toml");
    import.add_option("--class-field",
                      flags.fields.road_class,
                      "roads: column with the road class (default fclass/highway/class/type)");
    import.add_option("--speed-field",
                      flags.fields.speed_kmh,
                      "roads: column with a speed in km/h (default maxspeed/speed)");
    import.add_option("--oneway-field",
                      flags.fields.oneway,
                      "roads: column with F/T/B or yes/no/-1 (default oneway)");
}

void import_roads(const std::string& workspace,
                  const std::string& file,
                  const std::string& layer,
                  const std::string& crs,
                  io::Encoding encoding,
                  const RoadImportFlags& flags,
                  const Common& common) {
    network::RoadImportOptions o;
    o.file = file;
    o.layer = layer;
    o.crs = crs;
    o.encoding = encoding;
    o.fields = flags.fields;
    o.speeds_path = flags.speeds;
    auto ws = store::Workspace::open(workspace);
    const auto r = network::import_roads(ws, o, progress_bar(common));
    const auto& b = r.report;
    if (common.json) {
        print_json({{"import_id", r.import_id},
                    {"kind", "roads"},
                    {"file", file},
                    {"features_read", r.features_read},
                    {"lines_used", b.lines_used},
                    {"skipped_by_class", b.skipped_by_class},
                    {"nodes_before_scc", b.nodes_before_scc},
                    {"components", b.components},
                    {"nodes", b.nodes_kept},
                    {"arcs", b.arcs_kept},
                    {"kept_share", b.kept_share()},
                    {"second_component_nodes", b.second_component_nodes},
                    {"road_km", b.road_km_kept},
                    {"shortcuts", r.shortcuts},
                    {"source_crs", r.source_crs},
                    {"workspace_epsg", r.workspace_epsg},
                    {"read_seconds", r.read_seconds},
                    {"build_seconds", r.build_seconds},
                    {"contract_seconds", r.contract_seconds}});
        return;
    }
    if (common.quiet)
        return;
    char line[400];
    std::snprintf(line,
                  sizeof line,
                  "%s: %lld features, %lld drivable lines -> %lld nodes in %lld strongly connected "
                  "components; kept the largest: %lld nodes (%.1f %%), %.1f km of road\n",
                  file.c_str(),
                  static_cast<long long>(r.features_read),
                  static_cast<long long>(b.lines_used),
                  static_cast<long long>(b.nodes_before_scc),
                  static_cast<long long>(b.components),
                  static_cast<long long>(b.nodes_kept),
                  100 * b.kept_share(),
                  b.road_km_kept);
    std::cerr << line;
    if (b.components > 1)
        std::cerr << "dropped " << b.nodes_before_scc - b.nodes_kept << " nodes in "
                  << b.components - 1 << " smaller components (largest of them "
                  << b.second_component_nodes
                  << " nodes): cut-off stubs, one-way dead ends, detached streets; points snap to "
                     "the kept network\n";
    for (const auto& [cls, n] : b.skipped_by_class)
        std::cerr << "not drivable (no speed for class '" << cls << "'): " << n << " lines\n";
    std::snprintf(
        line,
        sizeof line,
        "contraction hierarchy: %zu shortcuts; read %.1f s, graph %.1f s, hierarchy %.1f s\n",
        r.shortcuts,
        r.read_seconds,
        r.build_seconds,
        r.contract_seconds);
    std::cerr << line;
    if (r.crs_chosen_now)
        std::cerr << "workspace CRS set to EPSG:" << r.workspace_epsg << " from the data\n";
}

} // namespace jw::cli
