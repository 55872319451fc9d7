// Road layers from any GDAL vector file: class/speed/oneway/layer fields plus line geometry.

#include <jingwei/error.hpp>
#include <jingwei/geo/geos.hpp>
#include <jingwei/network/road_source.hpp>

#include <algorithm>
#include <cstdlib>

namespace jw::network {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// Index of the column named `wanted`, or of the first of `aliases` present; -1 when none.
// An explicit name that is missing is the user's mistake, not a silent default.
int column_index(const io::TableReader& reader,
                 const std::string& wanted,
                 std::initializer_list<const char*> aliases,
                 const char* role) {
    const auto& cols = reader.columns();
    auto find = [&](const std::string& name) {
        for (std::size_t i = 0; i < cols.size(); ++i)
            if (lower(cols[i]) == lower(name))
                return static_cast<int>(i);
        return -1;
    };
    if (!wanted.empty()) {
        const int i = find(wanted);
        if (i < 0)
            throw InputError(reader.path(), 0, wanted, std::string("no such column for the ") + role);
        return i;
    }
    for (const char* a : aliases)
        if (const int i = find(a); i >= 0)
            return i;
    return -1;
}

bool is_true(const std::string& v) {
    const auto s = lower(v);
    return s == "t" || s == "true" || s == "yes" || s == "1" || s == "y";
}

Oneway parse_oneway(const std::string& value) {
    const auto s = lower(value);
    // Geofabrik: F = forward (drawing direction), T = backward, B = both.
    if (s == "f" || s == "yes" || s == "1" || s == "true")
        return Oneway::forward;
    if (s == "t" || s == "-1" || s == "reverse")
        return Oneway::backward;
    if (s.empty() || s == "b" || s == "no" || s == "0" || s == "false")
        return Oneway::both;
    throw InputError("not a oneway value (F, T, B, yes, no, -1)");
}

void append_lines(const GEOSGeometry* g, std::vector<std::vector<Point>>& out) {
    auto* ctx = geo::GeosContext::this_thread().get();
    const int type = GEOSGeomTypeId_r(ctx, g);
    if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(ctx, g);
        for (int i = 0; i < n; ++i)
            append_lines(GEOSGetGeometryN_r(ctx, g, i), out);
        return;
    }
    if (type != GEOS_LINESTRING && type != GEOS_LINEARRING)
        throw InputError("geometry is not a line");
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, g);
    unsigned int size = 0;
    GEOSCoordSeq_getSize_r(ctx, seq, &size);
    std::vector<Point> pts;
    pts.reserve(size);
    for (unsigned int i = 0; i < size; ++i) {
        Point p;
        GEOSCoordSeq_getXY_r(ctx, seq, i, &p.x, &p.y);
        if (pts.empty() || pts.back().x != p.x || pts.back().y != p.y)
            pts.push_back(p);
    }
    if (pts.size() >= 2)
        out.push_back(std::move(pts));
}

} // namespace

RoadSource read_gdal_roads(const std::string& path,
                           const std::string& layer_name,
                           const RoadFields& fields,
                           io::Encoding encoding,
                           const Progress& progress) {
    io::TableReader reader(path, layer_name, encoding);
    RoadSource out;
    out.crs = reader.crs().value_or("EPSG:4326");
    const int class_col =
        column_index(reader, fields.road_class, {"fclass", "highway", "class", "type", "道路等级"}, "road class");
    const int speed_col =
        column_index(reader, fields.speed_kmh, {"maxspeed", "speed_kmh", "speed", "速度"}, "speed");
    const int oneway_col = column_index(reader, fields.oneway, {"oneway", "one_way", "单行"}, "oneway");
    const int layer_col = column_index(reader, fields.layer, {"layer"}, "layer");
    const int bridge_col = column_index(reader, fields.bridge, {"bridge"}, "bridge");
    const int tunnel_col = column_index(reader, fields.tunnel, {"tunnel"}, "tunnel");
    if (class_col < 0 && speed_col < 0)
        throw InputError(path, 0, "", "no road class column (fclass, highway, class, type) and no speed column; "
                                      "name one with --class-field or --speed-field");
    const std::int64_t total = reader.feature_count();
    io::Row row;
    while (reader.next(row)) {
        ++out.features_read;
        try {
            if (row.wkb.empty())
                continue;
            const auto field = [&](int col) { return col < 0 ? std::string() : row.values[col]; };
            RoadLine base;
            base.source_row = row.number;
            base.road_class = lower(field(class_col));
            if (const auto s = field(speed_col); !s.empty()) {
                char* end = nullptr;
                const double v = std::strtod(s.c_str(), &end);
                if (end == s.c_str() || v < 0)
                    throw InputError("", 0, reader.columns()[speed_col], "'" + s + "' is not a speed in km/h");
                base.speed_kmh = v;
            }
            try {
                base.oneway = parse_oneway(field(oneway_col));
            } catch (const InputError& e) {
                throw InputError("", 0, reader.columns()[oneway_col], "'" + field(oneway_col) + "' " + e.reason);
            }
            base.layer = std::atoi(field(layer_col).c_str());
            if (base.layer == 0 && is_true(field(bridge_col)))
                base.layer = 1;
            if (base.layer == 0 && is_true(field(tunnel_col)))
                base.layer = -1;
            std::vector<std::vector<Point>> parts;
            const auto g = geo::from_wkb(row.wkb.data(), row.wkb.size());
            append_lines(g.get(), parts);
            for (auto& pts : parts) {
                RoadLine line = base;
                line.points = std::move(pts);
                out.lines.push_back(std::move(line));
            }
            if (!parts.empty())
                ++out.lines_by_class[base.road_class.empty() ? "(speed field)" : base.road_class];
        } catch (const InputError& e) {
            throw InputError(path, row.number, e.field, e.reason);
        }
        if (total > 0 && out.features_read % 1024 == 0 &&
            !progress(static_cast<double>(out.features_read) / static_cast<double>(total), "reading roads"))
            throw Error("cancelled");
    }
    return out;
}

} // namespace jw::network
