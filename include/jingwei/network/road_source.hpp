#pragma once
/// Road lines read from OSM (libosmium) or from any GDAL line layer, before they become a graph.

#include <jingwei/io/table_reader.hpp>
#include <jingwei/progress.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace jw::network {

/// x = easting or longitude, y = northing or latitude.
struct Point {
    double x = 0;
    double y = 0;
};

/// Which way a line may be driven, relative to the order of its points.
enum class Oneway { both, forward, backward };

struct RoadLine {
    std::int64_t source_row = 0;         ///< OSM way id or 1-based feature number
    std::vector<Point> points;
    /// OSM node ids, one per point: OSM says which ways meet. Empty for GDAL layers, which are
    /// noded at shared coordinates instead (see build_road_graph).
    std::vector<std::int64_t> node_ids;
    std::string road_class;              ///< OSM highway value / Geofabrik fclass, or "ferry"
    double speed_kmh = 0;                ///< > 0 when the data gives a speed (maxspeed, field)
    double duration_s = 0;               ///< > 0 for a ferry with a duration tag: whole line
    Oneway oneway = Oneway::both;
    int layer = 0;                       ///< 0 ground; bridges > 0, tunnels < 0
};

struct RoadSource {
    std::vector<RoadLine> lines;
    std::string crs = "EPSG:4326";       ///< CRS of the points
    std::int64_t features_read = 0;      ///< ways / features seen, roads or not
    std::map<std::string, std::int64_t> lines_by_class;
};

/// Reads the highway ways and ferry routes of an .osm, .osm.pbf or .osm.bz2 file. Ways without
/// highway or route=ferry are skipped; the class filter is the speed table's job.
/// Throws jw::InputError (file, reason) for an unreadable file.
RoadSource read_osm_roads(const std::string& path, const Progress& progress = no_progress());

/// Field names of a GDAL road layer; "" = try the usual names (Geofabrik, OSM, common Chinese
/// bureau exports).
struct RoadFields {
    std::string road_class;   ///< fclass, highway, class, type, 道路等级
    std::string speed_kmh;    ///< maxspeed, speed, speed_kmh, 速度 (0 or empty = use the class)
    std::string oneway;       ///< oneway: F/T/B (Geofabrik) or yes/no/-1/1/0
    std::string layer;        ///< layer
    std::string bridge;       ///< bridge: T/F, yes/no, 1/0
    std::string tunnel;       ///< tunnel
};

/// Reads a line layer from any GDAL vector file (Shapefile in GBK, GeoJSON, GeoPackage, ...).
/// Oneway: F = along the drawing direction, T = against it, B = both (Geofabrik); yes/1/true =
/// along, -1 = against, no/0/false/empty = both. A line on a bridge or in a tunnel without a
/// layer value gets layer +1 / -1, so that it does not join the roads it crosses.
/// Throws jw::InputError (file, row, field, reason).
RoadSource read_gdal_roads(const std::string& path,
                           const std::string& layer_name = "",
                           const RoadFields& fields = {},
                           io::Encoding encoding = io::Encoding::automatic,
                           const Progress& progress = no_progress());

/// True for .osm, .osm.pbf, .osm.bz2, .osm.gz, .pbf, .o5m names.
bool is_osm_file(const std::string& path);

} // namespace jw::network
