// OSM input through libosmium: node locations in a flex map, then one pass over the ways.

#include <jingwei/error.hpp>
#include <jingwei/network/road_source.hpp>

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace jw::network {

bool is_osm_file(const std::string& path) {
    std::string p = path;
    std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* ext : {".osm", ".osm.pbf", ".osm.bz2", ".osm.gz", ".pbf", ".o5m", ".opl"})
        if (p.size() >= std::strlen(ext) && p.compare(p.size() - std::strlen(ext), std::string::npos, ext) == 0)
            return true;
    return false;
}

namespace {

bool is_yes(const char* v) {
    return v && (!std::strcmp(v, "yes") || !std::strcmp(v, "true") || !std::strcmp(v, "1"));
}

// maxspeed values: "60", "60 km/h", "40 mph", "none", "CN:urban"; 0 when not a number.
double parse_maxspeed_kmh(const char* v) {
    if (!v)
        return 0;
    char* end = nullptr;
    const double n = std::strtod(v, &end);
    if (end == v || !(n > 0))
        return 0;
    return std::strstr(end, "mph") ? n * 1.609344 : n;
}

// OSM duration "hh:mm", "hh:mm:ss" or minutes, in seconds; 0 when absent or malformed.
double parse_duration_s(const char* v) {
    if (!v)
        return 0;
    double parts[3] = {0, 0, 0};
    int count = 0;
    const char* p = v;
    while (*p && count < 3) {
        char* end = nullptr;
        parts[count++] = std::strtod(p, &end);
        if (end == p)
            return 0;
        p = end;
        if (*p == ':')
            ++p;
        else
            break;
    }
    if (count == 1)
        return parts[0] * 60;
    if (count == 2)
        return parts[0] * 3600 + parts[1] * 60;
    return parts[0] * 3600 + parts[1] * 60 + parts[2];
}

class RoadHandler : public osmium::handler::Handler {
public:
    explicit RoadHandler(RoadSource& out) : m_out(out) {}

    void way(const osmium::Way& way) {
        ++m_out.features_read;
        const auto& tags = way.tags();
        const char* highway = tags["highway"];
        const char* route = tags["route"];
        const bool is_ferry = route && !std::strcmp(route, "ferry");
        if (!highway && !is_ferry)
            return;
        if (is_yes(tags["area"]))
            return;
        const char* access = tags["motor_vehicle"] ? tags["motor_vehicle"] : tags["access"];
        if (access && (!std::strcmp(access, "no") || !std::strcmp(access, "private")))
            return;
        RoadLine line;
        line.source_row = way.id();
        line.road_class = is_ferry ? "ferry" : highway;
        for (const auto& nr : way.nodes()) {
            if (!nr.location().valid())
                continue;  // node outside an extract: the way is cut there
            line.points.push_back({nr.location().lon(), nr.location().lat()});
            line.node_ids.push_back(nr.ref());
        }
        if (line.points.size() < 2)
            return;
        line.speed_kmh = parse_maxspeed_kmh(tags["maxspeed"]);
        if (is_ferry)
            line.duration_s = parse_duration_s(tags["duration"]);
        const char* oneway = tags["oneway"];
        const char* junction = tags["junction"];
        if (oneway && !std::strcmp(oneway, "-1"))
            line.oneway = Oneway::backward;
        else if (is_yes(oneway))
            line.oneway = Oneway::forward;
        else if (oneway && !std::strcmp(oneway, "no"))
            line.oneway = Oneway::both;
        else if (line.road_class == "motorway" ||
                 (junction && (!std::strcmp(junction, "roundabout") || !std::strcmp(junction, "circular"))))
            line.oneway = Oneway::forward;  // implied by OSM's conventions
        if (const char* layer = tags["layer"])
            line.layer = std::atoi(layer);
        ++m_out.lines_by_class[line.road_class];
        m_out.lines.push_back(std::move(line));
    }

private:
    RoadSource& m_out;
};

} // namespace

RoadSource read_osm_roads(const std::string& path, const Progress& progress) {
    RoadSource out;
    try {
        const osmium::io::File file(path);
        osmium::io::Reader reader(file, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way);
        using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
        Index index;
        osmium::handler::NodeLocationsForWays<Index> locations(index);
        locations.ignore_errors();  // ways may reference nodes cut off by an extract
        RoadHandler handler(out);
        const auto size = static_cast<double>(reader.file_size());
        while (osmium::memory::Buffer buffer = reader.read()) {
            osmium::apply(buffer, locations, handler);
            if (size > 0 && !progress(std::min(1.0, static_cast<double>(reader.offset()) / size), "reading OSM"))
                throw Error("cancelled");
        }
        reader.close();
    } catch (const osmium::xml_error& e) {  // before io_error, its base
        throw InputError(path, static_cast<std::int64_t>(e.line), "", e.error_string);
    } catch (const osmium::io_error& e) {  // also pbf_error, format_version_error, ...
        throw InputError(path, 0, "", e.what());
    } catch (const std::system_error& e) {
        throw InputError(path, 0, "", e.what());
    }
    return out;
}

} // namespace jw::network
