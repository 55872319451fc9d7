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

/// Calls fn(i, cell_area, share) for every share the grid keeps: unit i's pieces in cells of the
/// area (a village edge beyond every township is not a cell), share = piece ÷ the unit's total.
/// The one definition the summary, the workspace writer and the file writer all follow.
template <class Fn>
void for_each_share(const std::vector<std::vector<CellArea>>& areas,
                    const std::vector<CellTotals>& cells,
                    Fn&& fn) {
    for (std::size_t i = 0; i < areas.size(); ++i) {
        double unit_area = 0;
        for (const auto& ca : areas[i])
            unit_area += ca.area_m2;
        if (unit_area <= 0)
            continue;
        for (const auto& ca : areas[i])
            if (cells[static_cast<std::size_t>(ca.cell)].area_m2 > 0)
                fn(i, ca, ca.area_m2 / unit_area);
    }
}

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
