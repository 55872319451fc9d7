#pragma once
// Tiny hand-made workspaces for the synth tests, built with plain SQL.

#include "support/support.hpp"

#include <jingwei/store/workspace.hpp>
#include <string>

namespace jw::test::synth {

constexpr int epsg = 4547; // CGCS2000 / 3-degree GK CM 114E: metric, Shanwei's neighbourhood

inline void add_unit(store::Workspace& ws,
                     const std::string& code,
                     const std::string& name,
                     const std::string& level,
                     const std::string& parent) {
    ws.db()
        .prepare("INSERT INTO admin_units (code, name, level, parent_code, source) VALUES (?, ?, "
                 "?, ?, 'test')")
        .bind(1, code)
        .bind(2, name)
        .bind(3, level)
        .bind(4, parent)
        .run();
}

inline void
add_population(store::Workspace& ws, const std::string& code, long long count, int year = 2020) {
    ws.db()
        .prepare("INSERT INTO population (unit_code, year, count, source) VALUES (?, ?, ?, 'test')")
        .bind(1, code)
        .bind(2, year)
        .bind(3, static_cast<std::int64_t>(count))
        .run();
}

inline void set_polygon(store::Workspace& ws, const std::string& code, const std::string& wkt) {
    ws.db()
        .prepare(
            "UPDATE admin_units SET geom = CastToMultiPolygon(GeomFromText(?, ?)) WHERE code = ?")
        .bind(1, wkt)
        .bind(2, epsg)
        .bind(3, code)
        .run();
}

/// A 10 km square county near Shanwei's latitude (northing 2 520 000 m ≈ 22.8°N) with two
/// townships (30 000 and 10 000 residents) and five villages, plus optionally a 1 km² islet at
/// ≈ 20.7°N that must be left out like the Dongsha islands.
inline store::Workspace square_county(const std::string& path, bool with_far_islet = false) {
    auto ws = store::Workspace::create(path, "EPSG:" + std::to_string(epsg));
    add_unit(ws, "441500000000", "汕尾市", "city", "");
    add_unit(ws, "441502000000", "城区", "county", "441500000000");
    add_unit(ws, "441502001000", "甲街道", "township", "441502000000");
    add_unit(ws, "441502100000", "乙镇", "township", "441502000000");
    add_unit(ws, "441502001001", "一社区居委会", "village", "441502001000");
    add_unit(ws, "441502001002", "二社区居委会", "village", "441502001000");
    add_unit(ws, "441502001201", "三村委会", "village", "441502001000");
    add_unit(ws, "441502100201", "四村委会", "village", "441502100000");
    add_unit(ws, "441502100202", "五村委会", "village", "441502100000");
    std::string wkt =
        "MULTIPOLYGON(((500000 2520000, 510000 2520000, 510000 2530000, 500000 2530000, "
        "500000 2520000))";
    if (with_far_islet)
        wkt +=
            ", ((560000 2290000, 561000 2290000, 561000 2291000, 560000 2291000, 560000 2290000))";
    wkt += ")";
    set_polygon(ws, "441502000000", wkt);
    add_population(ws, "441502001000", 30000);
    add_population(ws, "441502100000", 10000);
    return ws;
}

} // namespace jw::test::synth
