// The access analysis on the workspace: load demand points and facilities, travel times on the
// roads (or the labelled straight line), the measures, unit totals, service areas, referrals.

#include <algorithm>
#include <cmath>
#include <jingwei/access/service_areas.hpp>
#include <jingwei/access/study.hpp>
#include <jingwei/choice.hpp>
#include <jingwei/error.hpp>
#include <jingwei/grid/build.hpp>
#include <jingwei/network/service_area.hpp>
#include <jingwei/network/workspace_roads.hpp>
#include <jingwei/policy/profile.hpp>
#include <limits>
#include <map>
#include <numeric>

namespace jw::access {
namespace {

/// The unit at `level` holding a 12-digit code (statistical codes nest by prefix).
std::string unit_at(const std::string& code, Level level) {
    if (code.size() != 12)
        return "";
    switch (level) {
    case Level::county:
        return code.substr(0, 6) + "000000";
    case Level::township:
        return code.substr(0, 9) + "000";
    default:
        return code;
    }
}

struct Kind {
    std::string filter;      // SQL over facilities
    std::string supply;      // SQL expression
    std::string supply_name; // for legends
    std::string access_unit; // for legends
    double scale;            // access per this many people
    std::string target;      // profile indicator whose per-capita target sets the capacity
};

Kind kind_of(FacilityKind k) {
    switch (k) {
    case FacilityKind::psych_beds:
        return {"kind IN ('psychiatric_hospital', 'general_hospital_psychiatry') AND "
                "coalesce(beds_open, beds_authorised, 0) > 0",
                "coalesce(beds_open, beds_authorised)",
                "psychiatric beds (open, else authorised)",
                "beds per 10 000 people",
                1e4,
                "psychiatric_beds"};
    case FacilityKind::psychiatrist:
        return {"coalesce(psychiatrists, 0) > 0",
                "psychiatrists",
                "licensed psychiatrists",
                "psychiatrists per 100 000 people",
                1e5,
                "psychiatrists"};
    case FacilityKind::rehab:
        return {"kind = 'community_rehab'",
                "1",
                "community rehab facilities (1 each)",
                "facilities per 100 000 people",
                1e5,
                ""};
    case FacilityKind::clinic:
        return {"(has_psych_clinic = 1 OR kind IN ('psychiatric_hospital', "
                "'general_hospital_psychiatry'))",
                "1",
                "psychiatric clinics (1 each)",
                "clinics per 100 000 people",
                1e5,
                ""};
    }
    return {};
}

bool has_table_rows(store::Workspace& ws, const std::string& table) {
    return ws.db().query_int("SELECT count(*) FROM sqlite_master WHERE name = '" + table + "'") ==
               1 &&
           ws.db().query_int("SELECT count(*) FROM " + table) > 0;
}

struct Grid {
    grid::GridSpec spec;
    std::map<std::int64_t, std::size_t> point_of_cell; // grid_cells.id -> demand point
    std::optional<std::size_t> locate(double x, double y) const {
        const auto it = point_of_cell.find(spec.cell_at(x, y));
        if (it == point_of_cell.end())
            return std::nullopt;
        return it->second;
    }
};

std::vector<PointResult>
load_cells(store::Workspace& ws, Grid& grid, std::vector<std::string>& notes) {
    {
        const auto spec = grid::stored_grid(ws);
        if (!spec)
            throw InputError(
                ws.path(), 0, "grid_runs", "the grid has no parameters: re-run 'jingwei grid'");
        grid.spec = *spec;
        notes.push_back(
            "demand at grid cell centres; population " +
            ws.db().query_text("SELECT population_method FROM grid_runs WHERE id = 1").value_or("?"));
    }
    std::vector<PointResult> out;
    auto st = ws.db().prepare(
        "SELECT c.id, c.col, c.row, coalesce(c.population, 0), (SELECT s.unit_code FROM "
        "grid_shares s WHERE s.cell_id = c.id ORDER BY s.area_m2 DESC, s.unit_code LIMIT 1) "
        "FROM grid_cells c ORDER BY c.id");
    while (st.step()) {
        PointResult p;
        p.id = "cell:" + std::to_string(st.column_int(0));
        p.cell_col = static_cast<long>(st.column_int(1));
        p.cell_row = static_cast<long>(st.column_int(2));
        const auto centre = grid.spec.centre(p.cell_col, p.cell_row);
        p.x = centre.x;
        p.y = centre.y;
        p.population = st.column_double(3);
        p.unit_code = st.column_text(4);
        grid.point_of_cell[st.column_int(0)] = out.size();
        out.push_back(std::move(p));
    }
    return out;
}

int latest_population_year(store::Workspace& ws) {
    return static_cast<int>(
        ws.db().query_int("SELECT max(year) FROM population WHERE kind = 'resident'", 0));
}

std::vector<PointResult> load_villages(store::Workspace& ws, std::vector<std::string>& notes) {
    std::vector<PointResult> out;
    auto st = ws.db().prepare(
        "SELECT v.code, ST_X(v.seat), ST_Y(v.seat), coalesce(p.count, 0) FROM admin_units v "
        "LEFT JOIN population p ON p.unit_code = v.code AND p.kind = 'resident' AND p.year = ? "
        "WHERE v.level = 'village' AND v.seat IS NOT NULL ORDER BY v.code");
    st.bind(1, latest_population_year(ws));
    while (st.step()) {
        PointResult p;
        p.id = st.column_text(0);
        p.unit_code = p.id;
        p.x = st.column_double(1);
        p.y = st.column_double(2);
        p.population = st.column_double(3);
        out.push_back(std::move(p));
    }
    if (out.empty())
        throw InputError(ws.path(),
                         0,
                         "",
                         "no grid and no village location: run 'jingwei grid', or import village "
                         "points (or 'jingwei synth townships')");
    notes.push_back("no grid: demand at " + std::to_string(out.size()) +
                    " village seats (run 'jingwei grid' for cells)");
    return out;
}

/// The coverage capacity per unit of supply, from the option or the profile's target.
double people_per_supply(const AccessOptions& o,
                         const Kind& kind,
                         const policy::Profile& profile,
                         std::string& source) {
    if (o.people_per_supply > 0) {
        source =
            "--capacity: " + std::to_string(o.people_per_supply) + " people per unit of supply";
        return o.people_per_supply;
    }
    for (const auto& t : profile.targets)
        if (!kind.target.empty() && t.indicator == kind.target && t.per_population > 0 &&
            t.value > 0) {
            source = "profile " + t.profile + " target " + t.indicator + " " +
                     std::to_string(t.value) + " " + t.unit + " (" + t.source.clause +
                     "): one unit of supply serves " +
                     std::to_string(static_cast<long>(std::round(t.per_population / t.value))) +
                     " people";
            return t.per_population / t.value;
        }
    source = "no capacity given (--capacity) and no per-capita target in profile " + profile.name +
             ": unlimited capacity, coverage is geographic only";
    return std::numeric_limits<double>::infinity();
}

} // namespace

FacilityKind parse_facility_kind(const std::string& t) {
    return parse_choice<FacilityKind>(t,
                                      {{"psych_beds", FacilityKind::psych_beds},
                                       {"psychiatrist", FacilityKind::psychiatrist},
                                       {"rehab", FacilityKind::rehab},
                                       {"clinic", FacilityKind::clinic}},
                                      "--facility");
}
Level parse_level(const std::string& t) {
    return parse_choice<Level>(t,
                               {{"cell", Level::cell},
                                {"village", Level::village},
                                {"township", Level::township},
                                {"county", Level::county}},
                               "--level");
}
std::string facility_kind_name(FacilityKind k) {
    switch (k) {
    case FacilityKind::psych_beds:
        return "psych_beds";
    case FacilityKind::psychiatrist:
        return "psychiatrist";
    case FacilityKind::rehab:
        return "rehab";
    case FacilityKind::clinic:
        return "clinic";
    }
    return "";
}
std::string level_name(Level l) {
    switch (l) {
    case Level::cell:
        return "cell";
    case Level::village:
        return "village";
    case Level::township:
        return "township";
    case Level::county:
        return "county";
    }
    return "";
}

bool is_small_count(std::int64_t count, int min_cell_count) {
    return count > 0 && count < min_cell_count;
}

bool is_suppressed_within(std::int64_t within, std::int64_t total, int min_cell_count) {
    return is_small_count(within, min_cell_count) ||
           is_small_count(total - within, min_cell_count) || is_small_count(total, min_cell_count);
}

std::string shown_count(std::int64_t count, bool is_suppressed, int min_cell_count) {
    return is_suppressed ? "<" + std::to_string(min_cell_count) : std::to_string(count);
}

AccessResult run_access(store::Workspace& ws, const AccessOptions& o, const Progress& progress) {
    if (ws.crs_epsg() == 0)
        throw InputError(ws.path(),
                         0,
                         "",
                         "the workspace has no geometry yet: import units with boundaries first");
    if (o.thresholds_min.empty())
        throw UsageError("--threshold: give at least one time in minutes, e.g. 30,60");
    for (const double t : o.thresholds_min)
        if (!(t > 0) || !std::isfinite(t))
            throw UsageError("--threshold: every time must be a positive number of minutes");
    AccessResult r;
    r.options = o;
    std::sort(r.options.thresholds_min.begin(), r.options.thresholds_min.end());
    const auto& thresholds = r.options.thresholds_min;
    r.catchment_min = o.catchment_min > 0 ? o.catchment_min : thresholds.back();
    r.epsg = ws.crs_epsg();
    const auto profile = policy::load_profile(o.profile);
    r.profile = profile.name;
    r.min_cell_count = profile.rules.min_cell_count;
    const Kind kind = kind_of(o.facility);
    r.supply_name = kind.supply_name;
    r.access_unit = kind.access_unit;
    r.access_scale = kind.scale;

    // Demand points.
    Grid grid;
    const bool cells = has_table_rows(ws, "grid_cells");
    r.points = cells ? load_cells(ws, grid, r.notes) : load_villages(ws, r.notes);
    r.demand_at = cells ? "cells" : "villages";
    for (const auto& p : r.points)
        r.total_population += p.population;

    // Facilities of the kind, open and located.
    const std::string status =
        o.include_planned ? "status IN ('open', 'planned', 'required')" : "status = 'open'";
    const std::string filter = kind.filter + " AND " + status;
    if (o.include_planned)
        r.notes.push_back("what-if: planned and required facilities count as open");
    {
        auto st = ws.db().prepare("SELECT id, name, kind, coalesce(unit_code, ''), ST_X(geom), "
                                  "ST_Y(geom), " +
                                  kind.supply + " FROM facilities WHERE " + filter +
                                  " AND geom IS NOT NULL ORDER BY id");
        while (st.step()) {
            FacilityResult f;
            f.id = st.column_text(0);
            f.name = st.column_text(1);
            f.kind = st.column_text(2);
            f.unit_code = st.column_text(3);
            f.x = st.column_double(4);
            f.y = st.column_double(5);
            f.supply = st.column_double(6);
            r.facilities.push_back(std::move(f));
        }
    }
    const auto unlocated =
        ws.db().query_int("SELECT count(*) FROM facilities WHERE " + filter + " AND geom IS NULL");
    if (unlocated > 0)
        r.notes.push_back(std::to_string(unlocated) +
                          " facilities of this kind have no location and are left out");
    if (r.facilities.empty())
        throw InputError(
            ws.path(),
            0,
            "facilities",
            "no open, located facility offers " + kind.supply_name +
                ": import facilities with coordinates (or 'jingwei synth facilities')");
    if (ws.db().query_int("SELECT count(*) FROM facilities WHERE " + filter +
                          " AND geom IS NOT NULL AND location_quality IN ('approx', 'derived')") >
        0)
        r.notes.push_back("some facility locations are approximate or derived (location_quality)");
    if (progress)
        progress(0.1, "travel times");

    // Travel times, demand -> facility (the trip a patient makes).
    const auto speeds = network::load_speed_table();
    auto travel = network::TravelTimeOptions::from(speeds);
    travel.threads = o.threads;
    const auto roads = network::load_road_network(ws);
    std::vector<network::Point> from, to;
    for (const auto& p : r.points)
        from.push_back({p.x, p.y});
    for (const auto& f : r.facilities)
        to.push_back({f.x, f.y});
    const auto times = roads ? network::road_travel_times(*roads, from, to, travel)
                             : network::straight_line_travel_times(from, to, travel);
    r.travel_method = network::method_name(times.method);
    r.travel_label = times.label;
    if (!times.unsnapped_from.empty())
        r.notes.push_back(std::to_string(times.unsnapped_from.size()) +
                          " demand points lie farther than " +
                          std::to_string(static_cast<int>(travel.max_snap_m)) +
                          " m from any road: no time (counted as unreachable)");
    if (!times.unsnapped_to.empty())
        r.notes.push_back(std::to_string(times.unsnapped_to.size()) +
                          " facilities lie farther than " +
                          std::to_string(static_cast<int>(travel.max_snap_m)) +
                          " m from any road: nobody reaches them");
    MinutesMatrix m;
    m.rows = times.rows;
    m.cols = times.cols;
    m.minutes.resize(times.travel_seconds.size());
    std::transform(times.travel_seconds.begin(),
                   times.travel_seconds.end(),
                   m.minutes.begin(),
                   [](double s) { return s / 60.0; });
    if (progress)
        progress(0.4, "measures");

    // Measures per point.
    std::vector<double> population, supply;
    for (const auto& p : r.points)
        population.push_back(p.population);
    for (const auto& f : r.facilities)
        supply.push_back(f.supply);
    const auto near = nearest(m);
    for (std::size_t i = 0; i < r.points.size(); ++i) {
        r.points[i].nearest_min = near.minutes[i];
        if (near.facility[i] >= 0)
            r.points[i].nearest_id = r.facilities[static_cast<std::size_t>(near.facility[i])].id;
    }
    if (o.fca2) {
        const auto fc = two_step_fca(m, population, supply, r.catchment_min);
        for (std::size_t i = 0; i < r.points.size(); ++i)
            r.points[i].access_2sfca = fc.accessibility[i] * kind.scale;
        for (std::size_t j = 0; j < r.facilities.size(); ++j)
            r.facilities[j].ratio_2sfca = fc.facility_ratio[j] * kind.scale;
    }
    if (o.e2sfca) {
        const auto fc = enhanced_two_step_fca(m, population, supply, r.catchment_min, o.zones);
        for (std::size_t i = 0; i < r.points.size(); ++i)
            r.points[i].access_e2sfca = fc.accessibility[i] * kind.scale;
        for (std::size_t j = 0; j < r.facilities.size(); ++j)
            r.facilities[j].ratio_e2sfca = fc.facility_ratio[j] * kind.scale;
    }
    if (o.coverage) {
        const double per = people_per_supply(o, kind, profile, r.capacity_source);
        std::vector<double> capacity;
        for (auto& f : r.facilities) {
            f.capacity_people = f.supply * per;
            capacity.push_back(f.capacity_people);
        }
        // Priority: the largest capacity first (a hospital absorbs its surroundings before a
        // small ward competes for them), ties by id.
        std::vector<std::size_t> order(r.facilities.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return capacity[a] > capacity[b];
        });
        for (std::size_t k = 0; k < order.size(); ++k)
            r.facilities[order[k]].priority = static_cast<int>(k + 1);
        const auto cov = capacity_coverage(m, population, capacity, order, r.catchment_min);
        for (std::size_t i = 0; i < r.points.size(); ++i)
            r.points[i].covered = cov.covered[i];
        for (std::size_t j = 0; j < r.facilities.size(); ++j) {
            r.facilities[j].absorbed = cov.absorbed[j];
            r.facilities[j].population_in_reach = cov.population_in_reach[j];
        }
    }
    if (progress)
        progress(0.5, "units");

