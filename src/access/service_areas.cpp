// Service-area polygons with GEOS: reached road pieces buffered by the walk left, unioned.

#include "service_areas.hpp"

#include <algorithm>
#include <cmath>
#include <jingwei/geo/geos.hpp>
#include <map>

namespace jw::access::detail {
namespace {

// Buffer widths are rounded down to this step so pieces share a few widths and each width is
// buffered as one multi-line: thousands of tiny buffers would make the union slow.
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
    std::map<double, std::vector<GEOSGeometry*>> by_width;
    const double walk_m_per_ms = walk_kmh / 3600.0;
    for (const auto& p : pieces) {
        double width = std::clamp(walk_m_per_ms * p.remaining_ms, min_m, std::max(min_m, max_m));
        width = std::max(min_m, std::floor(width / width_step_m) * width_step_m);
        GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, 2, 2);
        GEOSCoordSeq_setXY_r(ctx, seq, 0, p.from.x, p.from.y);
        GEOSCoordSeq_setXY_r(ctx, seq, 1, p.to.x, p.to.y);
        by_width[width].push_back(GEOSGeom_createLineString_r(ctx, seq));
    }
    std::vector<GEOSGeometry*> buffers;
    for (auto& [width, lines] : by_width) {
        context.clear_last_error();
        auto multi = geo::take(
            GEOSGeom_createCollection_r(
                ctx, GEOS_MULTILINESTRING, lines.data(), static_cast<unsigned>(lines.size())),
            "service area lines");
        lines.clear();
        auto buffered = geo::take(GEOSBuffer_r(ctx, multi.get(), width, 4), "service area buffer");
        buffers.push_back(buffered.release());
    }
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

} // namespace jw::access::detail
