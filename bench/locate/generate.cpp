// Deterministic benchmark data for `jingwei locate`: Voronoi "villages" and clustered "homes".
//
//   generate VILLAGES HOMES OUT_DIR [SEED]
//
// writes OUT_DIR/villages.gpkg (layer villages: code TEXT, polygon, EPSG:4547) and
// OUT_DIR/homes.csv (id,x,y). Village seeds: 70 % uniform, 30 % around 200 "towns", so villages
// range from large rural ones to small urban ones. Homes: 97 % around a random village's seed
// (Gaussian, sigma = 0.6 x the village's typical radius, so some fall in neighbours), 2 % uniform
// over a frame 2 % larger than the area (some fall outside every village), 1 % exactly on a
// village vertex (the boundary rule: every engine must say "covered"; printed with 17 digits so
// that every reader parses the same double). Ordinary homes are rounded to millimetres.
//
// Built by bench/locate/run.sh with GEOS and GDAL only; no Jingwei code, so the data do not
// depend on the engine under test.

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <random>
#include <string>
#include <vector>

namespace {

double uniform01(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}
double gaussian(std::mt19937_64& rng) { // Box-Muller: the same numbers on every libstdc++/libc++
    const double u = 1.0 - uniform01(rng), v = uniform01(rng);
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
}

[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "generate: %s\n", why.c_str());
    std::exit(1);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4)
        die("usage: generate VILLAGES HOMES OUT_DIR [SEED]");
    const long villages = std::atol(argv[1]);
    const long homes = std::atol(argv[2]);
    const std::string dir = argv[3];
    const std::uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 1;
    std::mt19937_64 rng(seed);

    // About 8 km^2 per village, like rural Guangdong; a square in CGCS2000 GK zone 114E metres.
    const double side_m = std::sqrt(8.0e6 * static_cast<double>(villages));
    const double x0 = 500000 - side_m / 2, y0 = 2500000, x1 = x0 + side_m, y1 = y0 + side_m;
    const double radius_m = std::sqrt(8.0e6 / M_PI);

    GEOSContextHandle_t ctx = GEOS_init_r();
    std::vector<double> sx, sy;
    std::vector<double> town_x(200), town_y(200);
    for (int t = 0; t < 200; ++t)
        town_x[t] = x0 + side_m * uniform01(rng), town_y[t] = y0 + side_m * uniform01(rng);
    while (static_cast<long>(sx.size()) < villages) {
        double x, y;
        if (uniform01(rng) < 0.7) {
            x = x0 + side_m * uniform01(rng), y = y0 + side_m * uniform01(rng);
        } else {
            const std::size_t t = rng() % 200;
            x = town_x[t] + gaussian(rng) * side_m * 0.01;
            y = town_y[t] + gaussian(rng) * side_m * 0.01;
        }
        if (x > x0 && x < x1 && y > y0 && y < y1)
            sx.push_back(std::round(x * 1000) / 1000), sy.push_back(std::round(y * 1000) / 1000);
    }
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(sx.size()), 2);
    for (std::size_t i = 0; i < sx.size(); ++i)
        GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(i), sx[i], sy[i]);
    std::vector<GEOSGeometry*> points;
    for (std::size_t i = 0; i < sx.size(); ++i)
        points.push_back(GEOSGeom_createPointFromXY_r(ctx, sx[i], sy[i]));
    GEOSCoordSeq_destroy_r(ctx, seq);
    GEOSGeometry* sites = GEOSGeom_createCollection_r(
        ctx, GEOS_MULTIPOINT, points.data(), static_cast<unsigned>(points.size()));
    GEOSGeometry* frame = GEOSGeom_createRectangle_r(ctx, x0, y0, x1, y1);
    std::fprintf(stderr, "generate: Voronoi of %ld sites\n", villages);
    GEOSGeometry* cells = GEOSVoronoiDiagram_r(ctx, sites, frame, 0.0, 0);
    if (!cells)
        die("GEOSVoronoiDiagram failed");

    GDALAllRegister();
    GDALDriverH gpkg = GDALGetDriverByName("GPKG");
    const std::string gpkg_path = dir + "/villages.gpkg";
    GDALDeleteDataset(gpkg, gpkg_path.c_str());
    GDALDatasetH ds = GDALCreate(gpkg, gpkg_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (!ds)
        die("cannot create " + gpkg_path);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 4547);
    OGRLayerH layer = GDALDatasetCreateLayer(ds, "villages", srs, wkbPolygon, nullptr);
    OGRFieldDefnH field = OGR_Fld_Create("code", OFTString);
    OGR_L_CreateField(layer, field, TRUE);
    OGR_Fld_Destroy(field);
    GDALDatasetStartTransaction(ds, FALSE);
    std::vector<double> vx, vy; // every village vertex, for boundary homes
    const int n_cells = GEOSGetNumGeometries_r(ctx, cells);
    std::vector<unsigned char> wkb;
    GEOSWKBWriter* writer = GEOSWKBWriter_create_r(ctx);
    for (int i = 0; i < n_cells; ++i) {
        const GEOSGeometry* cell = GEOSGetGeometryN_r(ctx, cells, i);
        GEOSGeometry* clipped = GEOSIntersection_r(ctx, cell, frame);
        if (GEOSGeomTypeId_r(ctx, clipped) != GEOS_POLYGON || GEOSisEmpty_r(ctx, clipped)) {
            GEOSGeom_destroy_r(ctx, clipped);
            continue;
        }
        const GEOSCoordSequence* ring =
            GEOSGeom_getCoordSeq_r(ctx, GEOSGetExteriorRing_r(ctx, clipped));
        unsigned int n = 0;
        GEOSCoordSeq_getSize_r(ctx, ring, &n);
        double x, y;
        GEOSCoordSeq_getXY_r(ctx, ring, rng() % (n - 1), &x, &y);
        vx.push_back(x), vy.push_back(y);
        std::size_t size = 0;
        unsigned char* bytes = GEOSWKBWriter_write_r(ctx, writer, clipped, &size);
        OGRGeometryH g = nullptr;
        OGR_G_CreateFromWkb(bytes, nullptr, &g, static_cast<int>(size));
        GEOSFree_r(ctx, bytes);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        char code[32];
        std::snprintf(code, sizeof code, "44%010d", i + 1);
        OGR_F_SetFieldString(f, 0, code);
        OGR_F_SetGeometryDirectly(f, g);
        if (OGR_L_CreateFeature(layer, f) != OGRERR_NONE)
            die("cannot write a village");
        OGR_F_Destroy(f);
        GEOSGeom_destroy_r(ctx, clipped);
    }
    GDALDatasetCommitTransaction(ds);
    GDALClose(ds);
    OSRDestroySpatialReference(srs);
    GEOSWKBWriter_destroy_r(ctx, writer);

    const std::string csv_path = dir + "/homes.csv";
    std::FILE* csv = std::fopen(csv_path.c_str(), "w");
    if (!csv)
        die("cannot create " + csv_path);
    std::fputs("id,x,y\n", csv);
    const double margin = side_m * 0.01;
    for (long h = 0; h < homes; ++h) {
        const double pick = uniform01(rng);
        if (pick < 0.01) {
            const std::size_t v = rng() % vx.size();
            std::fprintf(csv, "%ld,%.17g,%.17g\n", h + 1, vx[v], vy[v]);
            continue;
        }
        double x, y;
        if (pick < 0.03) {
            x = x0 - margin + (side_m + 2 * margin) * uniform01(rng);
            y = y0 - margin + (side_m + 2 * margin) * uniform01(rng);
        } else {
            const std::size_t s = rng() % sx.size();
            x = sx[s] + gaussian(rng) * radius_m * 0.6;
            y = sy[s] + gaussian(rng) * radius_m * 0.6;
        }
        std::fprintf(csv, "%ld,%.3f,%.3f\n", h + 1, x, y);
    }
    std::fclose(csv);
    std::fprintf(stderr, "generate: %d villages, %ld homes in %s\n", n_cells, homes, dir.c_str());
    GEOSGeom_destroy_r(ctx, cells);
    GEOSGeom_destroy_r(ctx, sites);
    GEOSGeom_destroy_r(ctx, frame);
    GEOS_finish_r(ctx);
    return 0;
}