    // Registered patients at home (在册, not deceased or moved out), at their demand point.
    struct PatientAt {
        std::size_t point;
        std::string village;
    };
    std::vector<PatientAt> patients;
    std::int64_t patients_without_point = 0;
    {
        std::map<std::string, std::size_t> point_of_village;
        if (!cells)
            for (std::size_t i = 0; i < r.points.size(); ++i)
                point_of_village[r.points[i].id] = i;
        auto st = ws.db().prepare(
            "SELECT coalesce(p.village_code, ''), ST_X(p.home), ST_Y(p.home), ST_X(v.seat), "
            "ST_Y(v.seat) FROM patients p LEFT JOIN admin_units v ON v.code = p.village_code "
            "WHERE p.management_status NOT IN ('deceased', 'moved_out')");
        while (st.step()) {
            std::optional<std::size_t> at;
            const std::string village = st.column_text(0);
            if (cells) {
                if (!st.is_null(1))
                    at = grid.locate(st.column_double(1), st.column_double(2));
                if (!at && !st.is_null(3))
                    at = grid.locate(st.column_double(3), st.column_double(4));
            } else if (const auto it = point_of_village.find(village);
                       it != point_of_village.end()) {
                at = it->second;
            }
            if (at)
                patients.push_back({*at, village});
            else
                ++patients_without_point;
        }
    }
    if (patients_without_point > 0)
        r.notes.push_back(std::to_string(patients_without_point) +
                          " registered patients have no home point or village location inside "
                          "the demand points: left out of the patient counts");
    if (ws.db().query_int("SELECT count(*) FROM patients WHERE synthetic = 1") > 0)
        r.notes.push_back("patient counts include SYNTHETIC rows");

