// jingwei info WS [--json]

#include "command.hpp"

#include <cstdio>
#include <iostream>
#include <jingwei/network/road_layer.hpp>
#include <jingwei/store/workspace.hpp>

namespace {
const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto path = std::make_shared<std::string>();
        auto* c = app.add_subcommand(
            "info", "Show a workspace: rows per table, CRS, extent, import history");
        c->add_option("workspace", *path, "Workspace .sqlite file")->required();
        c->add_flag("--json", common.json, "Print as JSON");
        c->footer("Example:\n  jingwei info out/shanwei/workspace.sqlite --json");
        c->callback([path, &common] {
            auto ws = jw::store::Workspace::open(*path, true);
            const auto counts = jw::store::table_counts(ws);
            const auto history = jw::store::import_history(ws);
            const auto ext = jw::store::extent(ws);
            const auto roads = jw::network::network_summary(ws);
            if (common.json) {
                nlohmann::json tables = nlohmann::json::object();
                for (const auto& t : counts)
                    tables[t.table] = {
                        {"rows", t.rows}, {"synthetic", t.synthetic}, {"derived", t.derived}};
                nlohmann::json imports = nlohmann::json::array();
                for (const auto& h : history)
                    imports.push_back({{"id", h.id},
                                       {"kind", h.kind},
                                       {"file", h.file},
                                       {"sha256", h.sha256},
                                       {"source_crs", h.source_crs},
                                       {"rows_read", h.rows_read},
                                       {"rows_kept", h.rows_kept},
                                       {"rows_rejected", h.rows_rejected},
                                       {"rejects_file", h.rejects_file},
                                       {"started_at", h.started_at},
                                       {"finished_at", h.finished_at},
                                       {"status", h.status}});
                nlohmann::json doc = {{"workspace", *path},
                                      {"schema_version", ws.schema_version()},
                                      {"crs_epsg", ws.crs_epsg()},
                                      {"tables", tables},
                                      {"imports", imports}};
                if (ext)
                    doc["extent"] = {ext->xmin, ext->ymin, ext->xmax, ext->ymax};
                doc["road_network"] = nullptr; // commands then use the straight line
                if (roads)
                    doc["road_network"] = {{"source_file", roads->source_file},
                                           {"speeds", roads->speeds},
                                           {"built_at", roads->built_at},
                                           {"lines_used", roads->lines_used},
                                           {"nodes_before_scc", roads->nodes_before_scc},
                                           {"components", roads->components},
                                           {"nodes", roads->nodes},
                                           {"arcs", roads->arcs},
                                           {"shortcuts", roads->shortcuts},
                                           {"road_km", roads->road_km},
                                           {"layer_lines", roads->layer_lines},
                                           {"layer_lines_kept", roads->layer_lines_kept}};
                jw::cli::print_json(doc);
                return;
            }
            std::cout << "Workspace: " << *path << "\nSchema version: " << ws.schema_version()
                      << "\nCRS: "
                      << (ws.crs_epsg() ? "EPSG:" + std::to_string(ws.crs_epsg())
                                        : std::string("not set yet"))
                      << '\n';
            if (ext) {
                char buf[160];
                std::snprintf(buf,
                              sizeof buf,
                              "Extent: %.1f, %.1f - %.1f, %.1f (%.1f x %.1f km)\n",
                              ext->xmin,
                              ext->ymin,
                              ext->xmax,
                              ext->ymax,
                              (ext->xmax - ext->xmin) / 1000,
                              (ext->ymax - ext->ymin) / 1000);
                std::cout << buf;
            }
            std::cout << "\nTable              rows  synthetic  derived\n";
            for (const auto& t : counts) {
                char buf[120];
                std::snprintf(buf,
                              sizeof buf,
                              "%-14s %8lld %10lld %8lld\n",
                              t.table.c_str(),
                              static_cast<long long>(t.rows),
                              static_cast<long long>(t.synthetic),
                              static_cast<long long>(t.derived));
                std::cout << buf;
            }
            if (roads) {
                char buf[400];
                std::snprintf(buf,
                              sizeof buf,
                              "\nRoad network (%s, built %s)\n  %lld nodes, %lld arcs, %.1f km "
                              "in the largest strongly connected component (%.1f %% of %lld "
                              "nodes; %lld components), %lld shortcuts\n  layer 'roads': %lld "
                              "drivable lines, %lld routable\n",
                              roads->source_file.c_str(),
                              roads->built_at.c_str(),
                              static_cast<long long>(roads->nodes),
                              static_cast<long long>(roads->arcs),
                              roads->road_km,
                              roads->nodes_before_scc
                                  ? 100.0 * static_cast<double>(roads->nodes) /
                                        static_cast<double>(roads->nodes_before_scc)
                                  : 0.0,
                              static_cast<long long>(roads->nodes_before_scc),
                              static_cast<long long>(roads->components),
                              static_cast<long long>(roads->shortcuts),
                              static_cast<long long>(roads->layer_lines),
                              static_cast<long long>(roads->layer_lines_kept));
                std::cout << buf;
            } else {
                std::cout << "\nRoad network: none (travel times use the straight line x "
                             "detour factor)\n";
            }
            std::cout << "\nImports\n";
            for (const auto& h : history)
                std::cout << "  #" << h.id << " " << h.started_at << " " << h.kind << " " << h.file
                          << ": " << h.rows_read << " read, " << h.rows_kept << " kept, "
                          << h.rows_rejected << " rejected"
                          << (h.rejects_file.empty() ? "" : " -> " + h.rejects_file) << '\n';
        });
    }};
} // namespace
