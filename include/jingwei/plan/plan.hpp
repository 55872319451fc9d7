#pragma once
/// The monthly visit plan: every due task of `jingwei due` assigned to a team and a working day
/// and ordered on the day's route, as a periodic multi-team VRP with time windows, skills and
/// shifts with a lunch break (docs/plan.md, docs/decisions/0018-plan.md).

#include <cstdint>
#include <functional>
#include <jingwei/network/road_source.hpp>
#include <jingwei/network/travel_times.hpp>
#include <jingwei/plan/due.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace jw::plan {

/// A working day's periods, e.g. "08:30-11:30,14:00-17:00": work stops between periods (lunch).
struct Shift {
    struct Period {
        int start_min = 0, end_min = 0; ///< minutes after midnight
    };
    std::vector<Period> periods; ///< sorted, disjoint, non-empty
    /// Sum of the periods: the "working clock" a route runs on, lunch left out.
    double working_seconds() const;
    /// Working-clock offsets where a period ends and the next begins (lunch starts).
    std::vector<double> breaks() const;
    /// Seconds after midnight of a working-clock offset. At a break, a service start is the next
    /// period's start (14:00) and anything else the period's end (11:30).
    double wall_seconds(double working, bool is_service_start) const;
};
/// Throws jw::InputError (reason only) when malformed, overlapping or out of order.
Shift parse_shift(const std::string& text);

/// "HH:MM" of seconds after midnight, rounded to the minute.
std::string clock_text(double seconds);

struct TeamInput {
    std::string id, name, unit_code;
    network::Point base; ///< workspace CRS
    Shift shift;
    std::set<int> workdays; ///< 0 = Monday
    /// Skill -> weekdays it is there (all workdays when the set is empty).
    std::map<std::string, std::set<int>> skills;
};

/// Parses teams.skills ("prevention_doctor,police@tue+thu") and teams.workdays ("mon,...").
std::map<std::string, std::set<int>> parse_team_skills(const std::string& text);
std::set<int> parse_weekdays(const std::string& text); ///< throws jw::InputError

struct TaskInput {
    DueVisit visit;
    std::optional<network::Point> location; ///< home or village seat; none: cannot plan
    std::string area_name;                  ///< county + township, for reasons
};

/// One group of teams and the tasks they share (a township, or a county-level team).
struct PlanOptions {
    std::vector<DayNumber> days; ///< planning days (already filtered to the month)
    double time_limit_seconds = 20;
    std::uint64_t max_iterations = 0; ///< per solve; with time_limit 0, deterministic
    std::uint64_t seed = 1;
    unsigned threads = 2;
    /// Extra skills every team has on some weekdays, e.g. police partner on tue/thu.
    std::map<std::string, std::set<int>> partners;
    /// Each team-day is capped near the group's average load so work spreads over the month
    /// (the cap is dropped when it would leave more visits out).
    double balance_factor = 1.25;
};

struct PlannedStop {
    std::string team_id;
    DayNumber day = 0;
    int seq = 0;
    std::string visit_id; ///< "" for leaving and returning to the base
    double arrival_s = 0, service_start_s = 0, departure_s = 0; ///< seconds after midnight
    network::Point xy;
    double travel_min = 0, travel_km = 0; ///< from the previous stop
};

struct UnplannedVisit {
    std::string visit_id;
    std::string reason;
};

/// Travel between points of one group: a seconds matrix (NaN = no way) for the solver, and the
/// length of one leg for the routes actually driven.
struct TravelModel {
    std::string source; ///< "roads" or the straight-line label
    std::function<void(const std::vector<network::Point>&, std::vector<double>& seconds)>
        matrix; ///< fills n x n row-major
    std::function<double(const network::Point& from, const network::Point& to)> leg_metres;
};

/// Straight line x detour factor at a speed (labelled), or the road network when given: times on
/// the roads, and each leg's length along the fastest path (off-road legs included).
TravelModel straight_line_model(const network::TravelTimeOptions& options);
TravelModel road_model(const network::RoadNetwork& network,
                       const network::TravelTimeOptions& options);

struct PlanResult {
    std::string month, profile, travel_source;
    std::vector<DayNumber> days;
    std::vector<PlannedStop> stops; ///< by team, day, seq
    std::vector<UnplannedVisit> unplanned;
    nlohmann::json summary; ///< quality report, with the nearest-neighbour baseline
};

/// Plans the tasks on the teams' days; pure (no workspace), so tests feed it hand-made input.
PlanResult plan_tasks(const std::vector<TaskInput>& tasks,
                      const std::vector<TeamInput>& teams,
                      const TravelModel& travel,
                      const PlanOptions& options);

/// The weekdays (Mon-Fri) of the month, or the listed ISO dates (comma list; each must be in
/// the month). Throws jw::UsageError.
std::vector<DayNumber> planning_days(const Month& month, const std::string& spec);

/// Reads due_visits (run `jingwei due` first), teams, homes and village seats, the road network
/// if loaded; plans; replaces the month's plan_runs/plan_stops/plan_unplanned in one transaction.
PlanResult plan_month(store::Workspace& ws,
                      const Month& month,
                      const std::string& profile,
                      const PlanOptions& options);

} // namespace jw::plan
