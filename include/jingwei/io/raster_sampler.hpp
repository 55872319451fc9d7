#pragma once
/// Reads values of a GDAL raster at points, e.g. population-weight surfaces for the grid.

#include <string>
#include <vector>

namespace jw::io {

struct XY {
    double x = 0, y = 0;
};

/// Band 1 of `path` at each point (given in EPSG `epsg`; transformed to the raster's CRS when it
/// declares another one), nearest pixel. Points outside the raster or on nodata give NaN.
/// Throws jw::InputError when the file is not a raster GDAL can read.
std::vector<double> sample_raster(const std::string& path, int epsg, const std::vector<XY>& points);

} // namespace jw::io
