#pragma once
// What a map shows, read from the workspace: one feature per unit (or grid cell) with its value
// and status, the facilities, and what the notices must say. Private to src/render/.

#include <cstdint>
#include <jingwei/grid/cover.hpp>
#include <jingwei/render/map.hpp>
#include <optional>
#include <string>
#include <vector>

namespace jw::render::detail {

enum class FeatureStatus { value, unknown, suppressed };

struct MapFeature {
    std::string code, name;
    grid::MultiPolygon polygon;      // empty for a unit known only by its seat point
    std::vector<unsigned char> wkb;  // the same polygon as WKB (GEOS, GDAL)
    std::optional<grid::Point> seat; // where a unit without a polygon is drawn
    FeatureStatus status = FeatureStatus::unknown;
    std::optional<double> value;  // in the indicator's unit (a count for cells)
    std::optional<double> mapped; // what is classed: % of target, or the count
    std::string gap_status;       // gap_results.status, or "" for counts
    std::int64_t cell_id = -1;    // grid_cells.id for level cell
    double area_m2 = 0;
};

struct MapFacility {
    double x = 0, y = 0;
    std::string id, name, kind, status;
    std::optional<std::int64_t> beds; // the profile's bed kind (authorised or open)
};

struct MapLayer {
    std::string indicator, name_zh, name_en, unit, level;
    std::string profile, profile_title, source_file, source_clause;
    int target_year = 0;
    std::optional<double> target;
    bool at_most = false, is_count = false, as_gap = false;
    std::string as_of;
    int min_cell_count = 0;
    int epsg = 0;
    std::string area_name; // the city (or county) the map covers, for the title
    std::vector<MapFeature> features;
    std::vector<MapFacility> facilities;
    std::vector<grid::MultiPolygon> context;               // county outlines drawn over finer maps
    std::vector<grid::MultiPolygon> township_context;      // township outlines over village maps
    std::vector<std::string> synthetic_what, derived_what; // for the notices
    std::string population_method;                         // cells: how population was allocated
    std::string beds_counted; // the profile's bed kind, e.g. "编制床位 authorised beds"
    grid::GridSpec grid; // cell maps: the workspace's grid
};

/// A feature's class as maps and styles number it: 1..n the classes, 0 a count below the first
/// class (zero), -1 suppressed, -2 unknown.
int class_id(const MapFeature& feature, const Classification& classes);

/// Reads everything the map needs; throws as make_map() documents.
MapLayer load_map_layer(store::Workspace& ws, const MapOptions& options);

/// A village committee's name as maps print it: "XX村民委员会" -> "XX村", "XX社区居民委员会" ->
/// "XX社区", "XX居民委员会" -> "XX居委会", "XX村委会" -> "XX村"; other names unchanged.
std::string short_unit_name(const std::string& name);

/// 县（区）, 镇（街）, 村（居）, 网格.
const char* level_name_zh(const std::string& level);

} // namespace jw::render::detail
