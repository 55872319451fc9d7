#include <cmath>
#include <jingwei/geo/offsets.hpp>

namespace jw::geo {
namespace {

constexpr double pi = 3.14159265358979323846;
// The published GCJ-02 constants: the Krasovsky 1940 semi-major axis and first eccentricity
// squared. Some ports use the WGS 84 axis (6378137) instead, which moves points by ~1 cm.
constexpr double krasovsky_a_m = 6378245.0;
constexpr double krasovsky_ee = 0.00669342162296594323;
// BD-09's angular factor.
constexpr double x_pi = pi * 3000.0 / 180.0;

// The inverses stop an order of magnitude inside the 0.01 m contract so that chaining two of
// them (BD-09 -> GCJ-02 -> WGS 84) still meets it. Each step shrinks the error by ~1000x
// (the offsets' derivatives are ~1e-3), so 3-4 steps usually suffice.
constexpr double inverse_tolerance_m = 0.0005;
constexpr int inverse_max_steps = 30;

double transform_lat(double x, double y) {
    double ret =
        -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
    ret += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
    ret += (20.0 * std::sin(y * pi) + 40.0 * std::sin(y / 3.0 * pi)) * 2.0 / 3.0;
    ret += (160.0 * std::sin(y / 12.0 * pi) + 320.0 * std::sin(y * pi / 30.0)) * 2.0 / 3.0;
    return ret;
}

double transform_lon(double x, double y) {
    double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
    ret += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
    ret += (20.0 * std::sin(x * pi) + 40.0 * std::sin(x / 3.0 * pi)) * 2.0 / 3.0;
    ret += (150.0 * std::sin(x / 12.0 * pi) + 300.0 * std::sin(x / 30.0 * pi)) * 2.0 / 3.0;
    return ret;
}

/// Solves forward(result) == target by fixed-point iteration x <- x - (forward(x) - target),
/// which converges because forward is the identity plus a slowly varying offset.
template <typename Forward> LonLat invert(Forward forward, LonLat target, LonLat start) {
    LonLat x = start;
    for (int step = 0; step < inverse_max_steps; ++step) {
        const LonLat f = forward(x);
        if (distance_m(f, target) < inverse_tolerance_m)
            break;
        x.lon -= f.lon - target.lon;
        x.lat -= f.lat - target.lat;
    }
    return x;
}

} // namespace

bool is_outside_china(LonLat p) {
    return !(p.lon >= 72.004 && p.lon <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271);
}

LonLat wgs84_to_gcj02(LonLat p) {
    if (is_outside_china(p))
        return p;
    double d_lat = transform_lat(p.lon - 105.0, p.lat - 35.0);
    double d_lon = transform_lon(p.lon - 105.0, p.lat - 35.0);
    const double rad_lat = p.lat / 180.0 * pi;
    double magic = std::sin(rad_lat);
    magic = 1 - krasovsky_ee * magic * magic;
    const double sqrt_magic = std::sqrt(magic);
    d_lat = (d_lat * 180.0) / ((krasovsky_a_m * (1 - krasovsky_ee)) / (magic * sqrt_magic) * pi);
    d_lon = (d_lon * 180.0) / (krasovsky_a_m / sqrt_magic * std::cos(rad_lat) * pi);
    return {p.lon + d_lon, p.lat + d_lat};
}

LonLat gcj02_to_wgs84(LonLat p) {
    if (is_outside_china(p))
        return p;
    // Start from the usual one-step approximation (subtract the offset evaluated at p, ~1-2 m
    // off), then iterate.
    const LonLat shifted = wgs84_to_gcj02(p);
    const LonLat start{2 * p.lon - shifted.lon, 2 * p.lat - shifted.lat};
    return invert(wgs84_to_gcj02, p, start);
}

// BD-09 is applied everywhere, as Baidu's published formula and the common ports do; only
// the GCJ-02 step has the outside-China test.
LonLat gcj02_to_bd09(LonLat p) {
    const double x = p.lon;
    const double y = p.lat;
    const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * x_pi);
    const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * x_pi);
    return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LonLat bd09_to_gcj02(LonLat p) {
    // The closed-form approximate inverse (signs flipped) is the starting point.
    const double x = p.lon - 0.0065;
    const double y = p.lat - 0.006;
    const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * x_pi);
    const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * x_pi);
    return invert(gcj02_to_bd09, p, LonLat{z * std::cos(theta), z * std::sin(theta)});
}

LonLat wgs84_to_bd09(LonLat p) {
    return gcj02_to_bd09(wgs84_to_gcj02(p));
}

LonLat bd09_to_wgs84(LonLat p) {
    // Iterate on the composed forward so the 0.01 m contract holds end to end.
    return invert(wgs84_to_bd09, p, gcj02_to_wgs84(bd09_to_gcj02(p)));
}

double distance_m(LonLat a, LonLat b) {
    constexpr double mean_radius_m = 6371008.8;
    constexpr double rad = pi / 180.0;
    const double s_lat = std::sin((b.lat - a.lat) * rad / 2);
    const double s_lon = std::sin((b.lon - a.lon) * rad / 2);
    const double h = s_lat * s_lat + std::cos(a.lat * rad) * std::cos(b.lat * rad) * s_lon * s_lon;
    return 2 * mean_radius_m * std::asin(std::sqrt(std::fmin(1.0, h)));
}

} // namespace jw::geo