    // Units: each demand point's population split over units at the level.
    if (o.level != Level::cell) {
        const std::string level = level_name(o.level);
        std::map<std::string, std::size_t> unit_index;
        {
            auto st = ws.db().prepare(
                "SELECT code, name, coalesce(ST_X(seat), ST_X(ST_PointOnSurface(geom))), "
                "coalesce(ST_Y(seat), ST_Y(ST_PointOnSurface(geom))) FROM admin_units WHERE "
                "level = ? ORDER BY code");
            st.bind(1, level);
            while (st.step()) {
                UnitResult u;
                u.code = st.column_text(0);
                u.name = st.column_text(1);
                if (!st.is_null(2))
                    u.point = std::make_pair(st.column_double(2), st.column_double(3));
                u.population_within.assign(thresholds.size(), 0);
                u.patients_within.assign(thresholds.size(), 0);
                unit_index[u.code] = r.units.size();
                r.units.push_back(std::move(u));
            }
        }
        if (r.units.empty())
            throw InputError(ws.path(), 0, "admin_units", "no " + level + " units to report on");
        // (point, unit, share of the point's population)
        struct Part {
            std::size_t point, unit;
            double share;
        };
        std::vector<Part> parts;
        bool by_shares = false;
        if (cells) {
            auto st = ws.db().prepare(
                "SELECT s.cell_id, s.unit_code, s.area_m2 / c.area_m2 FROM grid_shares s JOIN "
                "grid_cells c ON c.id = s.cell_id JOIN admin_units u ON u.code = s.unit_code "
                "WHERE u.level = ? ORDER BY s.cell_id, s.unit_code");
            st.bind(1, level);
            while (st.step()) {
                const auto p = grid.point_of_cell.find(st.column_int(0));
                const auto u = unit_index.find(st.column_text(1));
                if (p != grid.point_of_cell.end() && u != unit_index.end())
                    parts.push_back({p->second, u->second, st.column_double(2)});
            }
            by_shares = !parts.empty();
        }
        if (!by_shares && cells) {
            // No polygons at this level (villages are often points): each unit's population
            // at the cell holding its seat.
            r.notes.push_back(level + " units have no polygons in the grid: each takes the "
                                      "times of the cell holding its seat");
            auto st = ws.db().prepare(
                "SELECT v.code, ST_X(v.seat), ST_Y(v.seat), coalesce(p.count, 0) FROM "
                "admin_units v LEFT JOIN population p ON p.unit_code = v.code AND p.kind = "
                "'resident' AND p.year = ? WHERE v.level = 'village' AND v.seat IS NOT NULL");
            st.bind(1, latest_population_year(ws));
            std::vector<std::tuple<std::size_t, std::size_t, double>> rows;
            std::int64_t outside = 0;
            while (st.step()) {
                const auto at = grid.locate(st.column_double(1), st.column_double(2));
                const auto u = unit_index.find(unit_at(st.column_text(0), o.level));
                if (!at || u == unit_index.end()) {
                    ++outside;
                    continue;
                }
                rows.emplace_back(*at, u->second, st.column_double(3));
            }
            if (outside > 0)
                r.notes.push_back(std::to_string(outside) +
                                  " village seats lie in no grid cell: those villages show no "
                                  "population or time");
            // Weights are the unit's own population; the point's values are taken as they are.
            for (const auto& [point, unit, pop] : rows)
                parts.push_back(
                    {point,
                     unit,
                     r.points[point].population > 0 ? pop / r.points[point].population : 0});
        }
        if (!cells)
            for (std::size_t i = 0; i < r.points.size(); ++i) {
                const auto u = unit_index.find(unit_at(r.points[i].id, o.level));
                if (u != unit_index.end())
                    parts.push_back({i, u->second, 1.0});
            }
        std::vector<std::vector<double>> unit_minutes(r.units.size()), unit_weights(r.units.size());
        for (const auto& part : parts) {
            const auto& p = r.points[part.point];
            auto& u = r.units[part.unit];
            const double w = p.population * part.share;
            u.population += w;
            unit_minutes[part.unit].push_back(p.nearest_min);
            unit_weights[part.unit].push_back(w);
            if (!std::isfinite(p.nearest_min))
                u.unreachable_population += w;
            for (std::size_t k = 0; k < thresholds.size(); ++k)
                if (is_within(p.nearest_min, thresholds[k]))
                    u.population_within[k] += w;
            u.access_2sfca += p.access_2sfca * w;
            u.access_e2sfca += p.access_e2sfca * w;
            u.covered += p.population > 0 ? p.covered * part.share : 0;
        }
        for (std::size_t k = 0; k < r.units.size(); ++k) {
            auto& u = r.units[k];
            const auto s = weighted_summary(unit_minutes[k], unit_weights[k]);
            u.mean_min = s.mean;
            u.median_min = s.median;
            if (u.population > 0) {
                u.access_2sfca /= u.population;
                u.access_e2sfca /= u.population;
            }
        }
        for (const auto& pa : patients) {
            const auto u = unit_index.find(unit_at(pa.village, o.level));
            if (u == unit_index.end())
                continue;
            auto& unit = r.units[u->second];
            ++unit.patients;
            for (std::size_t k = 0; k < thresholds.size(); ++k)
                if (is_within(r.points[pa.point].nearest_min, thresholds[k]))
                    ++unit.patients_within[k];
        }
    }
    if (progress)
        progress(0.6, "service areas");

