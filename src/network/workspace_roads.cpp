// `jingwei import WS roads FILE`: read, project, build, contract, store in one transaction.

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <jingwei/error.hpp>
#include <jingwei/geo/crs.hpp>
#include <jingwei/geo/geos.hpp>
#include <jingwei/network/road_layer.hpp>
#include <jingwei/network/workspace_roads.hpp>
#include <jingwei/store/import.hpp>
#include <memory>
#include <openssl/evp.h>
#include <sstream>

namespace jw::network {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

RoadImportResult
import_roads(store::Workspace& ws, const RoadImportOptions& options, const Progress& progress) {
    if (!std::filesystem::exists(options.file))
        throw InputError(options.file, 0, "", "no such file");
    RoadImportResult result;
    const auto speeds = load_speed_table(options.speeds_path);
    auto start = std::chrono::steady_clock::now();
    RoadSource source = is_osm_file(options.file)
                            ? read_osm_roads(options.file, sub_progress(progress, 0, 0.3))
                            : read_gdal_roads(options.file,
                                              options.layer,
                                              options.fields,
                                              options.encoding,
                                              sub_progress(progress, 0, 0.3));
    result.features_read = source.features_read;
    if (!options.crs.empty())
        source.crs = options.crs;
    result.source_crs = source.crs;
    if (source.lines.empty())
        throw InputError(options.file, 0, "", "no road lines in the file");

    const auto source_crs = geo::CrsSpec::parse(source.crs);
    store::Transaction tx(ws.db());
    if (ws.crs_epsg() == 0) {
        // Gauss-Kruger zone of the roads' mean longitude, as the other imports choose it.
        geo::Transformer to_lonlat(source_crs, geo::CrsSpec::parse("EPSG:4326"));
        double lon_sum = 0;
        std::size_t n = 0;
        for (const auto& l : source.lines)
            for (auto p : l.points) {
                to_lonlat.transform(p.x, p.y);
                lon_sum += p.x;
                ++n;
            }
        ws.set_crs(geo::gauss_kruger_3deg_epsg(lon_sum / static_cast<double>(n)));
        result.crs_chosen_now = true;
    }
    result.workspace_epsg = ws.crs_epsg();
    {
        const geo::Transformer to_ws(
            source_crs, geo::CrsSpec::parse("EPSG:" + std::to_string(result.workspace_epsg)));
        std::vector<double> xs, ys;
        for (auto& l : source.lines) {
            xs.resize(l.points.size());
            ys.resize(l.points.size());
            for (std::size_t k = 0; k < l.points.size(); ++k) {
                xs[k] = l.points[k].x;
                ys[k] = l.points[k].y;
            }
            try {
                to_ws.transform(xs, ys);
            } catch (const InputError& e) {
                throw InputError(options.file, l.source_row, "geometry", e.reason);
            }
            for (std::size_t k = 0; k < l.points.size(); ++k)
                l.points[k] = {xs[k], ys[k]};
        }
    }
    result.read_seconds = seconds_since(start);

    start = std::chrono::steady_clock::now();
    auto built = build_road_graph(source.lines, speeds, sub_progress(progress, 0.3, 0.4));
    result.build_seconds = seconds_since(start);
    result.report = built.report;
    if (built.graph.node_count() == 0)
        throw InputError(options.file,
                         0,
                         "",
                         "no drivable road: no line has a class in the speed table (" +
                             speeds.source + ") or a speed");
    start = std::chrono::steady_clock::now();
    RoadNetwork net;
    net.graph = std::move(built.graph);
    net.report = built.report;
    net.hierarchy = ContractionHierarchy::build(net.graph, {}, sub_progress(progress, 0.4, 0.95));
    net.crs_epsg = result.workspace_epsg;
    net.source_file = std::filesystem::absolute(options.file).string();
    net.speeds_source = speeds.source;
    result.contract_seconds = seconds_since(start);
    result.shortcuts = net.hierarchy.shortcut_count();

    const auto& r = result.report;
    ws.db()
        .prepare(
            "INSERT INTO imports (kind, file, sha256, source_crs, encoding, options, rows_read, "
            "rows_kept, "
            "started_at, finished_at, status) VALUES ('roads', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok')")
        .bind(1, net.source_file)
        .bind(2, store::file_sha256(options.file))
        .bind(3, source.crs)
        .bind(4, source.encoding)
        .bind(5, "{\"speeds\": \"" + speeds.source + "\"}")
        .bind(6, result.features_read)
        .bind(7, r.lines_used)
        .bind(8, store::utc_timestamp())
        .bind(9, store::utc_timestamp())
        .run();
    result.import_id = ws.db().last_insert_rowid();
    ws.db()
        .prepare(
            "INSERT INTO road_networks (import_id, source_file, crs_epsg, speeds, lines_used, "
            "nodes_before_scc, components, nodes, arcs, shortcuts, road_km, built_at, network) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, result.import_id)
        .bind(2, net.source_file)
        .bind(3, net.crs_epsg)
        .bind(4, speeds.source)
        .bind(5, r.lines_used)
        .bind(6, r.nodes_before_scc)
        .bind(7, r.components)
        .bind(8, r.nodes_kept)
        .bind(9, r.arcs_kept)
        .bind(10, static_cast<std::int64_t>(result.shortcuts))
        .bind(11, r.road_km_kept)
        .bind(12, store::utc_timestamp())
        .bind_blob(13, to_blob(net))
        .run();
    // The lines as a layer QGIS opens, with what the graph kept of them.
    write_road_layer(ws, ws.db().last_insert_rowid(), source.lines, speeds, net.graph);
    tx.commit();
    progress(1.0, "road network stored");
    return result;
}

std::optional<RoadNetwork> load_road_network(store::Workspace& ws) {
    auto st = ws.db().prepare("SELECT network, source_file, speeds, lines_used, nodes_before_scc, "
                              "components, nodes, arcs, road_km "
                              "FROM road_networks ORDER BY id DESC LIMIT 1");
    if (!st.step())
        return std::nullopt;
    RoadNetwork net;
    try {
        net = from_blob(st.column_blob(0));
    } catch (const InputError& e) {
        throw InputError(ws.path(), 0, "road_networks", e.reason);
    }
    net.source_file = st.column_text(1);
    net.speeds_source = st.column_text(2);
    net.report.lines_used = st.column_int(3);
    net.report.nodes_before_scc = st.column_int(4);
    net.report.components = st.column_int(5);
    net.report.nodes_kept = st.column_int(6);
    net.report.arcs_kept = st.column_int(7);
    net.report.road_km_kept = st.column_double(8);
    return net;
}

} // namespace jw::network

namespace jw::network {

NamedPoints read_points(const std::string& path, const std::string& crs, int to_epsg) {
    io::TableReader reader(path);
    const auto& cols = reader.columns();
    auto find = [&](std::initializer_list<const char*> names) {
        for (const char* n : names)
            for (std::size_t i = 0; i < cols.size(); ++i) {
                std::string c = cols[i];
                std::transform(c.begin(), c.end(), c.begin(), [](unsigned char ch) {
                    return std::tolower(ch);
                });
                if (c == n)
                    return static_cast<int>(i);
            }
        return -1;
    };
    const int id_col = find({"id", "code", "key"});
    const int x_col = find({"x", "lon", "lng", "longitude", "经度"});
    const int y_col = find({"y", "lat", "latitude", "纬度"});
    const std::string from_crs = !crs.empty() ? crs : reader.crs().value_or("EPSG:4326");
    const geo::Transformer to_ws(geo::CrsSpec::parse(from_crs),
                                 geo::CrsSpec::parse("EPSG:" + std::to_string(to_epsg)));
    NamedPoints out;
    io::Row row;
    while (reader.next(row)) {
        try {
            Point p;
            if (!row.wkb.empty()) {
                const auto g = geo::from_wkb(row.wkb.data(), row.wkb.size());
                const auto e = geo::envelope(g.get());
                p = {(e.xmin + e.xmax) / 2, (e.ymin + e.ymax) / 2};
            } else {
                if (x_col < 0 || y_col < 0)
                    throw InputError(path, 0, "", "no geometry and no x/y (lon/lat) columns");
                auto number = [&](int col) {
                    char* end = nullptr;
                    const std::string& v = row.values[static_cast<std::size_t>(col)];
                    const double d = std::strtod(v.c_str(), &end);
                    if (v.empty() || *end != '\0')
                        throw InputError(path,
                                         row.number,
                                         cols[static_cast<std::size_t>(col)],
                                         "'" + v + "' is not a number");
                    return d;
                };
                p = {number(x_col), number(y_col)};
            }
            to_ws.transform(p.x, p.y);
            out.xy.push_back(p);
            out.ids.push_back(id_col >= 0 ? row.values[static_cast<std::size_t>(id_col)]
                                          : std::to_string(row.number));
        } catch (const InputError& e) {
            if (!e.file.empty())
                throw;
            throw InputError(path, row.number, e.field, e.reason);
        }
    }
    return out;
}

TravelTimes workspace_travel_times(store::Workspace& ws,
                                   const std::vector<Point>& from,
                                   const std::vector<Point>& to,
                                   const TravelTimeOptions& options) {
    if (const auto net = load_road_network(ws))
        return road_travel_times(*net, from, to, options);
    return straight_line_travel_times(from, to, options);
}

} // namespace jw::network
