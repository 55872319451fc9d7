#include "partition.hpp"

#include <cmath>
#include <jingwei/error.hpp>
#include <numeric>

namespace jw::synth::detail {
namespace {

// Area of the piece west (or south) of the line at `c`. GEOSClipByRect is several times faster
// than a full overlay and exact enough for the search; the final cut uses GEOSIntersection.
double area_before(
    const GEOSGeometry* piece, const geo::Envelope& e, double pad, bool vertical, double c) {
    GEOSGeometry* clipped =
        vertical ? GEOSClipByRect_r(geos(), piece, e.xmin - pad, e.ymin - pad, c, e.ymax + pad)
                 : GEOSClipByRect_r(geos(), piece, e.xmin - pad, e.ymin - pad, e.xmax + pad, c);
    return area(own(clipped, "clip by rectangle").get());
}

void split(GeomPtr piece,
           const std::vector<double>& weights,
           std::size_t lo,
           std::size_t hi,
           std::vector<GeomPtr>& out) {
    if (hi - lo == 1) {
        out[lo] = polygons_of(piece.get());
        return;
    }
    // Halve by count, not weight: a balanced tree keeps the pieces compact.
    const std::size_t mid = lo + (hi - lo + 1) / 2;
    const double w_before = std::accumulate(weights.begin() + lo, weights.begin() + mid, 0.0);
    const double w_after = std::accumulate(weights.begin() + mid, weights.begin() + hi, 0.0);
    const double total = area(piece.get());
    const double target = total * w_before / (w_before + w_after);
    const auto e = envelope(piece.get());
    const bool vertical = (e.xmax - e.xmin) >= (e.ymax - e.ymin);
    const double pad = 1.0 + (e.xmax - e.xmin) + (e.ymax - e.ymin);
    double low = vertical ? e.xmin : e.ymin;
    double high = vertical ? e.xmax : e.ymax;
    double c = 0.5 * (low + high);
    // Area before the line grows monotonically with its position: bisection converges.
    for (int iteration = 0; iteration < 100; ++iteration) {
        c = 0.5 * (low + high);
        const double a = area_before(piece.get(), e, pad, vertical, c);
        if (std::abs(a - target) <= 1e-9 * total || high - low < 1e-6)
            break;
        (a < target ? low : high) = c;
    }
    // Both rectangles share the cut segment exactly, so both sides compute the same nodes on it.
    const auto before = vertical ? rectangle(e.xmin - pad, e.ymin - pad, c, e.ymax + pad)
                                 : rectangle(e.xmin - pad, e.ymin - pad, e.xmax + pad, c);
    const auto after = vertical ? rectangle(c, e.ymin - pad, e.xmax + pad, e.ymax + pad)
                                : rectangle(e.xmin - pad, c, e.xmax + pad, e.ymax + pad);
    auto first = polygons_of(intersection(piece.get(), before.get()).get());
    auto second = polygons_of(intersection(piece.get(), after.get()).get());
    piece.reset();
    split(std::move(first), weights, lo, mid, out);
    split(std::move(second), weights, mid, hi, out);
}

} // namespace

std::vector<GeomPtr> partition_by_weight(const GEOSGeometry* area_,
                                         const std::vector<double>& weights) {
    if (weights.empty())
        return {};
    for (const double w : weights)
        if (!(w > 0))
            throw InternalError("partition_by_weight: weights must be positive");
    std::vector<GeomPtr> out;
    out.reserve(weights.size());
    for (std::size_t i = 0; i < weights.size(); ++i)
        out.emplace_back(nullptr, geo::GeosDeleter{geos()});
    split(polygons_of(area_), weights, 0, weights.size(), out);
    return out;
}

} // namespace jw::synth::detail
