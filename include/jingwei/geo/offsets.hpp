#pragma once
/// GCJ-02 (Amap/Tencent) and BD-09 (Baidu): the Chinese obfuscated datums PROJ does not have.
/// Forward transforms are the published closed formulas; inverses iterate the forward to < 0.01 m.
/// Outside China's bounding box (the formula's own test) GCJ-02 equals WGS84.

namespace jw::geo {

/// Longitude, latitude in degrees.
struct LonLat {
    double lon = 0;
    double lat = 0;
};

/// True outside the box where GCJ-02 applies (lon 72.004–137.8347, lat 0.8293–55.8271).
bool is_outside_china(LonLat p);

LonLat wgs84_to_gcj02(LonLat p);
/// Iterative inverse: forward(result) is within 0.01 m of p.
LonLat gcj02_to_wgs84(LonLat p);
LonLat gcj02_to_bd09(LonLat p);
/// Iterative inverse of gcj02_to_bd09 to < 0.01 m.
LonLat bd09_to_gcj02(LonLat p);
LonLat wgs84_to_bd09(LonLat p);
LonLat bd09_to_wgs84(LonLat p);

/// Great-circle distance in metres (haversine on the IUGG mean radius 6 371 008.8 m); accurate
/// to well under a millimetre at the centimetre scale the inverses are tested at.
double distance_m(LonLat a, LonLat b);

} // namespace jw::geo
