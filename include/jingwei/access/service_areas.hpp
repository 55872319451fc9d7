#pragma once
/// Service-area polygons (isochrones) from reached road pieces (GEOS), or circles for the
/// straight-line fallback.

#include <jingwei/network/service_area.hpp>
#include <vector>

namespace jw::access {

/// Union of the reached pieces, each buffered by the off-road walk its remaining time allows
/// (at least min_m so reached roads show as a corridor, at most max_m, the snap limit), as a
/// MultiPolygon's WKB; empty when nothing is reached. area_km2 is set.
std::vector<unsigned char> pieces_polygon(const std::vector<network::ReachedPiece>& pieces,
                                          double walk_kmh,
                                          double min_m,
                                          double max_m,
                                          double& area_km2);

/// A circle (straight-line fallback) as a MultiPolygon's WKB.
std::vector<unsigned char> circle_polygon(double x, double y, double radius_m, double& area_km2);

} // namespace jw::access
