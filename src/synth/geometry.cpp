#include "geometry.hpp"

#include <jingwei/error.hpp>

namespace jw::synth::detail {
namespace {

[[noreturn]] void fail(std::string_view op) {
    geo::GeosContext::this_thread().throw_last_error(op);
}

void collect_polygons(GEOSContextHandle_t h,
                      const GEOSGeometry* g,
                      std::vector<GEOSGeometry*>& out) {
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        if (!GEOSisEmpty_r(h, g))
            out.push_back(GEOSGeom_clone_r(h, g));
        return;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i)
            collect_polygons(h, GEOSGetGeometryN_r(h, g, i), out);
    }
}

} // namespace

GEOSContextHandle_t geos() {
    return geo::GeosContext::this_thread().get();
}

GeomPtr own(GEOSGeometry* g, std::string_view op) {
    return geo::take(g, op);
}

GeomPtr read_wkb(const std::vector<unsigned char>& wkb) {
    return geo::from_wkb(wkb.data(), wkb.size());
}

std::vector<unsigned char> write_wkb(const GEOSGeometry* g) {
    return geo::to_wkb(g);
}

GeomPtr point(double x, double y) {
    return geo::make_point(x, y);
}

GeomPtr rectangle(double xmin, double ymin, double xmax, double ymax) {
    return own(GEOSGeom_createRectangle_r(geos(), xmin, ymin, xmax, ymax), "rectangle");
}

GeomPtr clone(const GEOSGeometry* g) {
    return geo::clone(g);
}

double area(const GEOSGeometry* g) {
    return geo::area(g);
}

geo::Envelope envelope(const GEOSGeometry* g) {
    return geo::envelope(g);
}

GeomPtr polygons_of(const GEOSGeometry* g) {
    std::vector<GEOSGeometry*> parts;
    collect_polygons(geos(), g, parts);
    return own(GEOSGeom_createCollection_r(
                   geos(), GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size())),
               "multipolygon");
}

std::vector<GeomPtr> polygon_parts(const GEOSGeometry* g) {
    std::vector<GEOSGeometry*> parts;
    collect_polygons(geos(), g, parts);
    std::vector<GeomPtr> out;
    for (auto* p : parts)
        out.push_back(own(p, "polygon part"));
    return out;
}

GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b) {
    return own(GEOSIntersection_r(geos(), a, b), "intersection");
}

GeomPtr difference(const GEOSGeometry* a, const GEOSGeometry* b) {
    return own(GEOSDifference_r(geos(), a, b), "difference");
}

GeomPtr union_all(const std::vector<const GEOSGeometry*>& parts) {
    std::vector<GEOSGeometry*> clones;
    for (const auto* p : parts)
        clones.push_back(GEOSGeom_clone_r(geos(), p));
    auto collection = own(
        GEOSGeom_createCollection_r(
            geos(), GEOS_GEOMETRYCOLLECTION, clones.data(), static_cast<unsigned>(clones.size())),
        "collection");
    return own(GEOSUnaryUnion_r(geos(), collection.get()), "union");
}

std::pair<double, double> xy(const GEOSGeometry* p) {
    double x = 0, y = 0;
    if (GEOSGeomGetX_r(geos(), p, &x) == 0 || GEOSGeomGetY_r(geos(), p, &y) == 0)
        fail("point coordinates");
    return {x, y};
}

std::pair<double, double> point_on_surface(const GEOSGeometry* g) {
    auto p = own(GEOSPointOnSurface_r(geos(), g), "point on surface");
    return xy(p.get());
}

} // namespace jw::synth::detail
