// The `roads` layer for QGIS and the network summary for `jingwei info`.

#include <cmath>
#include <jingwei/geo/geos.hpp>
#include <jingwei/network/road_layer.hpp>
#include <jingwei/store/geometry_layer.hpp>
#include <set>

namespace jw::network {
namespace {

const char* oneway_name(Oneway o) {
    return o == Oneway::forward ? "forward" : o == Oneway::backward ? "backward" : "both";
}

bool table_exists(store::Workspace& ws, const char* table) {
    return ws.db().query_int(std::string("SELECT count(*) FROM sqlite_master WHERE name = '") +
                             table + "'") == 1;
}

} // namespace

std::int64_t write_road_layer(store::Workspace& ws,
                              std::int64_t network_id,
                              const std::vector<RoadLine>& lines,
                              const SpeedTable& speeds,
                              const RoadGraph& graph) {
    store::ensure_geometry_column(ws, "roads", "geom", "LINESTRING");
    // A county has ~150 000 lines: filling the R*Tree once afterwards is several times faster
    // than its per-row triggers.
    ws.db().query_int("SELECT DisableSpatialIndex('roads', 'geom')");
    ws.db().exec("DROP TABLE IF EXISTS idx_roads_geom");
    ws.db().exec("DELETE FROM roads");
    // Nodes of the routable graph by exact coordinate: lines are noded at their own vertices.
    std::set<std::pair<double, double>> kept_nodes;
    for (const auto& p : graph.points())
        kept_nodes.insert({p.x, p.y});
    const auto ctx = geo::GeosContext::this_thread().get();
    auto insert = ws.db().prepare(
        "INSERT INTO roads (network_id, source_row, class, speed_kmh, oneway, kept, length_m, "
        "geom) VALUES (?, ?, ?, ?, ?, ?, ?, GeomFromWKB(?, " +
        std::to_string(ws.crs_epsg()) + "))");
    std::int64_t written = 0;
    for (const auto& l : lines) {
        const auto class_kmh = speeds.kmh(l.road_class);
        if (l.points.size() < 2 || (!class_kmh && !(l.speed_kmh > 0 && l.road_class.empty())))
            continue; // not drivable: not part of the network
        bool kept = false;
        double length_m = 0;
        GEOSCoordSequence* seq =
            GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(l.points.size()), 2);
        for (std::size_t k = 0; k < l.points.size(); ++k) {
            GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(k), l.points[k].x, l.points[k].y);
            if (k == 0)
                continue;
            const auto& a = l.points[k - 1];
            const auto& b = l.points[k];
            length_m += std::hypot(b.x - a.x, b.y - a.y);
            kept = kept || (kept_nodes.count({a.x, a.y}) && kept_nodes.count({b.x, b.y}));
        }
        const auto geom = geo::take(GEOSGeom_createLineString_r(ctx, seq), "road line");
        insert.bind(1, network_id)
            .bind(2, l.source_row)
            .bind(3, l.road_class)
            .bind(4, l.speed_kmh > 0 ? l.speed_kmh : class_kmh.value_or(0))
            .bind(5, oneway_name(l.oneway))
            .bind(6, kept ? 1 : 0)
            .bind(7, length_m)
            .bind_blob(8, geo::to_wkb(geom.get()))
            .run();
        ++written;
    }
    ws.db().query_int("SELECT CreateSpatialIndex('roads', 'geom')");
    return written;
}

std::optional<NetworkSummary> network_summary(store::Workspace& ws) {
    if (!table_exists(ws, "road_networks"))
        return std::nullopt;
    auto st = ws.db().prepare(
        "SELECT id, source_file, speeds, built_at, crs_epsg, lines_used, nodes_before_scc, "
        "components, nodes, arcs, shortcuts, road_km FROM road_networks ORDER BY id DESC LIMIT 1");
    if (!st.step())
        return std::nullopt;
    NetworkSummary s;
    s.id = st.column_int(0);
    s.source_file = st.column_text(1);
    s.speeds = st.column_text(2);
    s.built_at = st.column_text(3);
    s.crs_epsg = static_cast<int>(st.column_int(4));
    s.lines_used = st.column_int(5);
    s.nodes_before_scc = st.column_int(6);
    s.components = st.column_int(7);
    s.nodes = st.column_int(8);
    s.arcs = st.column_int(9);
    s.shortcuts = st.column_int(10);
    s.road_km = st.column_double(11);
    if (table_exists(ws, "roads")) {
        auto layer = ws.db().prepare(
            "SELECT count(*), coalesce(sum(kept), 0) FROM roads WHERE network_id = ?");
        layer.bind(1, s.id);
        if (layer.step()) {
            s.layer_lines = layer.column_int(0);
            s.layer_lines_kept = layer.column_int(1);
        }
    }
    return s;
}

} // namespace jw::network
