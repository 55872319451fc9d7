#pragma once
/// `jingwei locate`: reads points and polygons, finds the polygon holding each point with
/// geo::PointLocator, writes `id,<key>` in input order.

#include <cstdint>
#include <jingwei/progress.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jw::io {

/// Points in input order: ids as UTF-8 text, coordinates in the source's CRS.
struct PointTable {
    /// Owns the bytes `ids` point into (the mapped file, or a buffer); shared, so moving the
    /// table never moves them.
    std::shared_ptr<const void> storage;
    std::vector<std::string_view> ids; ///< one per point
    std::vector<double> xs, ys;        ///< NaN where a row has no coordinates
    std::optional<std::string> crs;    ///< the layer's CRS when the file declares one
    bool is_fast_csv = false;          ///< read by the `id,x,y` CSV parser rather than GDAL
};

/// Reads a CSV with columns id, x, y (any order, more columns allowed) or any OGR point layer
/// (id from an `id` field, else the 1-based feature number). Plain UTF-8 CSV without quotes is
/// parsed directly over `threads` threads (0: all); anything else goes through GDAL.
/// Throws jw::InputError naming file, row and column for a non-numeric coordinate, a missing
/// column or a geometry that is not a point.
PointTable
read_points(const std::string& path, const std::string& layer = "", unsigned threads = 0);

struct LocateOptions {
    std::string points_path, polygons_path;
    std::string points_layer, polygons_layer; ///< "" = the first layer
    std::string key_field;                    ///< polygons' field written beside each id
    std::string output_path = "-";            ///< "-" = standard output
    /// The points' CRS ("EPSG:n", anything geo::CrsSpec parses); "" = the layer's own, else
    /// the polygons'. Points are reprojected when it differs from the polygons' CRS.
    std::string points_crs;
    unsigned threads = 0;        ///< 0 = every hardware thread
    double cells_per_edge = 1.0; ///< grid density, as geo::PointLocator::Options
};

struct LocateSummary {
    std::int64_t points = 0, located = 0, polygons = 0;
    /// Stage times; reading points overlaps reading polygons, so they may add up to more than
    /// the total.
    double read_polygons_s = 0, read_points_s = 0, reproject_s = 0, locate_s = 0, write_s = 0;
    bool is_fast_csv = false;
    bool is_reprojected = false;
};

/// Runs the whole job. When several polygons hold a point the first in the polygon file wins
/// (boundaries count as inside, as GEOS covers). Throws jw::InputError (file, row, field) for
/// bad input, jw::UsageError for a missing key field, jw::EnvironmentError when the output
/// cannot be written.
LocateSummary locate_points(const LocateOptions& options, const Progress& progress = no_progress());

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
void append_csv_field(std::string& out, std::string_view field);

} // namespace jw::io
