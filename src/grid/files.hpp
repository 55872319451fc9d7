#pragma once
// The file side of `jingwei grid -o cells.tif`: a national grid (millions of cells) as a GeoTIFF
// plus a CSV of unit shares, written by GDAL and a plain buffered writer instead of SQLite rows
// (docs/decisions/0008-grid.md: a 9.6 M-cell workspace write takes minutes, these files seconds).

#include <jingwei/grid/build.hpp>

#include <string>
#include <vector>

namespace jw::grid::detail {

struct CellTotals {
    double area_m2 = 0;
    double population = 0;
    std::int32_t patients = 0, facilities = 0;
};

/// Writes `tif` (bands area_m2, population, patients, facilities; NaN outside the area; row 0 of
/// the grid is the southern one, so GDAL line j is grid row rows-1-j) and `shares_csv`
/// (unit_code,cell_id,area_m2,share, UTF-8, one row per unit and cell). Both go to temporary
/// names first and are renamed at the end, so a failure leaves no half-written file.
void write_grid_files(const std::string& tif,
                      const std::string& shares_csv,
                      int epsg,
                      const GridSpec& grid,
                      const std::vector<CellTotals>& cells,
                      const std::vector<std::string>& unit_codes,
                      const std::vector<std::vector<CellArea>>& areas,
                      const GridSummary& summary);

/// The shares CSV's name beside the GeoTIFF: cells.tif -> cells_shares.csv.
std::string shares_path_for(const std::string& tif);

} // namespace jw::grid::detail
