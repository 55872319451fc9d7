#pragma once
// The few GEOS operations the synth steps need beyond jw::geo, on jw::geo::GeomPtr with this
// thread's jw::geo::GeosContext. Where jw::geo has the operation, these forward to it.

#include <jingwei/geo/geos.hpp>
#include <string_view>
#include <vector>

namespace jw::synth::detail {

using geo::GeomPtr;
using geo::PreparedPtr;

/// This thread's GEOS context handle.
GEOSContextHandle_t geos();
/// Owns a geometry GEOS returned; throws jw::InternalError naming `op` when it is null.
GeomPtr own(GEOSGeometry* g, std::string_view op);
GeomPtr read_wkb(const std::vector<unsigned char>& wkb);
std::vector<unsigned char> write_wkb(const GEOSGeometry* g);
GeomPtr point(double x, double y);
GeomPtr rectangle(double xmin, double ymin, double xmax, double ymax);
GeomPtr clone(const GEOSGeometry* g);
double area(const GEOSGeometry* g);
geo::Envelope envelope(const GEOSGeometry* g);
/// The polygons of any geometry (collections included) as one MultiPolygon, possibly empty.
GeomPtr polygons_of(const GEOSGeometry* g);
/// Each polygon of a (multi)polygon as its own geometry.
std::vector<GeomPtr> polygon_parts(const GEOSGeometry* g);
GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b);
GeomPtr difference(const GEOSGeometry* a, const GEOSGeometry* b);
GeomPtr union_all(const std::vector<const GEOSGeometry*>& parts);
/// A point inside the polygon (GEOSPointOnSurface), as x, y.
std::pair<double, double> point_on_surface(const GEOSGeometry* g);
std::pair<double, double> xy(const GEOSGeometry* point);

} // namespace jw::synth::detail
