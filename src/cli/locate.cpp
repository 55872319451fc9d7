// jingwei locate POINTS POLYGONS --key FIELD [--points-crs EPSG:n] [-o OUT.csv]

#include "command.hpp"

#include <cstdio>
#include <jingwei/error.hpp>
#include <jingwei/io/locate.hpp>

namespace {
const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto o = std::make_shared<jw::io::LocateOptions>();
        auto* c = app.add_subcommand(
            "locate", "Find the polygon that holds each point; write id,<key> in input order");
        c->add_option("points", o->points_path, "CSV with columns id,x,y, or any OGR point layer")
            ->required();
        c->add_option("polygons",
                      o->polygons_path,
                      "Any OGR polygon layer (GeoPackage, Shapefile, GeoJSON, ...)")
            ->required();
        c->add_option("--key", o->key_field, "Polygon field to write beside each point id")
            ->required();
        c->add_option(
            "--points-crs",
            o->points_crs,
            "CRS of the points (EPSG:n, wgs84, gcj02, bd09); default: the points layer's own, else "
            "the polygons'. Points are reprojected into the polygons' CRS");
        c->add_option("--points-layer", o->points_layer, "Layer of POINTS when it has several");
        c->add_option(
            "--polygons-layer", o->polygons_layer, "Layer of POLYGONS when it has several");
        c->add_option("-o,--output", o->output_path, "Output CSV (default: standard output)");
        c->add_option("--threads", o->threads, "Worker threads (default: all cores)");
        c->add_option("--cells-per-edge",
                      o->cells_per_edge,
                      "Grid cells per polygon edge (tuning; default 1)")
            ->check(CLI::Range(0.001, 64.0));
        c->add_flag("-q,--quiet", common.quiet, "No progress or summary");
        c->add_flag("--json", common.json, "Print a summary as JSON (needs -o)");
        c->footer(
            R"(A point on a boundary belongs to the polygon; where polygons overlap, the first in
POLYGONS wins. Points in no polygon get an empty key.
Example:
  jingwei locate homes.csv villages.gpkg --key code --points-crs EPSG:4326 -o homes_village.csv)");
        c->callback([o, &common] {
            if (common.json && o->output_path == "-")
                throw jw::UsageError(
                    "--json prints the summary on standard output: give -o for the CSV");
            const auto s = jw::io::locate_points(*o, jw::cli::progress_bar(common));
            if (common.json) {
                jw::cli::print_json({{"points", s.points},
                                     {"located", s.located},
                                     {"polygons", s.polygons},
                                     {"output", o->output_path},
                                     {"fast_csv", s.is_fast_csv},
                                     {"reprojected", s.is_reprojected},
                                     {"seconds",
                                      {{"read_polygons", s.read_polygons_s},
                                       {"read_points", s.read_points_s},
                                       {"reproject", s.reproject_s},
                                       {"locate", s.locate_s},
                                       {"write", s.write_s}}}});
                return;
            }
            char line[200];
            std::snprintf(line,
                          sizeof line,
                          "%lld points, %lld in a polygon, %lld outside every one of %lld polygons",
                          static_cast<long long>(s.points),
                          static_cast<long long>(s.located),
                          static_cast<long long>(s.points - s.located),
                          static_cast<long long>(s.polygons));
            jw::cli::note(common, line);
        });
    }};
} // namespace
