#pragma once
// Pieces of the HTML report shared between its source files (library-private).

#include <cstddef>
#include <jingwei/policy/profile.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::report::detail {

/// Text made safe for HTML element content and attribute values.
std::string escape_html(std::string_view text);
/// Chinese text with its English twin; the page's language toggle shows one of them.
std::string bilingual(std::string_view zh, std::string_view en);
/// JSON for a <script type="application/json"> block: '<' escaped so "</script>" cannot occur.
std::string script_json(const nlohmann::json& doc);

bool has_table(store::Workspace& ws, const std::string& table);

/// Outlines of the units of `level` (admin_units, or grid_cells for "cell") as a GeoJSON
/// FeatureCollection in WGS84 lon/lat (properties: code, name), simplified to `tolerance_m` in
/// the workspace CRS. Units without a polygon are left out; `missing` counts them.
nlohmann::json level_features(store::Workspace& ws,
                              const std::string& level,
                              double tolerance_m,
                              std::size_t& missing);

/// Workspace-CRS points to WGS84 (lon, lat).
std::vector<std::pair<double, double>> to_lon_lat(store::Workspace& ws,
                                                  const std::vector<std::pair<double, double>>& xy);

/// A level's Chinese and English name ("township" -> 乡镇（街道）).
struct LevelName {
    const char* key;
    const char* zh;
    const char* en;
};
const LevelName& level_name(const std::string& key);
/// v with `decimals` decimals.
std::string fixed(double v, int decimals);
/// A patient count as published: 1..k-1 become "<k" (docs/privacy.md), unescaped.
std::string suppressed_count(double v, int k);

/// The sections after the gap tables (access.cpp, siting.cpp, methods.cpp). Patient counts in
/// them are suppressed below k; siting_html() appends the studies' sites (lon/lat) to `sites`.
std::string access_html(store::Workspace& ws, int k, std::size_t max_rows);
void add_access_layers(store::Workspace& ws, nlohmann::json& levels);
std::string siting_html(store::Workspace& ws, int k, nlohmann::json& sites);
std::string methods_html(store::Workspace& ws, const policy::Profile& profile);

/// The page's own stylesheet and script (page_assets.cpp).
const char* page_css();
const char* page_error_recorder_js();
const char* page_js();

} // namespace jw::report::detail
