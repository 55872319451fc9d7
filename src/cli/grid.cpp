// jingwei grid WS --cell 1000 [--shape square|hex] [--extent CODE] [--threads N]
#include "command.hpp"

#include <cstdio>
#include <filesystem>
#include <jingwei/grid/build.hpp>
#include <jingwei/store/workspace.hpp>

namespace {
struct Args {
    std::string workspace;
    jw::grid::GridOptions options;
};

void run(const Args& a, const jw::cli::Common& common) {
    auto ws = jw::store::Workspace::open(a.workspace);
    const auto s = jw::grid::build_grid(ws, a.options, jw::cli::progress_bar(common));
    if (common.json) {
        jw::cli::print_json({{"cell_m", s.grid.cell_m},
                             {"shape", a.options.shape},
                             {"origin", {s.grid.origin_x, s.grid.origin_y}},
                             {"cols", s.grid.cols},
                             {"rows", s.grid.rows},
                             {"cells", s.cells},
                             {"partial_cells", s.partial_cells},
                             {"share_rows", s.share_rows},
                             {"counties", s.counties},
                             {"townships", s.townships},
                             {"villages", s.villages},
                             {"max_share_sum_error", s.max_share_sum_error},
                             {"population_level", s.population_level},
                             {"population_method", s.population_method},
                             {"population_year", s.population_year},
                             {"population_total", s.population_total},
                             {"population_allocated", s.population_allocated},
                             {"units_without_population", s.units_without_population},
                             {"units_weighted_by_area", s.units_weighted_by_area},
                             {"patients_in_cells", s.patients_in_cells},
                             {"patients_outside", s.patients_outside},
                             {"facilities_in_cells", s.facilities_in_cells},
                             {"facilities_outside", s.facilities_outside},
                             {"compute_seconds", s.compute_seconds},
                             {"write_seconds", s.write_seconds},
                             {"output", a.options.output.empty() ? nlohmann::json(nullptr)
                                                                 : nlohmann::json(a.options.output)},
                             {"shares_csv", s.shares_csv.empty() ? nlohmann::json(nullptr)
                                                                 : nlohmann::json(s.shares_csv)}});
        return;
    }
    char line[512];
    std::snprintf(line,
                  sizeof line,
                  "%lld cells of %.0f m (%lld cut by the outline), %lld share rows for %lld "
                  "townships and %lld "
                  "villages (max |sum of shares - 1| = %.1e)",
                  static_cast<long long>(s.cells),
                  s.grid.cell_m,
                  static_cast<long long>(s.partial_cells),
                  static_cast<long long>(s.share_rows),
                  static_cast<long long>(s.townships),
                  static_cast<long long>(s.villages),
                  s.max_share_sum_error);
    jw::cli::note(common, line);
    std::snprintf(line,
                  sizeof line,
                  "Population %.0f of %.0f allocated by %s (%d)%s",
                  s.population_allocated,
                  s.population_total,
                  s.population_method.c_str(),
                  s.population_year,
                  s.units_without_population ? (", " + std::to_string(s.units_without_population) +
                                                " units without a population")
                                                   .c_str()
                                             : "");
    jw::cli::note(common, line);
    std::snprintf(
        line,
        sizeof line,
        "Patients: %lld in cells, %lld outside; open facilities: %lld in cells, %lld outside "
        "(compute %.2f s, write %.2f s)",
        static_cast<long long>(s.patients_in_cells),
        static_cast<long long>(s.patients_outside),
        static_cast<long long>(s.facilities_in_cells),
        static_cast<long long>(s.facilities_outside),
        s.compute_seconds,
        s.write_seconds);
    jw::cli::note(common, line);
    if (!a.options.output.empty())
        jw::cli::note(common, "Cells written to " + a.options.output + ", shares to " + s.shares_csv +
                                  " (the workspace's grid tables are unchanged)");
}

const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto args = std::make_shared<Args>();
        auto* c =
            app.add_subcommand("grid",
                               "Build square or hexagonal cells with each unit's exact area share, population, "
                               "patients and facilities per cell");
        c->add_option("workspace", args->workspace, "workspace file")->required();
        c->add_option("--cell", args->options.cell_m, "cell size in metres (default 1000)");
        c->add_option("--shape",
                      args->options.shape,
                      "square (default) or hex: pointy-top hexagons of the same area as a "
                      "--cell square");
        c->add_option("--extent",
                      args->options.extent_code,
                      "only the area of this unit (a code, e.g. 441521)");
        c->add_option("--weights",
                      args->options.weights_path,
                      "GDAL raster of population weights, averaged over each cell (pixel overlap)");
        c->add_option("--threads",
                      args->options.threads,
                      "threads for the share computation (default: all cores)");
        c->add_option("-o,--output",
                      args->options.output,
                      "write the cells to this GeoTIFF (bands area_m2, population, patients, "
                      "facilities) and the shares to <stem>_shares.csv instead of the workspace: "
                      "for national grids of millions of cells")
            ->check([](const std::string& v) {
                const auto ext = std::filesystem::path(v).extension().string();
                return ext == ".tif" || ext == ".tiff" ? std::string()
                                                       : std::string("the output must be a .tif file");
            });
        c->add_flag("--json", common.json, "print the summary as JSON on stdout");
        c->add_flag("-q,--quiet", common.quiet, "no progress or notes on stderr");
        c->footer("Examples:\n  jingwei grid out/shanwei/workspace.sqlite --cell 1000\n"
                  "  jingwei grid china.sqlite --cell 1000 -o china_cells.tif   "
                  "# cells + china_cells_shares.csv, workspace unchanged");
        c->callback([args, &common] { run(*args, common); });
    }};
} // namespace
