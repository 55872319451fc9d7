// Nearest-pixel sampling of a GDAL raster; one RasterIO per point keeps memory flat whatever
// the raster's size (grids have thousands of cells, rasters can be country-wide).

#include <cmath>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <jingwei/error.hpp>
#include <jingwei/io/raster_sampler.hpp>
#include <memory>
#include <ogr_spatialref.h>

namespace jw::io {

std::vector<double>
sample_raster(const std::string& path, int epsg, const std::vector<XY>& points) {
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    struct Pop {
        ~Pop() { CPLPopErrorHandler(); }
    } pop;
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!ds || ds->GetRasterCount() < 1)
        throw InputError(
            path, 0, "", std::string("not a raster GDAL can read: ") + CPLGetLastErrorMsg());
    double gt[6];
    if (ds->GetGeoTransform(gt) != CE_None || gt[2] != 0 || gt[4] != 0)
        throw InputError(path, 0, "", "the raster has no north-up geotransform");
    GDALRasterBand* band = ds->GetRasterBand(1);
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);
    std::unique_ptr<OGRCoordinateTransformation> transform;
    if (const OGRSpatialReference* raster_srs = ds->GetSpatialRef()) {
        OGRSpatialReference ours;
        ours.importFromEPSG(epsg);
        ours.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReference theirs(*raster_srs);
        theirs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (!ours.IsSame(&theirs)) {
            transform.reset(OGRCreateCoordinateTransformation(&ours, &theirs));
            if (!transform)
                throw InputError(path,
                                 0,
                                 "",
                                 "cannot transform EPSG:" + std::to_string(epsg) +
                                     " to the raster's CRS");
        }
    }
    std::vector<double> out(points.size(), NAN);
    for (std::size_t i = 0; i < points.size(); ++i) {
        double x = points[i].x, y = points[i].y;
        if (transform && !transform->Transform(1, &x, &y))
            continue;
        const double col = std::floor((x - gt[0]) / gt[1]);
        const double row = std::floor((y - gt[3]) / gt[5]);
        if (col < 0 || row < 0 || col >= ds->GetRasterXSize() || row >= ds->GetRasterYSize())
            continue;
        double v = NAN;
        if (band->RasterIO(GF_Read,
                           static_cast<int>(col),
                           static_cast<int>(row),
                           1,
                           1,
                           &v,
                           1,
                           1,
                           GDT_Float64,
                           0,
                           0,
                           nullptr) != CE_None)
            throw InputError(path, 0, "", std::string("read failed: ") + CPLGetLastErrorMsg());
        if (!(has_nodata && v == nodata))
            out[i] = v;
    }
    return out;
}

} // namespace jw::io
