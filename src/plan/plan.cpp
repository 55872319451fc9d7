// The monthly plan as one VRP per group of teams (a township's team, or the team that takes a
// township without one): a vehicle per team-day, the day's shift on a "working clock" with lunch
// left out, and each task's windows on the days between its earliest date and deadline.
// docs/decisions/0018-plan.md explains the model; the nearest-neighbour baseline is here too so
// the quality report compares like with like.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/plan/plan.hpp>
#include <jingwei/routing/vrp.hpp>
#include <numeric>
#include <set>
#include <sstream>
#include <tuple>

namespace jw::plan {

namespace {

constexpr double day_seconds = 86400.0;
// A pair without a way between them (unsnapped point): long enough that no shift can cover it.
constexpr double no_way_seconds = 1e7;

std::string join(const std::vector<std::string>& items, const char* sep = ",") {
    std::string out;
    for (const auto& s : items)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

class SkillBits {
  public:
    std::size_t bit(const std::string& name) {
        const auto it = m_bits.find(name);
        if (it != m_bits.end())
            return it->second;
        if (m_bits.size() == 64)
            throw InputError("teams", 0, "skills", "more than 64 distinct skills");
        return m_bits[name] = m_bits.size();
    }

  private:
    std::map<std::string, std::size_t> m_bits;
};

struct VehicleDay {
    std::size_t team = 0;     ///< index into teams
    std::size_t day = 0;      ///< index into options.days
    std::size_t location = 0; ///< base
};

// One route in plain terms, for both the solver's and the baseline's answers.
struct DayRoute {
    std::size_t vehicle = 0;
    std::vector<std::size_t> jobs;
    std::vector<double> arrival, start, departure; ///< problem clock
    double leave = 0, back = 0;
};

struct Group {
    std::string key, area_name;
    std::vector<std::size_t> teams, tasks;
};

struct Built {
    routing::Problem problem;
    std::vector<std::size_t> job_task;
    std::vector<VehicleDay> vehicles;
    std::vector<network::Point> points;
    std::vector<double> seconds;
    std::vector<std::pair<std::size_t, std::string>> rejected; ///< task, reason
    const TravelModel* travel = nullptr;
    mutable std::map<std::pair<std::size_t, std::size_t>, double> metres_cache;
    /// Length of the leg between two locations, computed once (road legs cost a search).
    double metres(std::size_t from, std::size_t to) const {
        if (from == to)
            return 0.0;
        const auto key = std::make_pair(from, to);
        const auto it = metres_cache.find(key);
        if (it != metres_cache.end())
            return it->second;
        return metres_cache[key] = travel->leg_metres(points[from], points[to]);
    }
};

double solve_seconds(const Built& b, std::size_t from, std::size_t to) {
    return b.seconds[from * b.points.size() + to];
}

Built build_group(const Group& g,
                  const std::vector<TaskInput>& tasks,
                  const std::vector<TeamInput>& teams,
                  const TravelModel& travel,
                  const PlanOptions& options,
                  SkillBits& bits) {
    Built b;
    for (auto t : g.teams)
        b.points.push_back(teams[t].base);
    std::vector<std::size_t> task_location(tasks.size(), 0);
    for (auto k : g.tasks)
        if (tasks[k].location) {
            task_location[k] = b.points.size();
            b.points.push_back(*tasks[k].location);
        }
    b.travel = &travel;
    travel.matrix(b.points, b.seconds);
    for (auto& s : b.seconds)
        if (std::isnan(s))
            s = no_way_seconds;
    const std::size_t n = b.points.size();
    b.problem.travel_seconds = routing::Matrix(n, b.seconds);

    // Breaks of every team in the group: a visit never runs over anyone's lunch.
    std::vector<double> cuts = {0.0};
    double longest_day = 0;
    for (auto t : g.teams) {
        for (double x : teams[t].shift.breaks())
            cuts.push_back(x);
        longest_day = std::max(longest_day, teams[t].shift.working_seconds());
    }
    cuts.push_back(longest_day);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    double longest_period = 0;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
        longest_period = std::max(longest_period, cuts[i + 1] - cuts[i]);

    for (std::size_t d = 0; d < options.days.size(); ++d) {
        const int wd = weekday(options.days[d]);
        for (std::size_t i = 0; i < g.teams.size(); ++i) {
            const auto& team = teams[g.teams[i]];
            if (!team.workdays.count(wd))
                continue;
            routing::Vehicle v;
            v.start_location = v.end_location = i;
            v.shift = {d * day_seconds, d * day_seconds + team.shift.working_seconds()};
            v.skills.reset();
            for (const auto& [skill, on] : team.skills)
                if (on.empty() || on.count(wd))
                    v.skills.set(bits.bit(skill));
            for (const auto& [skill, on] : options.partners)
                if (on.empty() || on.count(wd))
                    v.skills.set(bits.bit(skill));
            b.problem.vehicles.push_back(v);
            b.vehicles.push_back({g.teams[i], d, i});
        }
    }

    for (auto k : g.tasks) {
        const auto& task = tasks[k];
        const auto& visit = task.visit;
        if (!task.location) {
            b.rejected.emplace_back(k,
                                    "no location: the patient has no home point and the "
                                    "village no seat");
            continue;
        }
        routing::Job job;
        job.location = task_location[k];
        job.service_seconds = visit.service_min * 60.0;
        job.is_optional = true;
        // The solver adds (1 + priority) over the visits left out; doubling every 8 points
        // makes one joint visit (100) outweigh five unstable ones (80), and so on down.
        job.priority =
            static_cast<int>(std::lround(std::pow(2.0, std::clamp(visit.priority, 0, 150) / 8.0)));
        for (const auto& s : visit.skills)
            job.required_skills.set(bits.bit(s));
        bool any_day = false;
        for (std::size_t d = 0; d < options.days.size(); ++d) {
            if (options.days[d] < visit.earliest || options.days[d] > visit.deadline)
                continue;
            any_day = true;
            for (std::size_t c = 0; c + 1 < cuts.size(); ++c)
                if (cuts[c + 1] - cuts[c] >= job.service_seconds)
                    job.windows.push_back({d * day_seconds + cuts[c],
                                           d * day_seconds + cuts[c + 1] - job.service_seconds});
        }
        if (!any_day) {
            b.rejected.emplace_back(k,
                                    "no planning day between " + iso_day(visit.earliest) + " and " +
                                        iso_day(visit.deadline) + " (see --days); plan it by hand");
            continue;
        }
        if (job.windows.empty()) {
            std::ostringstream why;
            why << "takes " << visit.service_min << " min, longer than a shift period ("
                << longest_period / 60 << " min)";
            b.rejected.emplace_back(k, why.str());
            continue;
        }
        b.job_task.push_back(k);
        b.problem.jobs.push_back(std::move(job));
    }
    return b;
}

std::vector<DayRoute> from_solution(const routing::VrpSolution& s) {
    std::vector<DayRoute> out;
    for (const auto& r : s.routes) {
        DayRoute d;
        d.vehicle = r.vehicle;
        d.leave = r.departure_seconds;
        d.back = r.arrival_seconds;
        for (const auto& v : r.visits) {
            d.jobs.push_back(v.job);
            d.arrival.push_back(v.arrival_seconds);
            d.start.push_back(v.start_seconds);
            d.departure.push_back(v.departure_seconds);
        }
        out.push_back(std::move(d));
    }
    return out;
}

// Nearest neighbour per day: each team-day, in date order, goes next to the nearest task it can
// still serve inside the task's windows and return by the shift's end.
std::vector<DayRoute> nearest_neighbour(const Built& b) {
    const auto& p = b.problem;
    std::vector<char> done(p.jobs.size(), 0);
    std::vector<std::size_t> order(p.vehicles.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t c) {
        return p.vehicles[a].shift.start_seconds < p.vehicles[c].shift.start_seconds;
    });
    std::vector<DayRoute> out;
    for (auto vi : order) {
        const auto& v = p.vehicles[vi];
        DayRoute r;
        r.vehicle = vi;
        r.leave = v.shift.start_seconds;
        double t = r.leave;
        std::size_t at = v.start_location;
        while (true) {
            std::optional<std::size_t> best;
            double best_travel = 0, best_start = 0;
            for (std::size_t j = 0; j < p.jobs.size(); ++j) {
                const auto& job = p.jobs[j];
                if (done[j] || (job.required_skills & ~v.skills).any())
                    continue;
                const double travel = p.travel_seconds(at, job.location);
                if (best && travel >= best_travel)
                    continue;
                const double arrive = t + travel;
                for (const auto& w : job.windows) {
                    if (w.end_seconds < arrive)
                        continue;
                    const double start = std::max(arrive, w.start_seconds);
                    const double home = start + job.service_seconds +
                                        p.travel_seconds(job.location, v.end_location);
                    if (home <= v.shift.end_seconds) {
                        best = j;
                        best_travel = travel;
                        best_start = start;
                    }
                    break; // later windows are later days
                }
            }
            if (!best)
                break;
            const auto& job = p.jobs[*best];
            done[*best] = 1;
            r.jobs.push_back(*best);
            r.arrival.push_back(t + best_travel);
            r.start.push_back(best_start);
            r.departure.push_back(best_start + job.service_seconds);
            t = r.departure.back();
            at = job.location;
        }
        if (!r.jobs.empty()) {
            r.back = t + p.travel_seconds(at, v.end_location);
            out.push_back(std::move(r));
        }
    }
    return out;
}

double unassigned_weight(const routing::Problem& p, const std::vector<std::size_t>& left) {
    double w = 0;
    for (auto j : left)
        w += 1.0 + std::max(0, p.jobs[j].priority);
    return w;
}

std::vector<std::size_t> left_out(const routing::Problem& p, const std::vector<DayRoute>& routes) {
    std::vector<char> in(p.jobs.size(), 0);
    for (const auto& r : routes)
        for (auto j : r.jobs)
            in[j] = 1;
    std::vector<std::size_t> out;
    for (std::size_t j = 0; j < p.jobs.size(); ++j)
        if (!in[j])
            out.push_back(j);
    return out;
}

struct Totals {
    std::size_t planned = 0, high_risk_planned = 0;
    double route_seconds = 0, travel_seconds = 0, service_seconds = 0, metres = 0;
    std::size_t team_days_used = 0;
    std::map<std::string, double> team_route_seconds;
    std::map<std::string, std::size_t> team_visits, team_days;
    std::vector<double> day_seconds_used;
    /// (village, team, day) triples with a visit: fewer means a village's visits go together.
    std::set<std::tuple<std::string, std::string, std::size_t>> village_days;
    void add(const Built& b,
             const std::vector<DayRoute>& routes,
             const std::vector<TaskInput>& tasks,
             const std::vector<TeamInput>& teams) {
        for (const auto& r : routes) {
            const auto& vd = b.vehicles[r.vehicle];
            const auto& team = teams[vd.team];
            std::size_t at = vd.location;
            for (std::size_t i = 0; i < r.jobs.size(); ++i) {
                const auto& job = b.problem.jobs[r.jobs[i]];
                travel_seconds += solve_seconds(b, at, job.location);
                metres += b.metres(at, job.location);
                service_seconds += job.service_seconds;
                at = job.location;
                ++planned;
                village_days.emplace(
                    tasks[b.job_task[r.jobs[i]]].visit.village_code, team.id, vd.day);
                if (tasks[b.job_task[r.jobs[i]]].visit.kind == VisitKind::joint_followup)
                    ++high_risk_planned;
            }
            travel_seconds += solve_seconds(b, at, vd.location);
            metres += b.metres(at, vd.location);
            route_seconds += r.back - r.leave;
            team_route_seconds[team.id] += r.back - r.leave;
            team_visits[team.id] += r.jobs.size();
            ++team_days[team.id];
            ++team_days_used;
            day_seconds_used.push_back(r.back - r.leave);
        }
    }
};

double pct(double part, double whole) {
    return whole > 0 ? std::round(1000.0 * part / whole) / 10.0 : 0.0;
}
double round2(double x) {
    return std::round(x * 100.0) / 100.0;
}

nlohmann::json totals_json(const Totals& t, std::size_t due, std::size_t deadlines_met) {
    double mean = 0, busiest = 0;
    for (double s : t.day_seconds_used) {
        mean += s;
        busiest = std::max(busiest, s);
    }
    if (!t.day_seconds_used.empty())
        mean /= static_cast<double>(t.day_seconds_used.size());
    return {
        {"planned", t.planned},
        {"deadlines_met_pct", pct(static_cast<double>(deadlines_met), static_cast<double>(due))},
        {"hours", round2(t.route_seconds / 3600.0)},
        {"travel_hours", round2(t.travel_seconds / 3600.0)},
        {"service_hours", round2(t.service_seconds / 3600.0)},
        {"km", round2(t.metres / 1000.0)},
        {"team_days_used", t.team_days_used},
        {"village_team_days", t.village_days.size()},
        {"mean_day_hours", round2(mean / 3600.0)},
        {"busiest_day_hours", round2(busiest / 3600.0)}};
}

} // namespace

TravelModel straight_line_model(const network::TravelTimeOptions& options) {
    TravelModel m;
    const auto probe = network::straight_line_travel_times({{0, 0}}, {{0, 0}}, options);
    m.source = probe.label;
    m.matrix = [options](const std::vector<network::Point>& pts, std::vector<double>& seconds) {
        seconds = network::straight_line_travel_times(pts, pts, options).travel_seconds;
    };
    const double detour = options.fallback_detour_factor;
    m.leg_metres = [detour](const network::Point& a, const network::Point& b) {
        return std::hypot(a.x - b.x, a.y - b.y) * detour;
    };
    return m;
}

PlanResult plan_tasks(const std::vector<TaskInput>& tasks,
                      const std::vector<TeamInput>& teams,
                      const TravelModel& travel,
                      const PlanOptions& options) {
    const auto clock_start = std::chrono::steady_clock::now();
    PlanResult result;
    result.travel_source = travel.source;
    result.days = options.days;

    // Groups: the teams of one unit share its tasks; a task goes to the team(s) of its township,
    // else of its county (TaskInput carries the unit chosen in visit.township_code's place by
    // the caller through team unit codes).
    std::map<std::string, Group> groups;
    for (std::size_t t = 0; t < teams.size(); ++t)
        groups[teams[t].unit_code].teams.push_back(t);
    std::vector<std::size_t> orphan;
    for (std::size_t k = 0; k < tasks.size(); ++k) {
        const auto it = groups.find(tasks[k].visit.township_code);
        if (it == groups.end())
            orphan.push_back(k);
        else {
            it->second.tasks.push_back(k);
            if (it->second.area_name.empty())
                it->second.area_name = tasks[k].area_name;
        }
    }
    for (auto k : orphan)
        result.unplanned.push_back(
            {tasks[k].visit.id,
             "no team serves " +
                 (tasks[k].area_name.empty() ? tasks[k].visit.township_code : tasks[k].area_name) +
                 ": add a team (teams.unit_code) for it"});

    std::size_t total_jobs = 0;
    for (const auto& [key, g] : groups)
        total_jobs += g.tasks.size();

    SkillBits bits;
    Totals plan_totals, base_totals;
    std::size_t due = tasks.size(), met = 0, base_met = 0, high_risk_due = 0;
    for (const auto& t : tasks)
        high_risk_due += t.visit.kind == VisitKind::joint_followup ? 1 : 0;
    std::uint64_t iterations = 0;
    double available_seconds = 0;
    std::size_t team_days_available = 0;
    std::map<std::string, double> team_available;

    for (auto& [key, g] : groups) {
        g.key = key;
        auto b = build_group(g, tasks, teams, travel, options, bits);
        for (std::size_t v = 0; v < b.vehicles.size(); ++v) {
            const double w =
                b.problem.vehicles[v].shift.end_seconds - b.problem.vehicles[v].shift.start_seconds;
            available_seconds += w;
            ++team_days_available;
            team_available[teams[b.vehicles[v].team].id] += w;
        }
        for (const auto& [k, why] : b.rejected)
            result.unplanned.push_back({tasks[k].visit.id, why});
        if (b.problem.jobs.empty() || b.problem.vehicles.empty()) {
            for (std::size_t j = 0; j < b.problem.jobs.size(); ++j)
                result.unplanned.push_back({tasks[b.job_task[j]].visit.id,
                                            "no team-day in the planning days for " + g.area_name});
            continue;
        }
        // Time: the group's share of the budget, 40 % for the free solve, 60 % balanced.
        const double share = static_cast<double>(g.tasks.size()) / static_cast<double>(total_jobs);
        routing::VrpOptions vo;
        vo.objective = routing::Objective::cost;
        vo.search.seed = options.seed;
        vo.search.threads = options.threads;
        vo.search.max_iterations = options.max_iterations;
        vo.search.time_limit_seconds =
            options.time_limit_seconds > 0
                ? std::max(0.05, 0.4 * share * options.time_limit_seconds)
                : 0.0;
        auto free_solution = routing::solve_vrp(b.problem, vo);
        iterations += free_solution.iterations;
        auto routes = from_solution(free_solution);

        // Balance: cap each team-day near the group's mean load (never below half a shift).
        double used = 0, capacity = 0;
        for (const auto& r : routes)
            used += r.back - r.leave;
        for (const auto& v : b.problem.vehicles)
            capacity += v.shift.end_seconds - v.shift.start_seconds;
        const double mean = used / static_cast<double>(b.problem.vehicles.size());
        auto balanced_problem = b.problem;
        bool capped = false;
        for (auto& v : balanced_problem.vehicles) {
            if (options.balance_factor <= 0)
                break;
            const double w = v.shift.end_seconds - v.shift.start_seconds;
            const double cap = std::clamp(mean * options.balance_factor, 0.5 * w, w);
            if (cap < w) {
                v.max_duration_seconds = cap;
                capped = true;
            }
        }
        if (capped) {
            vo.search.time_limit_seconds =
                options.time_limit_seconds > 0
                    ? std::max(0.05, 0.6 * share * options.time_limit_seconds)
                    : 0.0;
            auto balanced = routing::solve_vrp(balanced_problem, vo);
            iterations += balanced.iterations;
            auto balanced_routes = from_solution(balanced);
            if (unassigned_weight(b.problem, left_out(b.problem, balanced_routes)) <=
                unassigned_weight(b.problem, left_out(b.problem, routes)))
                routes = std::move(balanced_routes);
        }

        // Stops, in team/day/seq order.
        std::sort(routes.begin(), routes.end(), [&](const DayRoute& a, const DayRoute& c) {
            const auto& va = b.vehicles[a.vehicle];
            const auto& vc = b.vehicles[c.vehicle];
            return std::tie(teams[va.team].id, va.day) < std::tie(teams[vc.team].id, vc.day);
        });
        for (const auto& r : routes) {
            const auto& vd = b.vehicles[r.vehicle];
            const auto& team = teams[vd.team];
            const double day0 = static_cast<double>(vd.day) * day_seconds;
            const auto wall = [&](double t, bool is_start) {
                return team.shift.wall_seconds(t - day0, is_start);
            };
            PlannedStop s;
            s.team_id = team.id;
            s.day = options.days[vd.day];
            s.seq = 0;
            s.arrival_s = s.service_start_s = s.departure_s = wall(r.leave, false);
            s.xy = b.points[vd.location];
            result.stops.push_back(s);
            std::size_t at = vd.location;
            for (std::size_t i = 0; i < r.jobs.size(); ++i) {
                const auto& job = b.problem.jobs[r.jobs[i]];
                const auto& task = tasks[b.job_task[r.jobs[i]]];
                s.seq = static_cast<int>(i + 1);
                s.visit_id = task.visit.id;
                s.arrival_s = wall(r.arrival[i], false);
                s.service_start_s = wall(r.start[i], true);
                s.departure_s = wall(r.departure[i], false);
                s.xy = b.points[job.location];
                s.travel_min = solve_seconds(b, at, job.location) / 60.0;
                s.travel_km = b.metres(at, job.location) / 1000.0;
                result.stops.push_back(s);
                at = job.location;
                ++met; // windows end at the deadline: every planned visit meets it
            }
            s.seq = static_cast<int>(r.jobs.size() + 1);
            s.visit_id.clear();
            s.arrival_s = s.service_start_s = s.departure_s = wall(r.back, false);
            s.xy = b.points[vd.location];
            s.travel_min = solve_seconds(b, at, vd.location) / 60.0;
            s.travel_km = b.metres(at, vd.location) / 1000.0;
            result.stops.push_back(s);
        }
        plan_totals.add(b, routes, tasks, teams);

        // Why the rest is left out, in terms a planner can act on.
        const auto left = left_out(b.problem, routes);
        // Per skill set: "needs 3 more team-days with police" is what the planner can arrange.
        std::map<std::string, double> left_seconds;
        std::map<std::string, std::size_t> no_room;
        const double per_visit_travel = routes.empty() ? 0.0 : [&] {
            double travel_s = 0;
            std::size_t visits = 0;
            for (const auto& r : routes) {
                std::size_t at = b.vehicles[r.vehicle].location;
                for (auto j : r.jobs) {
                    travel_s += solve_seconds(b, at, b.problem.jobs[j].location);
                    at = b.problem.jobs[j].location;
                }
                travel_s += solve_seconds(b, at, b.vehicles[r.vehicle].location);
                visits += r.jobs.size();
            }
            return travel_s / static_cast<double>(std::max<std::size_t>(1, visits));
        }();
        double day_length = 0;
        for (auto t : g.teams)
            day_length = std::max(day_length, teams[t].shift.working_seconds());
        std::vector<std::pair<std::size_t, std::string>> reasons;
        for (auto j : left) {
            const auto& job = b.problem.jobs[j];
            const auto& visit = tasks[b.job_task[j]].visit;
            bool any_skill = false, skill_in_window = false;
            for (std::size_t v = 0; v < b.problem.vehicles.size(); ++v) {
                const auto& veh = b.problem.vehicles[v];
                if ((job.required_skills & ~veh.skills).any())
                    continue;
                any_skill = true;
                const auto day = options.days[b.vehicles[v].day];
                if (day >= visit.earliest && day <= visit.deadline)
                    skill_in_window = true;
            }
            const std::string skills = join(visit.skills);
            if (!any_skill) {
                reasons.emplace_back(j,
                                     "needs a team-day with " + skills + " in " + g.area_name +
                                         ": none in the planning days (teams.skills '" + skills +
                                         "@tue+thu' or --partner " + skills + "@tue,thu)");
                continue;
            }
            if (!skill_in_window) {
                reasons.emplace_back(j,
                                     "needs " + skills + " between " + iso_day(visit.earliest) +
                                         " and " + iso_day(visit.deadline) + " in " + g.area_name +
                                         ": the partner has no day then");
                continue;
            }
            double round_trip = 1e300;
            for (std::size_t i = 0; i < g.teams.size(); ++i)
                round_trip =
                    std::min(round_trip,
                             solve_seconds(b, i, job.location) + solve_seconds(b, job.location, i));
            if (round_trip >= no_way_seconds) {
                reasons.emplace_back(j,
                                     "no travel time: the location is off the road network (beyond "
                                     "the snap limit of every road); check the home point");
                continue;
            }
            if (round_trip + job.service_seconds > day_length) {
                std::ostringstream why;
                why << "cannot be reached, served and left within one working day from the base ("
                    << std::lround(round_trip / 120.0) << " min each way)";
                reasons.emplace_back(j, why.str());
                continue;
            }
            left_seconds[skills] += job.service_seconds + per_visit_travel;
            ++no_room[skills];
            reasons.emplace_back(j, "");
        }
        for (const auto& [j, why] : reasons) {
            std::string text = why;
            if (text.empty()) {
                const std::string skills = join(tasks[b.job_task[j]].visit.skills);
                const long more_days = std::max(
                    1L, std::lround(std::ceil(left_seconds[skills] / std::max(1.0, day_length))));
                std::ostringstream s;
                s << "needs " << more_days << " more team-day" << (more_days > 1 ? "s" : "")
                  << (skills.empty() ? "" : " with " + skills) << " in " << g.area_name << " ("
                  << no_room[skills] << " visits did not fit)";
                text = s.str();
            }
            result.unplanned.push_back({tasks[b.job_task[j]].visit.id, text});
        }

        // The naive baseline on the same problem.
        const auto naive = nearest_neighbour(b);
        base_totals.add(b, naive, tasks, teams);
        for (const auto& r : naive)
            base_met += r.jobs.size();
    }

    std::sort(
        result.unplanned.begin(),
        result.unplanned.end(),
        [](const UnplannedVisit& a, const UnplannedVisit& c) { return a.visit_id < c.visit_id; });

    auto summary = totals_json(plan_totals, due, met);
    summary["due"] = due;
    summary["unplanned"] = result.unplanned.size();
    summary["high_risk_due"] = high_risk_due;
    summary["high_risk_planned"] = plan_totals.high_risk_planned;
    summary["team_days_available"] = team_days_available;
    summary["utilisation_pct"] = pct(plan_totals.route_seconds, available_seconds);
    nlohmann::json per_team = nlohmann::json::array();
    for (const auto& t : teams) {
        const double avail = team_available[t.id];
        per_team.push_back({{"team", t.id},
                            {"visits", plan_totals.team_visits[t.id]},
                            {"days_used", plan_totals.team_days[t.id]},
                            {"hours", round2(plan_totals.team_route_seconds[t.id] / 3600.0)},
                            {"utilisation_pct", pct(plan_totals.team_route_seconds[t.id], avail)}});
    }
    summary["teams"] = per_team;
    auto baseline = totals_json(base_totals, due, base_met);
    baseline["method"] = "nearest neighbour per team-day, days in date order";
    baseline["utilisation_pct"] = pct(base_totals.route_seconds, available_seconds);
    summary["baseline"] = baseline;
    summary["travel_source"] = travel.source;
    summary["days"] = options.days.size();
    summary["solver"] = {
        {"iterations", iterations},
        {"seconds",
         round2(std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start)
                    .count())},
        {"seed", options.seed}};
    result.summary = summary;
    return result;
}

} // namespace jw::plan
