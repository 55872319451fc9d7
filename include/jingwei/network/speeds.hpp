#pragma once
/// Driving speeds per road class, the off-road leg and the straight-line fallback, read from a
/// TOML file (data/roads/speeds.toml by default).

#include <map>
#include <optional>
#include <string>

namespace jw::network {

struct SpeedTable {
    std::map<std::string, double> kmh_by_class;  ///< drivable classes only
    double walk_kmh = 4.5;                       ///< off-road leg to the nearest road
    double max_snap_m = 1000;                    ///< farther points get no road time
    double fallback_detour_factor = 1.4;         ///< straight line x this when no roads
    double fallback_kmh = 30;
    std::string source;                          ///< file(s) it was read from

    /// Speed of a class, nullopt when the class is not drivable.
    std::optional<double> kmh(const std::string& road_class) const;
};

/// The bundled data/roads/speeds.toml.
std::string default_speeds_path();

/// Reads the bundled table, then `override_path` (when not empty) on top of it: keys in the
/// override replace the bundled ones. Throws jw::InputError (file, key, reason).
SpeedTable load_speed_table(const std::string& override_path = "");

} // namespace jw::network
