// jingwei init WS.sqlite [--crs EPSG:n|auto]

#include "command.hpp"

#include <jingwei/store/workspace.hpp>

namespace {
struct InitOptions {
    std::string path;
    std::string crs = "auto";
};

const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto opt = std::make_shared<InitOptions>();
        auto* c =
            app.add_subcommand("init", "Create a new workspace (a SpatiaLite file QGIS opens)");
        c->add_option("workspace", opt->path, "Path of the new .sqlite file")->required();
        c->add_option("--crs",
                      opt->crs,
                      "Analysis CRS: a metric EPSG code, or 'auto' to take the CGCS2000 3-degree "
                      "Gauss-Kruger zone of the first data imported")
            ->capture_default_str();
        c->add_flag("-q,--quiet", common.quiet, "No messages");
        c->add_flag("--json", common.json, "Print the result as JSON");
        c->footer(
            "Examples:\n  jingwei init shanwei.sqlite\n  jingwei init hexi.sqlite --crs EPSG:4548");
        c->callback([opt, &common] {
            auto ws = jw::store::Workspace::create(opt->path, opt->crs);
            if (common.json)
                jw::cli::print_json({{"workspace", opt->path},
                                     {"schema_version", ws.schema_version()},
                                     {"crs_epsg", ws.crs_epsg()}});
            else
                jw::cli::note(common,
                              "created " + opt->path + " (schema " +
                                  std::to_string(ws.schema_version()) + ", CRS " +
                                  (ws.crs_epsg() ? "EPSG:" + std::to_string(ws.crs_epsg())
                                                 : std::string("chosen at first import")) +
                                  ")");
        });
    }};
} // namespace
