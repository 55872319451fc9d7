#pragma once
/// Multi-vehicle routing with time windows, capacities, skills and shift limits, solved by
/// ruin-and-recreate large-neighbourhood search (docs/decisions/0004-routing-solver.md).
/// The solver sees plain structs only: no files, no JSON.

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <jingwei/routing/matrix.hpp>
#include <jingwei/routing/search.hpp>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace jw::routing {

/// Skill k is bit k: a job needing skills S can go to a vehicle holding every bit of S.
using Skills = std::bitset<64>;

constexpr double unbounded_seconds = std::numeric_limits<double>::infinity();

/// Interval of allowed *service start* times, in seconds on the problem's clock.
struct TimeWindow {
    double start_seconds = 0.0;
    double end_seconds = unbounded_seconds;
};

struct Job {
    std::size_t location = 0; ///< index into the matrices
    double service_seconds = 0.0;
    /// Sorted, disjoint; empty means any time. Arrival before a window waits for its start.
    std::vector<TimeWindow> windows;
    std::int64_t demand = 0; ///< in the vehicles' capacity unit
    Skills required_skills;
    /// Only optional jobs may be left out; among them, higher priority is left out last.
    bool is_optional = false;
    int priority = 0;
};

struct Vehicle {
    std::size_t start_location = 0;
    std::size_t end_location = 0;
    /// The vehicle leaves at shift start and must be back by shift end.
    TimeWindow shift;
    std::int64_t capacity = std::numeric_limits<std::int64_t>::max();
    Skills skills = Skills().set();
    /// From leaving the start to arriving at the end (the vehicle leaves at shift start).
    double max_duration_seconds = unbounded_seconds;
    std::size_t max_visits = std::numeric_limits<std::size_t>::max();
};

struct Problem {
    Matrix travel_seconds; ///< drives the schedule
    Matrix cost;           ///< minimised (e.g. metres); empty means travel_seconds
    std::vector<Job> jobs;
    std::vector<Vehicle> vehicles;
};

enum class Objective {
    /// Fewest vehicles first, then least cost (the Solomon benchmark convention).
    vehicles_then_cost,
    /// Least cost; a vehicle is used whenever that is cheaper.
    cost,
};

struct VrpOptions {
    SearchOptions search;
    Objective objective = Objective::vehicles_then_cost;
};

struct Visit {
    std::size_t job = 0;
    double arrival_seconds = 0.0;
    double start_seconds = 0.0; ///< service start, inside one of the job's windows
    double departure_seconds = 0.0;
};

struct Route {
    std::size_t vehicle = 0;
    std::vector<Visit> visits;
    double departure_seconds = 0.0; ///< from the start location
    double arrival_seconds = 0.0;   ///< at the end location
    double cost = 0.0;
    std::int64_t load = 0;
};

enum class UnassignedReason {
    no_vehicle_with_skills,
    exceeds_capacity,
    unreachable_in_time, ///< no vehicle can serve it alone within windows and shift
    no_room,             ///< feasible alone, but did not fit among the other jobs
};

struct Unassigned {
    std::size_t job = 0;
    UnassignedReason reason = UnassignedReason::no_room;
};

/// Human-readable form of a reason, e.g. for a route sheet.
std::string to_string(UnassignedReason reason);

struct VrpSolution {
    std::vector<Route> routes; ///< non-empty routes only, in vehicle order
    std::vector<Unassigned> unassigned;
    double cost = 0.0; ///< sum of route costs
    std::uint64_t iterations = 0;
};

/// Solves the problem. Throws jw::InputError when a job or vehicle refers to a location outside
/// the matrix or when windows are not sorted and disjoint, jw::UsageError when options have no
/// stopping rule.
VrpSolution solve_vrp(const Problem& problem, const VrpOptions& options);

/// Schedules a job sequence on a vehicle with earliest service starts (the solver's routes follow
/// the same rule); nullopt when it breaks capacity, skills, windows, shift or visit limits.
std::optional<Route>
schedule_route(const Problem& problem, std::size_t vehicle, const std::vector<std::size_t>& jobs);

} // namespace jw::routing
