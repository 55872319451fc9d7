// Service-area polygons with GEOS: reached road pieces buffered by the walk left, unioned.

#include <algorithm>
#include <cmath>
#include <jingwei/access/service_areas.hpp>
#include <jingwei/geo/geos.hpp>
#include <map>

namespace jw::access {
namespace {

// Buffer widths are rounded down to this step: fewer distinct widths, simpler unions.
constexpr double width_step_m = 50;

std::vector<unsigned char> finish(geo::GeomPtr g, double& area_km2) {
    auto polygons = geo::polygonal_parts(g.get());
    if (!polygons) {
        area_km2 = 0;
        return {};
    }
    area_km2 = geo::area(polygons.get()) / 1e6;
    return geo::to_wkb(polygons.get());
}

} // namespace

std::vector<unsigned char> pieces_polygon(const std::vector<network::ReachedPiece>& pieces,
                                          double walk_kmh,
                                          double min_m,
                                          double max_m,
                                          double& area_km2) {
    area_km2 = 0;
    if (pieces.empty())
        return {};
    auto& context = geo::GeosContext::this_thread();
    const auto ctx = context.get();
    // A two-way road is reached from both ends: keep each segment once, with the wider buffer.
    using Key = std::pair<std::pair<double, double>, std::pair<double, double>>;
    std::map<Key, double> width_of;
    const double walk_m_per_ms = walk_kmh / 3600.0;
    for (const auto& p : pieces) {
        double width = std::clamp(walk_m_per_ms * p.remaining_ms, min_m, std::max(min_m, max_m));
        width = std::max(min_m, std::floor(width / width_step_m) * width_step_m);
        auto a = std::make_pair(p.from.x, p.from.y), b = std::make_pair(p.to.x, p.to.y);
        if (b < a)
            std::swap(a, b);
        auto& w = width_of[{a, b}];
        w = std::max(w, width);
    }
    // Each segment buffered alone (cheap), then one cascaded union: buffering long multi-lines
    // makes GEOS node them all, which is far slower on a district's roads.
    std::vector<GEOSGeometry*> buffers;
    buffers.reserve(width_of.size());
    try {
        for (const auto& [key, width] : width_of) {
            GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, 2, 2);
            GEOSCoordSeq_setXY_r(ctx, seq, 0, key.first.first, key.first.second);
            GEOSCoordSeq_setXY_r(ctx, seq, 1, key.second.first, key.second.second);
            const auto line =
                geo::take(GEOSGeom_createLineString_r(ctx, seq), "service area segment");
            buffers.push_back(
                geo::take(GEOSBuffer_r(ctx, line.get(), width, 2), "service area buffer")
                    .release());
        }
    } catch (...) {
        for (auto* g : buffers)
            GEOSGeom_destroy_r(ctx, g);
        throw;
    }
    context.clear_last_error();
    auto all = geo::take(
        GEOSGeom_createCollection_r(
            ctx, GEOS_GEOMETRYCOLLECTION, buffers.data(), static_cast<unsigned>(buffers.size())),
        "service area parts");
    return finish(geo::take(GEOSUnaryUnion_r(ctx, all.get()), "service area union"), area_km2);
}

std::vector<unsigned char> circle_polygon(double x, double y, double radius_m, double& area_km2) {
    const auto ctx = geo::GeosContext::this_thread().get();
    const auto centre = geo::make_point(x, y);
    return finish(geo::take(GEOSBuffer_r(ctx, centre.get(), radius_m, 16), "circle"), area_km2);
}

} // namespace jw::access
