// Access results into the workspace as layers QGIS opens, one transaction, replacing the
// previous results for the same facility kind.

#include <cmath>
#include <jingwei/access/study.hpp>
#include <jingwei/grid/build.hpp>
#include <jingwei/store/geometry_layer.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

namespace jw::access {
namespace {

std::optional<double> finite(double v) {
    return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

} // namespace

void save_access(store::Workspace& ws, const AccessResult& r) {
    const std::string kind = facility_kind_name(r.options.facility);
    const std::string level = level_name(r.options.level);
    const auto srid = std::to_string(r.epsg);
    auto& db = ws.db();
    store::Transaction tx(db);
    store::ensure_geometry_column(ws, "access_points", "geom", "POINT");
    store::ensure_geometry_column(ws, "access_points", "cell", "POLYGON");
    store::ensure_geometry_column(ws, "access_units", "geom", "MULTIPOLYGON");
    store::ensure_geometry_column(ws, "access_facilities", "geom", "POINT");
    store::ensure_geometry_column(ws, "access_isochrones", "geom", "MULTIPOLYGON");
    store::ensure_geometry_column(ws, "access_referrals", "geom", "LINESTRING");
    for (const char* table : {"access_runs",
                              "access_points",
                              "access_units",
                              "access_thresholds",
                              "access_facilities",
                              "access_isochrones"})
        db.prepare(std::string("DELETE FROM ") + table + " WHERE facility = ?").bind(1, kind).run();
    // Referrals do not depend on the facility kind: the latest run's stand.
    if (r.options.referrals)
        db.exec("DELETE FROM access_referrals");

    std::ostringstream thresholds;
    for (std::size_t k = 0; k < r.options.thresholds_min.size(); ++k)
        thresholds << (k ? "," : "") << r.options.thresholds_min[k];
    db.prepare("INSERT INTO access_runs (facility, thresholds, catchment_min, demand_at, level, "
               "travel_method, travel_label, supply, access_unit, capacity_source, profile, "
               "min_cell_count, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
               "?)")
        .bind(1, kind)
        .bind(2, thresholds.str())
        .bind(3, r.catchment_min)
        .bind(4, r.demand_at)
        .bind(5, level)
        .bind(6, r.travel_method)
        .bind(7, r.travel_label)
        .bind(8, r.supply_name)
        .bind(9, r.access_unit)
        .bind(10, r.capacity_source)
        .bind(11, r.profile)
        .bind(12, r.min_cell_count)
        .bind(13, nlohmann::json(r.notes).dump())
        .bind(14, store::utc_timestamp())
        .run();

    std::optional<grid::GridSpec> grid;
    if (r.demand_at == "cells")
        grid = grid::stored_grid(ws);
    // The whole cell (square or hexagon) as WKT: cells cut by the outline keep their full shape
    // here; grid_cells has the clipped one.
    auto cell_wkt = [&](const PointResult& p) -> std::optional<std::string> {
        if (!grid || p.cell_col < 0)
            return std::nullopt;
        std::ostringstream wkt;
        wkt.precision(17);
        wkt << "POLYGON((";
        const auto corners = grid->outline(p.cell_col, p.cell_row);
        for (const auto& c : corners)
            wkt << c.x << ' ' << c.y << ", ";
        wkt << corners.front().x << ' ' << corners.front().y << "))";
        return wkt.str();
    };
    auto point = db.prepare(
        "INSERT INTO access_points (facility, point_id, unit_code, population, "
        "nearest_facility_id, nearest_min, access_2sfca, access_e2sfca, covered, travel_method, "
        "geom, cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, MakePoint(?, ?, " +
        srid + "), PolygonFromText(?, " + srid + "))");
    for (const auto& p : r.points) {
        point.bind(1, kind)
            .bind(2, p.id)
            .bind(3, p.unit_code)
            .bind(4, p.population)
            .bind(5, p.nearest_id.empty() ? std::nullopt : std::optional<std::string>(p.nearest_id))
            .bind(6, finite(p.nearest_min))
            .bind(7, r.options.fca2 ? finite(p.access_2sfca) : std::nullopt)
            .bind(8, r.options.e2sfca ? finite(p.access_e2sfca) : std::nullopt)
            .bind(9, r.options.coverage ? finite(p.covered) : std::nullopt)
            .bind(10, r.travel_method)
            .bind(11, p.x)
            .bind(12, p.y)
            .bind(13, cell_wkt(p))
            .run();
    }

    auto unit = db.prepare(
        "INSERT INTO access_units (facility, level, unit_code, name, population, mean_min, "
        "median_min, unreachable_population, access_2sfca, access_e2sfca, covered, uncovered, "
        "patients, patients_status, travel_method, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, (SELECT CastToMultiPolygon(geom) FROM admin_units WHERE code = ?))");
    auto within = db.prepare(
        "INSERT INTO access_thresholds (facility, level, unit_code, threshold_min, "
        "population_within, share_within, patients_within, patients_status) VALUES (?, ?, ?, ?, "
        "?, ?, ?, ?)");
    const auto count_or_null = [&](std::int64_t n, bool is_suppressed) {
        return is_suppressed ? std::nullopt : std::optional<std::int64_t>(n);
    };
    for (const auto& u : r.units) {
        unit.bind(1, kind)
            .bind(2, level)
            .bind(3, u.code)
            .bind(4, u.name)
            .bind(5, u.population)
            .bind(6, finite(u.mean_min))
            .bind(7, finite(u.median_min))
            .bind(8, u.unreachable_population)
            .bind(9, r.options.fca2 ? finite(u.access_2sfca) : std::nullopt)
            .bind(10, r.options.e2sfca ? finite(u.access_e2sfca) : std::nullopt)
            .bind(11, r.options.coverage ? finite(u.covered) : std::nullopt)
            .bind(12, r.options.coverage ? finite(u.population - u.covered) : std::nullopt)
            .bind(13, count_or_null(u.patients, is_small_count(u.patients, r.min_cell_count)))
            .bind(14, is_small_count(u.patients, r.min_cell_count) ? "suppressed" : "shown")
            .bind(15, r.travel_method)
            .bind(16, u.code)
            .run();
        for (std::size_t k = 0; k < r.options.thresholds_min.size(); ++k) {
            const auto shown = count_or_null(
                u.patients_within[k],
                is_suppressed_within(u.patients_within[k], u.patients, r.min_cell_count));
            within.bind(1, kind)
                .bind(2, level)
                .bind(3, u.code)
                .bind(4, r.options.thresholds_min[k])
                .bind(5, u.population_within[k])
                .bind(6,
                      u.population > 0
                          ? std::optional<double>(u.population_within[k] / u.population)
                          : std::nullopt)
                .bind(7, shown)
                .bind(8, shown ? "shown" : "suppressed")
                .run();
        }
    }

    auto facility = db.prepare(
        "INSERT INTO access_facilities (facility, facility_id, name, supply, capacity_people, "
        "priority, population_in_reach, absorbed, ratio_2sfca, ratio_e2sfca, geom) VALUES (?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, MakePoint(?, ?, " +
        srid + "))");
    for (const auto& f : r.facilities)
        facility.bind(1, kind)
            .bind(2, f.id)
            .bind(3, f.name)
            .bind(4, f.supply)
            .bind(5, r.options.coverage ? finite(f.capacity_people) : std::nullopt)
            .bind(6, r.options.coverage ? std::optional<std::int64_t>(f.priority) : std::nullopt)
            .bind(7,
                  r.options.coverage ? std::optional<double>(f.population_in_reach) : std::nullopt)
            .bind(8, r.options.coverage ? std::optional<double>(f.absorbed) : std::nullopt)
            .bind(9, r.options.fca2 ? std::optional<double>(f.ratio_2sfca) : std::nullopt)
            .bind(10, r.options.e2sfca ? std::optional<double>(f.ratio_e2sfca) : std::nullopt)
            .bind(11, f.x)
            .bind(12, f.y)
            .run();

    auto iso = db.prepare("INSERT INTO access_isochrones (facility, facility_id, threshold_min, "
                          "area_km2, travel_method, geom) VALUES (?, ?, ?, ?, ?, "
                          "CastToMultiPolygon(GeomFromWKB(?, " +
                          srid + ")))");
    for (const auto& i : r.isochrones)
        iso.bind(1, kind)
            .bind(2, i.facility_id)
            .bind(3, i.threshold_min)
            .bind(4, i.area_km2)
            .bind(5, r.travel_method)
            .bind_blob(6, i.wkb)
            .run();

    auto ref = db.prepare("INSERT INTO access_referrals (from_facility_id, to_facility_id, kind, "
                          "minutes, travel_method, geom) VALUES (?, ?, ?, ?, ?, "
                          "MakeLine(MakePoint(?, ?, " +
                          srid + "), MakePoint(?, ?, " + srid + ")))");
    for (const auto& f : r.referrals)
        ref.bind(1, f.from_id)
            .bind(2, f.to_id)
            .bind(3, f.kind)
            .bind(4, finite(f.minutes))
            .bind(5, r.travel_method)
            .bind(6, f.from_x)
            .bind(7, f.from_y)
            .bind(8, f.to_x)
            .bind(9, f.to_y)
            .run();
    tx.commit();
}

} // namespace jw::access
