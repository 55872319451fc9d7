#pragma once
/// Road networks in the workspace: `jingwei import WS roads FILE` and loading the stored one.

#include <jingwei/network/road_source.hpp>
#include <jingwei/network/travel_times.hpp>
#include <jingwei/store/workspace.hpp>

#include <optional>
#include <string>

namespace jw::network {

struct RoadImportOptions {
    std::string file;            ///< .osm/.osm.pbf (libosmium) or any GDAL line layer
    std::string layer;           ///< GDAL layer, "" = the only one
    RoadFields fields;           ///< GDAL field names, "" = the usual ones
    io::Encoding encoding = io::Encoding::automatic;
    std::string crs;             ///< CRS of the coordinates when the file does not say
    std::string speeds_path;     ///< speed table overriding the bundled one, "" = none
};

struct RoadImportResult {
    std::int64_t import_id = 0;
    std::int64_t features_read = 0;
    BuildReport report;
    std::size_t shortcuts = 0;
    std::string source_crs;
    int workspace_epsg = 0;
    bool crs_chosen_now = false;  ///< this import fixed the workspace CRS
    double read_seconds = 0, build_seconds = 0, contract_seconds = 0;
};

/// Reads the roads, builds graph and hierarchy in the workspace CRS (chosen from the data's
/// central longitude when still "auto") and stores them in one transaction, replacing the
/// network used from now on. Throws jw::InputError, jw::UsageError, jw::EnvironmentError.
RoadImportResult import_roads(store::Workspace& ws,
                              const RoadImportOptions& options,
                              const Progress& progress = no_progress());

/// The newest stored network, nullopt when none was imported (then use the straight line).
std::optional<RoadNetwork> load_road_network(store::Workspace& ws);

} // namespace jw::network
