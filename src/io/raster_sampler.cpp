// A raster averaged onto the grid by GDAL's warper: exact pixel-overlap weights and any CRS,
// instead of a hand-written resampler (or the nearest pixel at the cell centre, which a
// 100 m population surface under 1 km cells would turn into noise).

#include <jingwei/error.hpp>
#include <jingwei/io/raster_sampler.hpp>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <gdal_utils.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace jw::io {

std::vector<double> average_raster(const std::string& path, const GridWindow& grid) {
    GDALAllRegister();
    GDALDatasetUniquePtr src(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!src || src->GetRasterCount() < 1)
        throw InputError(path, 0, "", std::string("not a raster GDAL can read: ") + CPLGetLastErrorMsg());
    if (grid.cols > std::numeric_limits<int>::max() || grid.rows > std::numeric_limits<int>::max())
        throw UsageError("the grid is too large to read a raster onto");
    CPLStringList args;
    for (const char* a : {"-of", "MEM", "-r", "average", "-ot", "Float64", "-dstnodata", "nan"})
        args.AddString(a);
    const auto num = [](double v) { return CPLSPrintf("%.17g", v); };
    args.AddString("-te");
    args.AddString(num(grid.origin_x));
    args.AddString(num(grid.origin_y));
    args.AddString(num(grid.origin_x + static_cast<double>(grid.cols) * grid.cell));
    args.AddString(num(grid.origin_y + static_cast<double>(grid.rows) * grid.height()));
    args.AddString("-ts");
    args.AddString(CPLSPrintf("%lld", static_cast<long long>(grid.cols)));
    args.AddString(CPLSPrintf("%lld", static_cast<long long>(grid.rows)));
    if (src->GetSpatialRef() != nullptr) { // else both sides are the grid's CRS
        args.AddString("-t_srs");
        args.AddString(CPLSPrintf("EPSG:%d", grid.epsg));
    }
    std::unique_ptr<GDALWarpAppOptions, decltype(&GDALWarpAppOptionsFree)> options(
        GDALWarpAppOptionsNew(args.List(), nullptr), GDALWarpAppOptionsFree);
    if (!options)
        throw InternalError("GDAL rejected the warp options for " + path);
    GDALDatasetH source = GDALDataset::ToHandle(src.get());
    int usage_error = 0;
    GDALDatasetUniquePtr out(GDALDataset::FromHandle(
        GDALWarp("", nullptr, 1, &source, options.get(), &usage_error)));
    if (!out)
        throw InputError(path, 0, "", std::string("cannot read it onto the grid: ") + CPLGetLastErrorMsg());
    const int cols = static_cast<int>(grid.cols), rows = static_cast<int>(grid.rows);
    std::vector<double> north_up(static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows));
    if (out->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, cols, rows, north_up.data(), cols, rows,
                                        GDT_Float64, 0, 0, nullptr) != CE_None)
        throw InputError(path, 0, "", std::string("read failed: ") + CPLGetLastErrorMsg());
    // GDAL's line 0 is the northern edge; the grid's row 0 is the southern one.
    std::vector<double> values(north_up.size());
    for (int j = 0; j < rows; ++j)
        std::copy_n(north_up.begin() + static_cast<std::ptrdiff_t>(j) * cols, cols,
                    values.begin() + static_cast<std::ptrdiff_t>(rows - 1 - j) * cols);
    return values;
}

} // namespace jw::io
