#pragma once
// The map as GIS data: cell values as a GeoTIFF, the classed layer as a GeoPackage with its QGIS
// style embedded (layer_styles). Private to src/render/.

#include "map_layer.hpp"

#include <filesystem>
#include <string>

namespace jw::render::detail {

/// Band 1 holds values (nodata where suppressed, unknown or outside: a suppressed count is never
/// written); band 2 says which, so no value doubles as a flag (−1 % is a real gap).
inline constexpr double geotiff_nodata = -9999;
inline constexpr double geotiff_status_value = 0;
inline constexpr double geotiff_status_suppressed = 1;
inline constexpr double geotiff_status_unknown = 2;
inline constexpr double geotiff_status_outside =
    geotiff_nodata; // GeoTIFF: one nodata for all bands

/// Float32, two bands (value, status), the workspace CRS, DEFLATE; level cell only.
void write_cell_geotiff(const MapLayer& layer,
                        const MapSummary& summary,
                        const std::filesystem::path& path);

/// One polygon layer (code, name, value, status, class_id, class_label, label) plus a
/// layer_styles row holding a categorised QGIS style on class_id, marked useAsDefault.
void write_styled_gpkg(const MapLayer& layer,
                       const MapSummary& summary,
                       const std::filesystem::path& path);

/// The categorised QGIS style (QML) for the layer: the map's own colours, hatching for unknown.
std::string qml_style(const MapSummary& summary);

} // namespace jw::render::detail
