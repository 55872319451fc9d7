// The plain GEOS program the issue asks `jingwei locate` never to be slower than: what a careful
// C++ programmer writes in an afternoon. One thread; GDAL reads the polygons, stdio the CSV;
// an STRtree of envelopes, a prepared geometry per polygon, covers as the predicate (boundary
// inside), the first polygon in file order wins when several hold a point.
//
//   geos_reference POINTS.csv POLYGONS KEY OUT.csv
//
// POINTS.csv has the header id,x,y. Built by bench/locate/run.sh with GEOS and GDAL only.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>
#include <string>
#include <vector>

namespace {
[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "geos_reference: %s\n", why.c_str());
    std::exit(1);
}

struct Village {
    GEOSGeometry* geometry;
    const GEOSPreparedGeometry* prepared;
    std::size_t rank; // position in the file
};

struct Query {
    GEOSContextHandle_t ctx;
    const GEOSGeometry* point;
    const Village* best;
};
} // namespace

int main(int argc, char** argv) {
    if (argc != 5)
        die("usage: geos_reference POINTS.csv POLYGONS KEY OUT.csv");
    GEOSContextHandle_t ctx = GEOS_init_r();
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(argv[2], GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    if (!ds)
        die(std::string("cannot open ") + argv[2]);
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    const int key = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), argv[3]);
    if (key < 0)
        die(std::string("no field ") + argv[3]);
    std::vector<Village> villages;
    std::vector<std::string> codes;
    std::vector<unsigned char> wkb;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(layer)) != nullptr) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g) {
            wkb.resize(static_cast<std::size_t>(OGR_G_WkbSize(g)));
            OGR_G_ExportToIsoWkb(g, wkbNDR, wkb.data());
            GEOSGeometry* geometry = GEOSGeomFromWKB_buf_r(ctx, wkb.data(), wkb.size());
            villages.push_back({geometry, GEOSPrepare_r(ctx, geometry), codes.size()});
            codes.emplace_back(OGR_F_GetFieldAsString(f, key));
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    GEOSSTRtree* tree = GEOSSTRtree_create_r(ctx, 10);
    for (Village& v : villages)
        GEOSSTRtree_insert_r(ctx, tree, v.geometry, &v);

    std::FILE* in = std::fopen(argv[1], "r");
    std::FILE* out = std::fopen(argv[4], "w");
    if (!in || !out)
        die("cannot open the points or the output");
    char line[4096];
    if (!std::fgets(line, sizeof line, in))
        die("empty points file");
    std::fprintf(out, "id,%s\n", argv[3]);
    while (std::fgets(line, sizeof line, in)) {
        char* comma1 = std::strchr(line, ',');
        if (!comma1)
            continue;
        *comma1 = '\0';
        char* rest = nullptr;
        const double x = std::strtod(comma1 + 1, &rest);
        const double y = std::strtod(rest + 1, nullptr);
        GEOSGeometry* point = GEOSGeom_createPointFromXY_r(ctx, x, y);
        Query q{ctx, point, nullptr};
        GEOSSTRtree_query_r(
            ctx,
            tree,
            point,
            [](void* item, void* data) {
                auto& query = *static_cast<Query*>(data);
                const auto* v = static_cast<const Village*>(item);
                if (query.best && query.best->rank < v->rank)
                    return;
                if (GEOSPreparedCovers_r(query.ctx, v->prepared, query.point) == 1)
                    query.best = v;
            },
            &q);
        GEOSGeom_destroy_r(ctx, point);
        std::fprintf(out, "%s,%s\n", line, q.best ? codes[q.best->rank].c_str() : "");
    }
    std::fclose(in);
    if (std::fclose(out) != 0)
        die("cannot write the output");
    // Freed as a program that cares about leaks would; the time counts.
    GEOSSTRtree_destroy_r(ctx, tree);
    for (Village& v : villages) {
        GEOSPreparedGeom_destroy_r(ctx, v.prepared);
        GEOSGeom_destroy_r(ctx, v.geometry);
    }
    GEOS_finish_r(ctx);
    return 0;
}
