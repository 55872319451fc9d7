#pragma once
// A small hand-made study area for import tests: county 441521 (海丰县) with two townships and
// three villages as lon/lat squares near 115.3 E 22.9 N. The geometry is synthetic (test only);
// codes and names are the real NBS 2023 ones.

#include "support.hpp"

#include <jingwei/geo/offsets.hpp>
#include <string>

namespace jw::test {

/// CSV of the five units (code,name), UTF-8.
std::string fixture_units_csv();
/// GeoJSON of the 2 township and 3 village squares, coordinates transformed by `to` (WGS84
/// lon/lat -> whatever the test wants, e.g. GCJ-02), without a "crs" member.
std::string fixture_polygons_geojson(geo::LonLat (*to)(geo::LonLat) = nullptr);
/// A valid 18-character resident ID number built from a serial (check digit computed).
std::string fake_id_number(int serial);

} // namespace jw::test
