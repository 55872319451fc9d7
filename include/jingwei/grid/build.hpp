#pragma once
/// `jingwei grid`: square cells over the workspace's area with each township's and village's
/// exact area share per cell, population allocated to cells, and patients and facilities
/// counted per cell. Results replace the workspace's grid tables (grid_runs, grid_cells,
/// grid_shares) in one transaction.

#include <cstdint>
#include <jingwei/grid/cover.hpp>
#include <jingwei/progress.hpp>
#include <optional>
#include <string>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::grid {

struct GridOptions {
    double cell_m = 1000;
    std::string shape = "square"; // or "hex": hexagons of the same area (cover.hpp)
    std::string extent_code;      // "" = every unit; else a unit code (its area only)
    std::string weights_path; // a GDAL raster of weights averaged over each cell; "" = area only
    unsigned threads = 0;     // 0 = all cores
    /// "" = write the grid tables of the workspace; else a GeoTIFF path: cells go to that file
    /// (bands area_m2, population, patients, facilities) and shares to <stem>_shares.csv beside
    /// it, and the workspace is not changed. For national grids (docs/decisions/0008-grid.md).
    std::string output;
};

struct GridSummary {
    GridSpec grid;
    std::int64_t cells = 0;
    std::int64_t partial_cells = 0; // cells cut by the area's outline
    std::int64_t share_rows = 0;
    std::int64_t townships = 0, villages = 0, counties = 0; // polygons with shares
    double max_share_sum_error = 0;                         // max |Σ shares − 1| over units
    std::string population_level;  // the finest level whose polygons carry a population
    std::string population_method; // "area share of <level> polygons"
    int population_year = 0;
    double population_total = 0, population_allocated = 0;
    std::int64_t units_without_population = 0;
    std::int64_t units_weighted_by_area = 0; // with --weights: units whose cells all weigh 0
    std::int64_t patients_in_cells = 0, patients_outside = 0;
    std::int64_t facilities_in_cells = 0, facilities_outside = 0;
    double compute_seconds = 0, write_seconds = 0;
    std::string shares_csv; // with GridOptions::output: where the shares went
};

/// Throws jw::UsageError for options it cannot honour (an unknown shape, hexagons to a GeoTIFF,
/// a cell size ≤ 0, an unknown extent code), jw::InputError when the workspace has no CRS or no unit polygons.
GridSummary build_grid(store::Workspace& ws,
                       const GridOptions& options,
                       const Progress& progress = no_progress());

/// The workspace's grid (grid_runs), or nullopt before `jingwei grid` has run. Readers locate
/// points and cell centres through it, whatever the cells' shape.
std::optional<GridSpec> stored_grid(store::Workspace& ws);

/// Parses 2-D WKB (Polygon or MultiPolygon, either byte order); throws jw::InputError otherwise.
MultiPolygon parse_wkb(const std::vector<unsigned char>& wkb);

} // namespace jw::grid
