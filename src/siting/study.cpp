// The siting study: workspace -> demand points, existing and candidate sites -> travel times
// (road network or a labelled straight line) -> a solver -> what it changes, per county.

#include <algorithm>
#include <cmath>
#include <jingwei/choice.hpp>
#include <jingwei/error.hpp>
#include <jingwei/grid/build.hpp>
#include <jingwei/network/travel_times.hpp>
#include <jingwei/network/workspace_roads.hpp>
#include <jingwei/siting/lscp.hpp>
#include <jingwei/siting/mclp.hpp>
#include <jingwei/siting/pmedian.hpp>
#include <jingwei/siting/scaleup.hpp>
#include <jingwei/siting/study.hpp>
#include <jingwei/store/geometry_layer.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

namespace jw::siting {
namespace {

// A demand point no site can reach gets this cost: finite (the solvers need it), far beyond
// any threshold, and never shown (such points are counted apart).
constexpr double unreachable_minutes = 1.0e6;

struct Demand {
    std::string code, county;
    double x, y, weight;
};

struct Site {
    std::string id, name, unit_code;
    double x, y;
    bool is_existing;
};

std::string county_of(const std::string& code) {
    return code.substr(0, 6) + "000000";
}

bool has_grid(store::Workspace& ws) {
    return ws.db().query_int("SELECT count(*) FROM sqlite_master WHERE name = 'grid_cells'") == 1 &&
           ws.db().query_int("SELECT count(*) FROM grid_cells") > 0;
}

/// Cell centres from the stored grid (square or hex); the county of a cell is that of its
/// largest unit share.
std::vector<Demand>
load_cell_demand(store::Workspace& ws, DemandWeight weight, std::vector<std::string>& notes) {
    std::vector<Demand> out;
    const auto grid = grid::stored_grid(ws).value_or(grid::GridSpec{});
    auto st = ws.db().prepare(
        std::string("SELECT c.id, c.col, c.row, ") +
        (weight == DemandWeight::population ? "coalesce(c.population, 0)" : "c.patients") +
        ", (SELECT s.unit_code FROM grid_shares s WHERE s.cell_id = c.id ORDER BY s.area_m2 DESC, "
        "s.unit_code LIMIT 1), r.population_method FROM grid_cells c, grid_runs r ORDER BY c.id");
    std::string method;
    while (st.step()) {
        const std::string unit = st.column_text(4);
        const auto centre = grid.centre(st.column_int(1), st.column_int(2));
        out.push_back({"cell:" + std::to_string(st.column_int(0)),
                       unit.empty() ? "" : county_of(unit),
                       centre.x,
                       centre.y,
                       st.column_double(3)});
        method = st.column_text(5);
    }
    notes.push_back("demand at " + std::to_string(out.size()) + " grid cell centres" +
                    (weight == DemandWeight::population ? " (population: " + method + ")" : ""));
    return out;
}

std::vector<Demand>
load_demand(store::Workspace& ws, DemandWeight weight, std::vector<std::string>& notes) {
    std::vector<Demand> out;
    const auto year =
        ws.db().query_int("SELECT max(year) FROM population WHERE kind = 'resident'", 0);
    std::string sql;
    if (weight == DemandWeight::population) {
        sql = "SELECT v.code, ST_X(v.seat), ST_Y(v.seat), coalesce(p.count, 0) FROM admin_units v "
              "LEFT JOIN "
              "population p ON p.unit_code = v.code AND p.kind = 'resident' AND p.year = " +
              std::to_string(year) +
              " WHERE v.level = 'village' AND v.seat IS NOT NULL ORDER BY v.code";
    } else {
        // Registered patients living at home: the dead, the moved-out and inpatients need no
        // community service point.
        sql = "SELECT v.code, ST_X(v.seat), ST_Y(v.seat), (SELECT count(*) FROM patients p WHERE "
              "p.village_code = "
              "v.code AND p.management_status NOT IN ('deceased', 'moved_out', 'in_hospital')) "
              "FROM admin_units v "
              "WHERE v.level = 'village' AND v.seat IS NOT NULL ORDER BY v.code";
    }
    auto st = ws.db().prepare(sql);
    while (st.step())
        out.push_back({st.column_text(0),
                       county_of(st.column_text(0)),
                       st.column_double(1),
                       st.column_double(2),
                       st.column_double(3)});
    if (out.empty())
        throw InputError(
            ws.path(),
            0,
            "",
            "no village has a location: import village points, or run 'jingwei synth townships'");
    const auto derived =
        ws.db().query_int("SELECT count(*) FROM admin_units WHERE level = 'village' AND "
                          "seat IS NOT NULL AND derived = 1");
    if (derived > 0)
        notes.push_back(std::to_string(derived) + " of " + std::to_string(out.size()) +
                        " village locations are derived (schematic), not surveyed");
    if (weight == DemandWeight::population &&
        ws.db().query_int("SELECT count(*) FROM population WHERE derived = 1") > 0)
        notes.push_back(
            "village populations include derived figures (distributed from known totals)");
    if (weight == DemandWeight::patients &&
        ws.db().query_int("SELECT count(*) FROM patients WHERE synthetic = 1") > 0)
        notes.push_back("patient counts include SYNTHETIC rows");
    return out;
}

std::string existing_filter(Need need) {
    switch (need) {
    case Need::rehab:
        return "kind = 'community_rehab'";
    case Need::beds:
        return "(kind = 'psychiatric_hospital' OR (kind = 'general_hospital_psychiatry' AND "
               "coalesce(beds_authorised, beds_open, 0) > 0))";
    case Need::clinic:
        return "(has_psych_clinic = 1 OR kind IN ('psychiatric_hospital', "
               "'general_hospital_psychiatry'))";
    }
    return "0";
}

std::vector<Site>
load_sites(store::Workspace& ws, const StudyOptions& o, std::vector<std::string>& notes) {
    std::vector<Site> sites;
    const std::string filter = existing_filter(o.need) + " AND status = 'open'";
    auto st = ws.db().prepare(
        "SELECT id, name, coalesce(unit_code, ''), ST_X(geom), ST_Y(geom) FROM facilities WHERE " +
        filter + " AND geom IS NOT NULL ORDER BY id");
    while (st.step())
        sites.push_back({st.column_text(0),
                         st.column_text(1),
                         st.column_text(2),
                         st.column_double(3),
                         st.column_double(4),
                         true});
    const auto unlocated =
        ws.db().query_int("SELECT count(*) FROM facilities WHERE " + filter + " AND geom IS NULL");
    if (unlocated > 0)
        notes.push_back(std::to_string(unlocated) +
                        " open facilities of this kind have no location and are left out");
    if (o.candidates == Candidates::cells) {
        if (!has_grid(ws))
            throw InputError(ws.path(),
                             0,
                             "",
                             "no grid: run 'jingwei grid' first (a coarse one, e.g. --cell 2000)");
        const auto grid = grid::stored_grid(ws).value_or(grid::GridSpec{});
        auto cells = ws.db().prepare("SELECT c.id, c.col, c.row, "
                                     "(SELECT s.unit_code FROM grid_shares s WHERE s.cell_id = "
                                     "c.id ORDER BY s.area_m2 DESC, "
                                     "s.unit_code LIMIT 1) FROM grid_cells c WHERE "
                                     "coalesce(c.population, 0) > 0 "
                                     "ORDER BY c.id");
        while (cells.step()) {
            const auto centre = grid.centre(cells.column_int(1), cells.column_int(2));
            sites.push_back({"new:cell:" + std::to_string(cells.column_int(0)),
                             "cell " + std::to_string(cells.column_int(0)),
                             cells.column_text(3),
                             centre.x,
                             centre.y,
                             false});
        }
        notes.push_back("candidates are the centres of the grid's populated cells");
        return sites;
    }
    const std::string candidates = o.candidates == Candidates::townships
                                       ? "SELECT 'new:' || code, name, code, ST_X(seat), "
                                         "ST_Y(seat) FROM admin_units WHERE level = 'township' "
                                         "AND seat IS NOT NULL ORDER BY code"
                                       : "SELECT 'new:' || id, name, coalesce(unit_code, ''), "
                                         "ST_X(geom), ST_Y(geom) FROM facilities WHERE kind IN "
                                         "('township_health_centre', 'community_health_centre') "
                                         "AND status = 'open' AND geom IS NOT NULL ORDER BY id";
    auto c = ws.db().prepare(candidates);
    std::size_t count = 0;
    while (c.step()) {
        sites.push_back({c.column_text(0),
                         c.column_text(1),
                         c.column_text(2),
                         c.column_double(3),
                         c.column_double(4),
                         false});
        ++count;
    }
    if (count == 0)
        throw InputError(
            ws.path(),
            0,
            "",
            o.candidates == Candidates::townships
                ? "no township has a seat point: import them, or run 'jingwei synth townships'"
                : "no open health centre has a location: import them, or run 'jingwei synth "
                  "facilities'");
    return sites;
}

/// Minutes to the nearest of `open` for each demand point; NaN when none is reachable.
std::vector<double> nearest_minutes(const SitingProblem& p, const std::vector<std::size_t>& open) {
    std::vector<double> out(p.costs.demand_count(), std::nan(""));
    for (std::size_t i = 0; i < out.size(); ++i)
        for (auto j : open)
            if (p.costs(i, j) < unreachable_minutes && !(p.costs(i, j) >= out[i]))
                out[i] = p.costs(i, j);
    return out;
}

} // namespace

Need parse_need(const std::string& t) {
    return parse_choice<Need>(
        t, {{"rehab", Need::rehab}, {"beds", Need::beds}, {"clinic", Need::clinic}}, "--facility");
}
Model parse_model(const std::string& t) {
    return parse_choice<Model>(t,
                               {{"pmedian", Model::pmedian},
                                {"mclp", Model::mclp},
                                {"lscp", Model::lscp},
                                {"scaleup", Model::scaleup}},
                               "--model");
}
DemandWeight parse_demand_weight(const std::string& t) {
    return parse_choice<DemandWeight>(
        t,
        {{"population", DemandWeight::population}, {"patients", DemandWeight::patients}},
        "--demand");
}
Candidates parse_candidates(const std::string& t) {
    return parse_choice<Candidates>(t,
                                    {{"townships", Candidates::townships},
                                     {"centres", Candidates::centres},
                                     {"cells", Candidates::cells}},
                                    "--candidates");
}
DemandAt parse_demand_at(const std::string& t) {
    return parse_choice<DemandAt>(t,
                                  {{"auto", DemandAt::automatic},
                                   {"cells", DemandAt::cells},
                                   {"villages", DemandAt::villages}},
                                  "--demand-at");
}
std::string need_name(Need n) {
    return n == Need::rehab ? "rehab" : n == Need::beds ? "beds" : "clinic";
}
std::string model_name(Model m) {
    return m == Model::pmedian ? "pmedian"
           : m == Model::mclp  ? "mclp"
           : m == Model::lscp  ? "lscp"
                               : "scaleup";
}

double parse_minutes(const std::string& text) {
    static const std::regex form(R"(^\s*(\d+(?:\.\d+)?)\s*(min|m|h|hours?|分钟)?\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, form))
        throw UsageError("--threshold: '" + text + "' is not a duration like 30min or 1h");
    const double v = std::stod(m[1]);
    const std::string unit = m[2];
    return unit == "h" || unit == "hour" || unit == "hours" ? v * 60 : v;
}

StudyResult run_study(store::Workspace& ws, const StudyOptions& o, const Progress& progress) {
    if (ws.crs_epsg() == 0)
        throw InputError(ws.path(),
                         0,
                         "",
                         "the workspace has no geometry yet: import units with boundaries first");
    StudyResult result;
    result.options = o;
    const bool cells =
        o.demand_at == DemandAt::cells || (o.demand_at == DemandAt::automatic && has_grid(ws));
    if (o.demand_at == DemandAt::cells && !has_grid(ws))
        throw InputError(
            ws.path(), 0, "", "no grid: run 'jingwei grid' first, or use --demand-at villages");
    const auto demand = cells ? load_cell_demand(ws, o.weight, result.notes)
                              : load_demand(ws, o.weight, result.notes);
    result.demand_at = cells ? "cells" : "villages";
    const auto sites = load_sites(ws, o, result.notes);
    if (progress)
        progress(0.1, "travel times");

    std::vector<network::Point> from, to;
    for (const auto& d : demand)
        from.push_back({d.x, d.y});
    for (const auto& s : sites)
        to.push_back({s.x, s.y});
    const auto roads = network::load_road_network(ws);
    const auto times = roads ? network::road_travel_times(*roads, from, to)
                             : network::straight_line_travel_times(from, to);
    result.travel_label = times.label;
    result.travel_method = network::method_name(times.method);
    if (!roads)
        result.notes.push_back("travel times are " + times.label);

    SitingProblem problem;
    problem.costs = CostMatrix(demand.size(), sites.size(), unreachable_minutes);
    for (std::size_t i = 0; i < demand.size(); ++i) {
        problem.demand_weights.push_back(demand[i].weight);
        result.total_weight += demand[i].weight;
        bool reachable = false;
        for (std::size_t j = 0; j < sites.size(); ++j) {
            const double s = times.seconds(i, j);
            if (std::isfinite(s)) {
                problem.costs(i, j) = s / 60.0;
                reachable = true;
            }
        }
        result.unreachable_demand_points += reachable ? 0 : 1;
    }
    for (const auto& s : sites) {
        CandidateSite c;
        c.is_existing = s.is_existing;
        if (!s.is_existing)
            c.capacity = o.capacity;
        problem.sites.push_back(c);
    }
    result.demand_points = demand.size();
    if (progress)
        progress(0.3, "solving");

    std::vector<std::size_t> order; // new sites in the order to report them
    switch (o.model) {
    case Model::pmedian: {
        PMedianOptions po;
        static_cast<SolverOptions&>(po) = o.solver;
        result.solution = solve_pmedian(problem, o.add, po);
        order = result.solution.new_sites;
        break;
    }
    case Model::mclp:
        result.solution = solve_mclp(problem, o.threshold_minutes, o.add, o.solver);
        order = result.solution.new_sites;
        break;
    case Model::lscp: {
        auto r = solve_lscp(problem, o.threshold_minutes, o.solver);
        result.solution = r.solution;
        order = result.solution.new_sites;
        if (!r.uncoverable_demands.empty())
            result.notes.push_back(
                std::to_string(r.uncoverable_demands.size()) + " demand points (" +
                result.demand_at +
                ") are beyond the threshold of every candidate and stay uncovered");
        break;
    }
    case Model::scaleup: {
        auto r = scale_up(problem, o.threshold_minutes, o.add);
        result.solution = r.solution;
        for (const auto& step : r.steps)
            order.push_back(step.site);
        break;
    }
    }

    // Coverage added by each new site in turn, over what the sites before it already reach.
    std::vector<bool> covered(demand.size(), false);
    const auto existing = existing_sites(problem);
    for (std::size_t i = 0; i < demand.size(); ++i)
        for (auto j : existing)
            covered[i] = covered[i] || problem.costs(i, j) <= o.threshold_minutes;
    for (auto j : existing)
        result.existing.push_back(
            {sites[j].id, sites[j].name, sites[j].unit_code, sites[j].x, sites[j].y, true, 0, 0});
    int rank = 0;
    for (auto j : order) {
        StudySite s{sites[j].id,
                    sites[j].name,
                    sites[j].unit_code,
                    sites[j].x,
                    sites[j].y,
                    false,
                    ++rank,
                    0};
        for (std::size_t i = 0; i < demand.size(); ++i)
            if (!covered[i] && problem.costs(i, j) <= o.threshold_minutes) {
                covered[i] = true;
                s.newly_covered += demand[i].weight;
            }
        result.added.push_back(s);
    }

    // Before (existing sites only) and after, per county.
    std::vector<std::size_t> after = existing;
    after.insert(after.end(), order.begin(), order.end());
    const auto before_min = nearest_minutes(problem, existing);
    const auto after_min = nearest_minutes(problem, after);
    std::map<std::string, CountyAccess> by_county;
    std::map<std::string, std::pair<double, double>> time_weight_before, time_weight_after;
    for (std::size_t i = 0; i < demand.size(); ++i) {
        auto& c = by_county[demand[i].county];
        c.code = demand[i].county;
        c.weight += demand[i].weight;
        if (before_min[i] <= o.threshold_minutes)
            c.covered_before += demand[i].weight;
        if (after_min[i] <= o.threshold_minutes)
            c.covered_after += demand[i].weight;
        if (std::isfinite(before_min[i])) {
            time_weight_before[c.code].first += before_min[i] * demand[i].weight;
            time_weight_before[c.code].second += demand[i].weight;
        }
        if (std::isfinite(after_min[i])) {
            time_weight_after[c.code].first += after_min[i] * demand[i].weight;
            time_weight_after[c.code].second += demand[i].weight;
        }
    }
    for (auto& [code, c] : by_county) {
        auto mean = [](const std::pair<double, double>& tw) {
            return tw.second > 0 ? tw.first / tw.second : std::nan("");
        };
        c.mean_minutes_before = mean(time_weight_before[code]);
        c.mean_minutes_after = mean(time_weight_after[code]);
        c.name = ws.db()
                     .query_text("SELECT name FROM admin_units WHERE code = '" + code + "'")
                     .value_or("");
        result.counties.push_back(c);
    }
    if (progress)
        progress(1.0, "done");
    return result;
}

std::int64_t save_study(store::Workspace& ws, const StudyResult& r) {
    auto& db = ws.db();
    store::Transaction tx(db);
    // The point column is added on first save, when the CRS is known.
    store::ensure_geometry_column(ws, "siting_sites", "geom", "POINT");
    const int epsg = ws.crs_epsg();
    const auto facility = need_name(r.options.need), model = model_name(r.options.model);
    const std::string demand =
        r.options.weight == DemandWeight::patients ? "patients" : "population";
    db.prepare("DELETE FROM siting_runs WHERE facility = ? AND model = ? AND demand = ?")
        .bind(1, facility)
        .bind(2, model)
        .bind(3, demand)
        .run();
    db.prepare("INSERT INTO siting_runs (facility, model, demand, demand_at, threshold_min, "
               "added_requested, travel_method, travel_label, objective, bound, proven_optimal, "
               "total_weight, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, facility)
        .bind(2, model)
        .bind(3, demand)
        .bind(4, r.demand_at)
        .bind(5, r.options.threshold_minutes)
        .bind(6, static_cast<std::int64_t>(r.options.add))
        .bind(7, r.travel_method)
        .bind(8, r.travel_label)
        .bind(9, r.solution.objective)
        .bind(10, r.solution.bound)
        .bind(11, r.solution.is_proven_optimal ? 1 : 0)
        .bind(12, r.total_weight)
        .bind(13, nlohmann::json(r.notes).dump())
        .bind(14, store::utc_timestamp())
        .run();
    const auto run_id = db.last_insert_rowid();
    auto site = db.prepare("INSERT INTO siting_sites (run_id, site_id, name, unit_code, status, "
                           "ord, newly_covered, x, y, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                           "MakePoint(?, ?, " +
                           std::to_string(epsg) + "))");
    for (const auto* list : {&r.added, &r.existing})
        for (const auto& s : *list) {
            site.bind(1, run_id).bind(2, s.id).bind(3, s.name);
            if (s.unit_code.empty())
                site.bind_null(4);
            else
                site.bind(4, s.unit_code);
            site.bind(5, s.is_existing ? "existing" : "new").bind(6, s.is_existing ? 0 : s.order);
            if (s.is_existing)
                site.bind_null(7);
            else
                site.bind(7, s.newly_covered);
            site.bind(8, s.x).bind(9, s.y).bind(10, s.x).bind(11, s.y);
            site.run();
        }
    auto county = db.prepare("INSERT INTO siting_counties (run_id, county_code, name, weight, "
                             "covered_before, covered_after, mean_minutes_before, "
                             "mean_minutes_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    auto finite = [](double v) {
        return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
    };
    for (const auto& c : r.counties)
        county.bind(1, run_id)
            .bind(2, c.code)
            .bind(3, c.name)
            .bind(4, c.weight)
            .bind(5, c.covered_before)
            .bind(6, c.covered_after)
            .bind(7, finite(c.mean_minutes_before))
            .bind(8, finite(c.mean_minutes_after))
            .run();
    tx.commit();
    return run_id;
}

} // namespace jw::siting
