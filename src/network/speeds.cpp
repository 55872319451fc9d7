#include <jingwei/error.hpp>
#include <jingwei/network/speeds.hpp>
#include <jingwei/io/toml_file.hpp>

namespace jw::network {

std::optional<double> SpeedTable::kmh(const std::string& road_class) const {
    const auto it = kmh_by_class.find(road_class);
    if (it == kmh_by_class.end())
        return std::nullopt;
    return it->second;
}

std::string default_speeds_path() {
    return std::string(JW_SOURCE_DIR) + "/data/roads/speeds.toml";
}

namespace {

double positive(const std::string& file, const std::string& key, const toml::node& node) {
    const auto v = node.value<double>();
    if (!v || !(*v > 0))
        throw InputError(file, 0, key, "must be a positive number");
    return *v;
}

void read_into(SpeedTable& table, const std::string& file) {
    const toml::table root = io::parse_toml_file(file);
    if (const auto* speeds = root["speeds_kmh"].as_table())
        for (const auto& [key, node] : *speeds)
            table.kmh_by_class[std::string(key.str())] =
                positive(file, "speeds_kmh." + std::string(key.str()), node);
    if (const auto* off = root["offroad"].as_table()) {
        if (const auto* n = off->get("walk_kmh"))
            table.walk_kmh = positive(file, "offroad.walk_kmh", *n);
        if (const auto* n = off->get("max_snap_m"))
            table.max_snap_m = positive(file, "offroad.max_snap_m", *n);
    }
    if (const auto* fb = root["fallback"].as_table()) {
        if (const auto* n = fb->get("detour_factor"))
            table.fallback_detour_factor = positive(file, "fallback.detour_factor", *n);
        if (const auto* n = fb->get("speed_kmh"))
            table.fallback_kmh = positive(file, "fallback.speed_kmh", *n);
    }
    if (table.fallback_detour_factor < 1)
        throw InputError(file, 0, "fallback.detour_factor", "must be at least 1");
    table.source += (table.source.empty() ? "" : " + ") + file;
}

} // namespace

SpeedTable load_speed_table(const std::string& override_path) {
    SpeedTable table;
    read_into(table, default_speeds_path());
    if (!override_path.empty())
        read_into(table, override_path);
    return table;
}

} // namespace jw::network
