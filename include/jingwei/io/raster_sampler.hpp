#pragma once
/// Reads a GDAL raster onto Jingwei's grid, e.g. population-weight surfaces for `jingwei grid`.

#include <cstdint>
#include <string>
#include <vector>

namespace jw::io {

/// The grid to read onto: cell (col, row) covers [origin_x + col·cell, +cell) ×
/// [origin_y + row·cell_h, +cell_h) in EPSG `epsg` (cell_h = 0: square cells); row 0 is the
/// southern one.
struct GridWindow {
    int epsg = 0;
    double origin_x = 0, origin_y = 0, cell = 1000;
    std::int64_t cols = 0, rows = 0;
    double cell_h = 0;
    double height() const { return cell_h > 0 ? cell_h : cell; }
};

/// Band 1 of `path` averaged over each cell by GDAL's warper (-r average: every pixel weighted by
/// the part of it inside the cell, nodata pixels left out, reprojected when the raster declares
/// another CRS; a raster without a CRS is taken to be in the grid's). Row-major, row 0 south;
/// NaN where no pixel with data overlaps. Throws jw::InputError when GDAL cannot read the file.
std::vector<double> average_raster(const std::string& path, const GridWindow& grid);

} // namespace jw::io
