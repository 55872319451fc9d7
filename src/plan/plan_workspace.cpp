// `jingwei plan` on a workspace: reads the due list, teams, homes and village seats, plans, and
// replaces the month's plan in one transaction.

#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/network/workspace_roads.hpp>
#include <jingwei/plan/plan.hpp>
#include <jingwei/store/workspace.hpp>
#include <limits>
#include <memory>
#include <queue>
#include <sstream>
#include <unordered_map>

namespace jw::plan {

std::vector<DayNumber> planning_days(const Month& month, const std::string& spec) {
    std::vector<DayNumber> days;
    if (spec.empty() || spec == "weekdays") {
        for (DayNumber d = month.first_day(); d <= month.last_day(); ++d)
            if (weekday(d) < 5)
                days.push_back(d);
        return days;
    }
    std::stringstream ss(spec);
    for (std::string item; std::getline(ss, item, ',');) {
        if (item.empty())
            continue;
        DayNumber d = 0;
        try {
            d = parse_iso_day(item);
        } catch (const InputError& e) {
            throw UsageError("--days: " + e.reason);
        }
        if (d < month.first_day() || d > month.last_day())
            throw UsageError("--days: " + item + " is not in " + month.text());
        days.push_back(d);
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    if (days.empty())
        throw UsageError("--days: no day given");
    return days;
}

namespace {

// Length in metres of the fastest road path between two points: Dijkstra on travel time from the
// source's seeds, carrying the length of the path that wins, until the target's seeds are
// settled; the off-road legs and the parts of the snapped segments are added. nullopt when a
// point is not snapped or no path exists.
std::optional<double> road_leg_metres(const network::RoadGraph& graph,
                                      const network::Snapper& snapper,
                                      const network::TravelTimeOptions& options,
                                      const network::Point& from,
                                      const network::Point& to) {
    const auto sa = snapper.snap(from, options.max_snap_m);
    const auto sb = snapper.snap(to, options.max_snap_m);
    if (!sa.is_snapped || !sb.is_snapped)
        return std::nullopt;
    const auto part_m = [&](const network::Snap& s, network::NodeIndex node) {
        const auto& p = graph.point(s.from_node);
        const auto& q = graph.point(s.to_node);
        const double length = std::hypot(p.x - q.x, p.y - q.y);
        return (node == s.from_node ? s.along : 1.0 - s.along) * length;
    };
    double best_ms = std::numeric_limits<double>::infinity(), best_m = 0;
    const auto same = snapper.same_segment_ms(sa, sb, options.walk_kmh);
    if (same != network::unreachable_ms) {
        const auto& p = graph.point(sa.from_node);
        const auto& q = graph.point(sa.to_node);
        best_ms = same;
        best_m = sa.offroad_m + sb.offroad_m +
                 std::abs(sa.along - sb.along) * std::hypot(p.x - q.x, p.y - q.y);
    }
    const auto sources = snapper.as_source(sa, options.walk_kmh);
    const auto targets = snapper.as_target(sb, options.walk_kmh);
    std::unordered_map<network::NodeIndex, std::pair<double, double>> label; // ms, metres
    using Entry = std::pair<double, network::NodeIndex>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
    for (const auto& seed : sources) {
        const double m = sa.offroad_m + part_m(sa, seed.node);
        const auto it = label.find(seed.node);
        if (it == label.end() || seed.offset_ms < it->second.first) {
            label[seed.node] = {static_cast<double>(seed.offset_ms), m};
            queue.push({static_cast<double>(seed.offset_ms), seed.node});
        }
    }
    std::unordered_map<network::NodeIndex, double> target_offset;
    for (const auto& seed : targets)
        target_offset[seed.node] = seed.offset_ms;
    std::size_t targets_left = target_offset.size();
    std::unordered_map<network::NodeIndex, bool> settled;
    const auto& csr = graph.csr();
    while (!queue.empty() && targets_left > 0) {
        const auto [ms, node] = queue.top();
        queue.pop();
        if (settled[node] || ms > label[node].first)
            continue;
        settled[node] = true;
        if (ms >= best_ms)
            break;
        const double metres = label[node].second;
        if (const auto t = target_offset.find(node); t != target_offset.end()) {
            --targets_left;
            if (ms + t->second < best_ms) {
                best_ms = ms + t->second;
                best_m = metres + part_m(sb, node) + sb.offroad_m;
            }
        }
        for (const auto& arc : boost::make_iterator_range(boost::out_edges(node, csr))) {
            const auto head = boost::target(arc, csr);
            const auto& data = csr[arc];
            const double next = ms + data.travel_ms;
            const auto it = label.find(head);
            if (it == label.end() || next < it->second.first) {
                label[head] = {next, metres + data.length_m};
                queue.push({next, head});
            }
        }
    }
    if (!std::isfinite(best_ms))
        return std::nullopt;
    return best_m;
}

} // namespace

TravelModel road_model(const network::RoadNetwork& net, const network::TravelTimeOptions& options) {
    TravelModel m;
    m.source = "roads";
    const auto* network = &net;
    m.matrix = [network, options](const std::vector<network::Point>& pts,
                                  std::vector<double>& seconds) {
        seconds = network::road_travel_times(*network, pts, pts, options).travel_seconds;
    };
    const auto snapper = std::make_shared<network::Snapper>(net.graph);
    const auto straight = straight_line_model(options);
    m.leg_metres = [network, snapper, options, straight](const network::Point& a,
                                                         const network::Point& b) {
        // A point off the network has no road time either: such legs are never driven, but
        // the baseline's totals stay finite with the straight-line estimate.
        return road_leg_metres(network->graph, *snapper, options, a, b)
            .value_or(straight.leg_metres(a, b));
    };
    return m;
}

namespace {

struct Unit {
    std::string name, parent, level;
};

std::string area_name(const std::map<std::string, Unit>& units, const std::string& township) {
    const auto t = units.find(township);
    if (t == units.end())
        return township;
    const auto c = units.find(t->second.parent);
    return (c == units.end() ? std::string() : c->second.name) + t->second.name;
}

} // namespace

PlanResult plan_month(store::Workspace& ws,
                      const Month& month,
                      const std::string& profile,
                      const PlanOptions& options) {
    auto& db = ws.db();
    auto due = load_due(ws, month);
    if (due.empty())
        throw UsageError("no due list for " + month.text() + " in " + ws.path() +
                         ": run 'jingwei due " + ws.path() + " --month " + month.text() +
                         "' first");
    const std::string profile_name =
        profile.empty() ? db.query_text("SELECT profile FROM due_visits WHERE month = '" +
                                        month.text() + "' LIMIT 1")
                              .value_or("")
                        : profile;

    std::map<std::string, Unit> units;
    std::map<std::string, network::Point> seats;
    {
        auto st = db.prepare("SELECT code, name, coalesce(parent_code, ''), level, X(seat), "
                             "Y(seat) FROM admin_units");
        while (st.step()) {
            units[st.column_text(0)] = {st.column_text(1), st.column_text(2), st.column_text(3)};
            if (!st.is_null(4))
                seats[st.column_text(0)] = {st.column_double(4), st.column_double(5)};
        }
    }
    std::map<std::string, network::Point> homes;
    {
        auto st =
            db.prepare("SELECT patient_key, X(home), Y(home) FROM patients WHERE home IS NOT NULL");
        while (st.step())
            homes[st.column_text(0)] = {st.column_double(1), st.column_double(2)};
    }
    std::vector<TeamInput> teams;
    {
        auto st = db.prepare("SELECT t.id, t.name, coalesce(t.unit_code, ''), t.skills, t.shift, "
                             "t.workdays, X(f.geom), Y(f.geom) FROM teams t LEFT JOIN facilities f "
                             "ON f.id = t.base_facility_id ORDER BY t.id");
        std::int64_t row = 0;
        while (st.step()) {
            ++row;
            TeamInput t;
            t.id = st.column_text(0);
            t.name = st.column_text(1);
            t.unit_code = st.column_text(2);
            const auto at = [&](const char* field, auto parse) {
                try {
                    return parse();
                } catch (const InputError& e) {
                    throw InputError("teams", row, field, "team " + t.id + ": " + e.reason);
                }
            };
            t.skills = at("skills", [&] { return parse_team_skills(st.column_text(3)); });
            t.shift = at("shift", [&] { return parse_shift(st.column_text(4)); });
            t.workdays = at("workdays", [&] { return parse_weekdays(st.column_text(5)); });
            if (st.is_null(6))
                throw InputError("teams",
                                 row,
                                 "base_facility_id",
                                 "team " + t.id + ": its base facility has no location");
            t.base = {st.column_double(6), st.column_double(7)};
            teams.push_back(std::move(t));
        }
    }
    if (teams.empty())
        throw InputError("teams",
                         0,
                         "",
                         "no teams in the workspace (jingwei import ... teams, or "
                         "jingwei synth teams)");

    // Which teams take a township's tasks: its own; else its county's; else the nearest team
    // base in the same county (the task's township code is replaced by that team's unit).
    std::set<std::string> team_units;
    for (const auto& t : teams)
        team_units.insert(t.unit_code);
    std::map<std::string, std::string> served_by; // township -> team unit
    const auto serving_unit = [&](const std::string& township) -> std::string {
        if (const auto it = served_by.find(township); it != served_by.end())
            return it->second;
        std::string unit;
        if (team_units.count(township))
            unit = township;
        else if (const auto u = units.find(township); u != units.end()) {
            const std::string county = u->second.parent;
            if (team_units.count(county))
                unit = county;
            else if (const auto seat = seats.find(township); seat != seats.end()) {
                double best = 1e300;
                for (const auto& t : teams) {
                    const auto tu = units.find(t.unit_code);
                    if (tu == units.end() || tu->second.parent != county)
                        continue;
                    const double dist =
                        std::hypot(t.base.x - seat->second.x, t.base.y - seat->second.y);
                    if (dist < best) {
                        best = dist;
                        unit = t.unit_code;
                    }
                }
            }
        }
        return served_by[township] = unit;
    };

    std::vector<TaskInput> tasks;
    for (auto& v : due) {
        TaskInput t;
        t.area_name = area_name(units, v.township_code);
        const bool at_home = v.kind == VisitKind::followup || v.kind == VisitKind::joint_followup ||
                             v.kind == VisitKind::health_exam;
        if (at_home)
            if (const auto h = homes.find(v.patient_key); h != homes.end())
                t.location = h->second;
        if (!t.location)
            if (const auto s = seats.find(v.village_code); s != seats.end())
                t.location = s->second;
        const auto unit = serving_unit(v.township_code);
        if (!unit.empty() && unit != v.township_code)
            t.area_name += " (served by " + area_name(units, unit) + ")";
        t.visit = v;
        t.visit.township_code = unit.empty() ? v.township_code : unit;
        tasks.push_back(std::move(t));
    }

    const auto speeds = network::load_speed_table();
    auto travel_options = network::TravelTimeOptions::from(speeds);
    travel_options.threads = options.threads;
    const auto network = network::load_road_network(ws);
    const auto travel =
        network ? road_model(*network, travel_options) : straight_line_model(travel_options);

    auto result = plan_tasks(tasks, teams, travel, options);
    result.month = month.text();
    result.profile = profile_name;
    if (network)
        result.summary["km_note"] = "km along the fastest road path, off-road legs included";
    nlohmann::json borrowed = nlohmann::json::object();
    for (const auto& [township, unit] : served_by)
        if (!unit.empty() && unit != township && !team_units.count(township))
            borrowed[area_name(units, township)] = area_name(units, unit);
    result.summary["townships_without_team"] = borrowed;

    std::string days;
    for (auto d : result.days)
        days += (days.empty() ? "" : ",") + iso_day(d);
    store::Transaction tx(db);
    db.prepare("DELETE FROM plan_stops WHERE month = ?").bind(1, result.month).run();
    db.prepare("DELETE FROM plan_unplanned WHERE month = ?").bind(1, result.month).run();
    db.prepare("DELETE FROM plan_runs WHERE month = ?").bind(1, result.month).run();
    db.prepare("INSERT INTO plan_runs (month, profile, days, travel_source, summary, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, result.month)
        .bind(2, result.profile)
        .bind(3, days)
        .bind(4, result.travel_source)
        .bind(5, result.summary.dump())
        .bind(6, store::utc_timestamp())
        .run();
    auto stop = db.prepare("INSERT INTO plan_stops (month, team_id, day, seq, visit_id, arrival, "
                           "departure, x, y, travel_min, travel_km) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& s : result.stops)
        stop.bind(1, result.month)
            .bind(2, s.team_id)
            .bind(3, iso_day(s.day))
            .bind(4, s.seq)
            .bind(5, s.visit_id.empty() ? std::nullopt : std::optional<std::string>(s.visit_id))
            .bind(6, clock_text(s.arrival_s))
            .bind(7, clock_text(s.departure_s))
            .bind(8, s.xy.x)
            .bind(9, s.xy.y)
            .bind(10, std::round(s.travel_min * 100.0) / 100.0)
            .bind(11, std::round(s.travel_km * 1000.0) / 1000.0)
            .run();
    auto unplanned =
        db.prepare("INSERT INTO plan_unplanned (month, visit_id, reason) VALUES (?, ?, ?)");
    for (const auto& u : result.unplanned)
        unplanned.bind(1, result.month).bind(2, u.visit_id).bind(3, u.reason).run();
    tx.commit();
    return result;
}

} // namespace jw::plan
