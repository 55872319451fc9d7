#pragma once
// Partition of an area into parts with prescribed area shares, by recursive bisection.

#include "geometry.hpp"

#include <vector>

namespace jw::synth::detail {

/// Splits `area` (polygonal) into weights.size() MultiPolygons whose areas are proportional to
/// `weights` (all > 0). Items keep their order: item 0 lies west (or south) of the first cut.
/// Neighbouring parts share edges exactly; their union is `area`.
std::vector<GeomPtr> partition_by_weight(const GEOSGeometry* area,
                                         const std::vector<double>& weights);

} // namespace jw::synth::detail
