#pragma once
/// `jingwei map`: a choropleth of a gap-table indicator (or its gap) or of a grid-cell count,
/// as a print-ready page (PNG at any dpi, SVG, PDF), a GeoTIFF of the cell values, or a
/// GeoPackage layer that opens styled in QGIS. docs/maps.md describes what a map shows.

#include <filesystem>
#include <jingwei/render/classes.hpp>
#include <jingwei/render/labels.hpp>
#include <optional>
#include <string>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::render {

struct MapOptions {
    /// A key of docs/indicators.md (from gap_results, or computed with `profile`), or a grid
    /// cell count: "population" or "patients" (level cell).
    std::string indicator;
    std::string level; ///< county, township, village or cell; "" = cell for counts, else county
    /// Profile of the targets. "" = the one profile saved in gap_results for this indicator and
    /// level (several: UsageError); for cell counts only k (small-count threshold) is read, from
    /// "national" when "".
    std::string profile;
    std::string profile_dir; ///< "" = the bundled data/policies
    bool gap = false;        ///< map the gap to the target (percent) instead of the value
    double dpi = 96;         ///< PNG only: pixels = points × dpi ÷ 72
    std::string title;       ///< "" = made from the indicator, level and area
    std::string note;        ///< an extra footer line (e.g. "sample data", a meeting's name)
};

/// What was drawn, and where on the page (points, y down) so callers and tests can find it.
struct MapSummary {
    std::string output, format; ///< format: png, svg, pdf, tif, gpkg
    std::string indicator, level, profile, title, unit;
    std::optional<double> target;
    std::string as_of;
    int units = 0, with_value = 0, unknown = 0, suppressed = 0;
    int min_cell_count = 0;
    int labels_placed = 0, labels_moved = 0, labels_dropped = 0;
    int facilities = 0;
    bool synthetic = false; ///< a shown row is synthetic (synthetic = 1)
    bool derived = false;   ///< a shown row is derived; either raises the synthetic-data notice
    std::vector<std::string> notices; ///< the notice lines printed on the map, in order
    Classification classes;
    double page_width = 0, page_height = 0; ///< points
    Box map_frame, legend_box;
    /// page_x = offset_x + x × scale, page_y = offset_y − y × scale (x, y in the workspace CRS)
    double scale = 0, offset_x = 0, offset_y = 0;
    int epsg = 0;
};

/// Renders the map to `output` (.png, .svg, .pdf, .tif for level cell, .gpkg). Throws
/// jw::UsageError for a bad option or extension, jw::InputError when the workspace lacks what
/// the map needs (no saved or computable gap rows, no grid, no geometry), jw::EnvironmentError
/// when the file cannot be written.
MapSummary
make_map(store::Workspace& ws, const MapOptions& options, const std::filesystem::path& output);

} // namespace jw::render