    // Service areas per facility and threshold.
    if (o.isochrones) {
        if (roads) {
            const network::Snapper snapper(roads->graph);
            for (const auto& f : r.facilities) {
                const auto snap = snapper.snap({f.x, f.y}, travel.max_snap_m);
                if (!snap.is_snapped)
                    continue;
                const auto source = snapper.as_source(snap, travel.walk_kmh);
                const auto limit = static_cast<network::Millis>(thresholds.back() * 60000.0);
                const auto reached = network::times_within(roads->graph, source, limit);
                for (const double t : thresholds) {
                    Isochrone iso{f.id, t, {}, 0};
                    const auto pieces = network::reached_pieces(
                        roads->graph, reached, static_cast<network::Millis>(t * 60000.0));
                    iso.wkb = pieces_polygon(
                        pieces, travel.walk_kmh, 30, travel.max_snap_m, iso.area_km2);
                    if (!iso.wkb.empty())
                        r.isochrones.push_back(std::move(iso));
                }
            }
        } else {
            const double metres_per_min =
                travel.fallback_kmh * 1000.0 / 60.0 / travel.fallback_detour_factor;
            for (const auto& f : r.facilities)
                for (const double t : thresholds) {
                    Isochrone iso{f.id, t, {}, 0};
                    iso.wkb = circle_polygon(f.x, f.y, t * metres_per_min, iso.area_km2);
                    r.isochrones.push_back(std::move(iso));
                }
        }
    }
    if (progress)
        progress(0.85, "referrals");

