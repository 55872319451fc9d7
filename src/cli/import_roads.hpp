#pragma once
// `jingwei import WS roads FILE`: the roads kind, kept apart from the table imports.

#include "command.hpp"

#include <jingwei/network/workspace_roads.hpp>
#include <string>

namespace jw::cli {

/// Flags only the roads kind reads; import.cpp adds them to `import`.
struct RoadImportFlags {
    std::string speeds;
    network::RoadFields fields;
};
void add_road_import_flags(CLI::App& import, RoadImportFlags& flags);

/// Imports FILE as the workspace's road network and prints the summary.
void import_roads(const std::string& workspace,
                  const std::string& file,
                  const std::string& layer,
                  const std::string& crs,
                  io::Encoding encoding,
                  const RoadImportFlags& flags,
                  const Common& common);

} // namespace jw::cli