    // Referral times: each township/community health centre to its nearest psychiatric
    // hospital or ward with beds, and to the one it is designated to when named.
    if (o.referrals) {
        struct Place {
            std::string id, name, designated;
            double x, y;
        };
        std::vector<Place> centres, hospitals;
        auto centres_st = ws.db().prepare(
            "SELECT id, name, coalesce(referral_facility_id, ''), ST_X(geom), ST_Y(geom) FROM "
            "facilities WHERE kind IN ('township_health_centre', 'community_health_centre') AND " +
            status + " AND geom IS NOT NULL ORDER BY id");
        while (centres_st.step())
            centres.push_back({centres_st.column_text(0),
                               centres_st.column_text(1),
                               centres_st.column_text(2),
                               centres_st.column_double(3),
                               centres_st.column_double(4)});
        auto hospitals_st = ws.db().prepare(
            "SELECT id, name, '', ST_X(geom), ST_Y(geom) FROM facilities WHERE (kind = "
            "'psychiatric_hospital' OR (kind = 'general_hospital_psychiatry' AND "
            "coalesce(beds_open, beds_authorised, 0) > 0)) AND " +
            status + " AND geom IS NOT NULL ORDER BY id");
        while (hospitals_st.step())
            hospitals.push_back({hospitals_st.column_text(0),
                                 hospitals_st.column_text(1),
                                 "",
                                 hospitals_st.column_double(3),
                                 hospitals_st.column_double(4)});
        // Designated facilities may be any located facility.
        std::map<std::string, Place> designated;
        for (const auto& c : centres)
            if (!c.designated.empty() && !designated.count(c.designated)) {
                auto st = ws.db().prepare("SELECT id, name, '', ST_X(geom), ST_Y(geom) FROM "
                                          "facilities WHERE id = ? AND geom IS NOT NULL");
                st.bind(1, c.designated);
                if (st.step())
                    designated[c.designated] = {st.column_text(0),
                                                st.column_text(1),
                                                "",
                                                st.column_double(3),
                                                st.column_double(4)};
                else
                    r.notes.push_back("designated referral facility '" + c.designated + "' (of " +
                                      c.id + ") is not a located facility");
            }
        std::vector<Place> targets = hospitals;
        std::map<std::string, std::size_t> target_index;
        for (std::size_t j = 0; j < targets.size(); ++j)
            target_index[targets[j].id] = j;
        for (const auto& [id, place] : designated)
            if (!target_index.count(id)) {
                target_index[id] = targets.size();
                targets.push_back(place);
            }
        if (!centres.empty() && !targets.empty()) {
            std::vector<network::Point> a, b;
            for (const auto& c : centres)
                a.push_back({c.x, c.y});
            for (const auto& h : targets)
                b.push_back({h.x, h.y});
            const auto rt = roads ? network::road_travel_times(*roads, a, b, travel)
                                  : network::straight_line_travel_times(a, b, travel);
            for (std::size_t i = 0; i < centres.size(); ++i) {
                const auto add = [&](std::size_t j, const char* what) {
                    r.referrals.push_back({centres[i].id,
                                           centres[i].name,
                                           targets[j].id,
                                           targets[j].name,
                                           what,
                                           rt.seconds(i, j) / 60.0,
                                           centres[i].x,
                                           centres[i].y,
                                           targets[j].x,
                                           targets[j].y});
                };
                long best = -1;
                for (std::size_t j = 0; j < hospitals.size(); ++j)
                    if (std::isfinite(rt.seconds(i, j)) &&
                        (best < 0 ||
                         rt.seconds(i, j) < rt.seconds(i, static_cast<std::size_t>(best))))
                        best = static_cast<long>(j);
                if (best >= 0)
                    add(static_cast<std::size_t>(best), "nearest");
                if (const auto it = target_index.find(centres[i].designated);
                    !centres[i].designated.empty() && it != target_index.end())
                    add(it->second, "designated");
            }
        } else if (centres.empty()) {
            r.notes.push_back("referrals: no open, located township or community health centre");
        } else {
            r.notes.push_back("referrals: no open, located psychiatric hospital or ward with beds");
        }
    }
    if (progress)
        progress(1.0, "access");
    return r;
}

} // namespace jw::access
