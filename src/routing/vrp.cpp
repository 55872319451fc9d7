// VRP with time windows: ruin-and-recreate LNS after "Slack Induction by String Removals"
// (Christiaens & Vanden Berghe, Transportation Science 54(2), 2020): adjacent string removal,
// greedy insertion with blinks, simulated annealing; the fleet is reduced first by removing a
// route and repairing with absence counters (as in that paper's fleet minimisation).
// Insertion feasibility is O(1) from each route's earliest and latest service starts
// (Savelsbergh 1992), which also holds with several windows per job because waiting is allowed.

#include <algorithm>
#include <cmath>
#include <exception>
#include <jingwei/error.hpp>
#include <jingwei/parallel.hpp>
#include <jingwei/routing/random.hpp>
#include <jingwei/routing/vrp.hpp>
#include <memory>
#include <numeric>
#include <thread>

namespace jw::routing {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();
// Service may start this late past a window's end: float noise from summing travel times,
// far below the 1e-6 that benchmark checkers allow.
constexpr double time_tolerance = 1e-9;

// --- the instance as the search sees it (read-only, shared by workers) -----------------------

struct Instance {
    const Problem& problem;
    const Matrix& cost_matrix;
    std::size_t job_count;
    std::size_t vehicle_count;
    std::vector<std::vector<TimeWindow>> windows; // per job, never empty
    std::vector<std::vector<char>> can_serve;     // [vehicle][job]: skills, capacity, alone in time
    std::vector<std::vector<int>> adjacent;       // per job: other jobs by cost, nearest first
    std::vector<int> vehicle_type;                // vehicles with equal fields share a type
    std::vector<UnassignedReason> intrinsic;      // why a job fits no vehicle even alone
    std::vector<char> fits_some_vehicle;
    std::vector<double> depot_cost; // cost from vehicle 0's start, for the "far first" order
    double mean_depot_cost = 1.0;
    std::size_t lower_bound_vehicles = 1;

    explicit Instance(const Problem& p);

    double travel(std::size_t a, std::size_t b) const { return problem.travel_seconds(a, b); }
    double cost(std::size_t a, std::size_t b) const { return cost_matrix(a, b); }
    const Job& job(int j) const { return problem.jobs[static_cast<std::size_t>(j)]; }
    const Vehicle& vehicle(std::size_t v) const { return problem.vehicles[v]; }

    /// Earliest service start for an arrival, or infinity when every window has closed.
    double service_start(int j, double arrival) const {
        for (const auto& w : windows[static_cast<std::size_t>(j)])
            if (arrival <= w.end_seconds + time_tolerance)
                return std::max(arrival, w.start_seconds);
        return infinity;
    }
    /// Latest service start not after `limit`, or -infinity.
    double latest_start(int j, double limit) const {
        const auto& ws = windows[static_cast<std::size_t>(j)];
        for (auto it = ws.rbegin(); it != ws.rend(); ++it)
            if (it->start_seconds <= limit)
                return std::min(limit, it->end_seconds + time_tolerance);
        return -infinity;
    }
    double last_window_end(int j) const {
        return windows[static_cast<std::size_t>(j)].back().end_seconds + time_tolerance;
    }
    double shift_end(std::size_t v) const {
        const auto& veh = vehicle(v);
        return std::min(veh.shift.end_seconds, veh.shift.start_seconds + veh.max_duration_seconds);
    }
};

std::string job_field(std::size_t j) {
    return "job " + std::to_string(j);
}

void validate(const Problem& p) {
    const std::size_t n = p.travel_seconds.size();
    if (!p.cost.empty() && p.cost.size() != n)
        throw InputError("", 0, "cost", "matrix size differs from travel_seconds");
    for (std::size_t j = 0; j < p.jobs.size(); ++j) {
        const auto& job = p.jobs[j];
        if (job.location >= n)
            throw InputError("", 0, job_field(j), "location outside the matrix");
        for (std::size_t w = 0; w < job.windows.size(); ++w) {
            const auto& tw = job.windows[w];
            if (!(tw.start_seconds <= tw.end_seconds))
                throw InputError("", 0, job_field(j), "a time window ends before it starts");
            if (w > 0 && job.windows[w - 1].end_seconds > tw.start_seconds)
                throw InputError("", 0, job_field(j), "time windows not sorted and disjoint");
        }
        if (job.service_seconds < 0 || job.demand < 0)
            throw InputError("", 0, job_field(j), "negative service time or demand");
    }
    for (std::size_t v = 0; v < p.vehicles.size(); ++v) {
        const auto& veh = p.vehicles[v];
        if (veh.start_location >= n || veh.end_location >= n)
            throw InputError("", 0, "vehicle " + std::to_string(v), "location outside the matrix");
        if (!(veh.shift.start_seconds <= veh.shift.end_seconds))
            throw InputError("", 0, "vehicle " + std::to_string(v), "shift ends before it starts");
    }
}

Instance::Instance(const Problem& p)
    : problem(p), cost_matrix(p.cost.empty() ? p.travel_seconds : p.cost), job_count(p.jobs.size()),
      vehicle_count(p.vehicles.size()) {
    validate(p);
    windows.resize(job_count);
    for (std::size_t j = 0; j < job_count; ++j) {
        windows[j] = p.jobs[j].windows;
        if (windows[j].empty())
            windows[j].push_back({-infinity, infinity});
    }
    // Vehicle types: identical vehicles need only one empty route tried per insertion.
    vehicle_type.resize(vehicle_count);
    for (std::size_t v = 0; v < vehicle_count; ++v) {
        vehicle_type[v] = static_cast<int>(v);
        for (std::size_t u = 0; u < v; ++u) {
            const auto& a = p.vehicles[u];
            const auto& b = p.vehicles[v];
            if (a.start_location == b.start_location && a.end_location == b.end_location &&
                a.shift.start_seconds == b.shift.start_seconds &&
                a.shift.end_seconds == b.shift.end_seconds && a.capacity == b.capacity &&
                a.skills == b.skills && a.max_duration_seconds == b.max_duration_seconds &&
                a.max_visits == b.max_visits) {
                vehicle_type[v] = vehicle_type[u];
                break;
            }
        }
    }
    can_serve.assign(vehicle_count, std::vector<char>(job_count, 0));
    intrinsic.assign(job_count, UnassignedReason::no_vehicle_with_skills);
    fits_some_vehicle.assign(job_count, 0);
    for (std::size_t j = 0; j < job_count; ++j) {
        const auto& job = p.jobs[j];
        int stage = 0; // 1 skills ok, 2 + capacity ok, 3 + time ok
        for (std::size_t v = 0; v < vehicle_count; ++v) {
            const auto& veh = p.vehicles[v];
            if ((job.required_skills & ~veh.skills).any())
                continue;
            stage = std::max(stage, 1);
            if (job.demand > veh.capacity || veh.max_visits == 0)
                continue;
            stage = std::max(stage, 2);
            const double arrival =
                veh.shift.start_seconds + travel(veh.start_location, job.location);
            const double start = service_start(static_cast<int>(j), arrival);
            if (start == infinity ||
                start + job.service_seconds + travel(job.location, veh.end_location) >
                    shift_end(v) + time_tolerance)
                continue;
            stage = 3;
            can_serve[v][j] = 1;
        }
        static const UnassignedReason by_stage[] = {UnassignedReason::no_vehicle_with_skills,
                                                    UnassignedReason::exceeds_capacity,
                                                    UnassignedReason::unreachable_in_time,
                                                    UnassignedReason::no_room};
        intrinsic[j] = by_stage[stage];
        fits_some_vehicle[j] = stage == 3;
    }
    // Adjacency for string removal; capped so memory stays linear for large instances.
    const std::size_t max_adjacent = std::min<std::size_t>(job_count > 0 ? job_count - 1 : 0, 100);
    adjacent.resize(job_count);
    std::vector<std::pair<double, int>> row;
    for (std::size_t j = 0; j < job_count; ++j) {
        row.clear();
        for (std::size_t k = 0; k < job_count; ++k)
            if (k != j)
                row.emplace_back(cost(p.jobs[j].location, p.jobs[k].location), static_cast<int>(k));
        std::partial_sort(
            row.begin(), row.begin() + static_cast<std::ptrdiff_t>(max_adjacent), row.end());
        for (std::size_t r = 0; r < max_adjacent; ++r)
            adjacent[j].push_back(row[r].second);
    }
    depot_cost.resize(job_count, 0.0);
    double sum = 0.0;
    for (std::size_t j = 0; j < job_count; ++j) {
        if (vehicle_count > 0)
            depot_cost[j] = cost(p.vehicles[0].start_location, p.jobs[j].location);
        sum += depot_cost[j];
    }
    if (job_count > 0 && sum > 0)
        mean_depot_cost = sum / static_cast<double>(job_count);
    // Capacity bound: only meaningful when every vehicle has the same capacity.
    std::int64_t demand = 0;
    for (const auto& job : p.jobs)
        demand += job.demand;
    if (vehicle_count > 0 && p.vehicles[0].capacity > 0 &&
        std::all_of(p.vehicles.begin(), p.vehicles.end(), [&](const Vehicle& v) {
            return v.capacity == p.vehicles[0].capacity;
        }))
        lower_bound_vehicles = static_cast<std::size_t>(std::max<std::int64_t>(
            1, (demand + p.vehicles[0].capacity - 1) / p.vehicles[0].capacity));
}

// --- routes and solutions (per worker) ------------------------------------------------------

/// A vehicle's route with positions 0 (start), 1..m (jobs), m+1 (end).
struct RouteState {
    std::vector<int> jobs;
    std::vector<double> earliest; // earliest service start (start: departure time)
    std::vector<double> latest;   // latest service start keeping the rest feasible
    std::int64_t load = 0;
    double cost = 0.0;
};

class Solution {
  public:
    explicit Solution(const Instance& inst)
        : m_inst(&inst), m_routes(inst.vehicle_count), m_route_of(inst.job_count, -1) {
        for (std::size_t v = 0; v < m_routes.size(); ++v)
            refresh(v);
        for (std::size_t j = 0; j < inst.job_count; ++j)
            m_unassigned.push_back(static_cast<int>(j));
    }

    const Instance& inst() const { return *m_inst; }
    std::size_t route_count() const { return m_routes.size(); }
    const RouteState& route(std::size_t v) const { return m_routes[v]; }
    int route_of(int j) const { return m_route_of[static_cast<std::size_t>(j)]; }
    const std::vector<int>& unassigned() const { return m_unassigned; }
    double cost() const { return m_cost; }
    std::size_t used_vehicles() const { return m_used; }

    std::size_t location(std::size_t v, std::size_t pos) const {
        const auto& r = m_routes[v];
        if (pos == 0)
            return m_inst->vehicle(v).start_location;
        if (pos == r.jobs.size() + 1)
            return m_inst->vehicle(v).end_location;
        return m_inst->job(r.jobs[pos - 1]).location;
    }
    double service(std::size_t v, std::size_t pos) const {
        const auto& r = m_routes[v];
        if (pos == 0 || pos == r.jobs.size() + 1)
            return 0.0;
        return m_inst->job(r.jobs[pos - 1]).service_seconds;
    }

    /// Cost increase of inserting job j after position pos of route v, or infinity if infeasible.
    double insertion_delta(int j, std::size_t v, std::size_t pos) const {
        const auto& r = m_routes[v];
        const auto& job = m_inst->job(j);
        const std::size_t from = location(v, pos);
        const std::size_t to = location(v, pos + 1);
        const double arrival =
            r.earliest[pos] + service(v, pos) + m_inst->travel(from, job.location);
        const double start = m_inst->service_start(j, arrival);
        if (start == infinity)
            return infinity;
        const double next_arrival = start + job.service_seconds + m_inst->travel(job.location, to);
        if (next_arrival > r.latest[pos + 1])
            return infinity;
        return m_inst->cost(from, job.location) + m_inst->cost(job.location, to) -
               m_inst->cost(from, to);
    }
    /// Route-level checks that do not depend on the position.
    bool may_take(int j, std::size_t v) const {
        const auto& r = m_routes[v];
        return m_inst->can_serve[v][static_cast<std::size_t>(j)] &&
               r.load + m_inst->job(j).demand <= m_inst->vehicle(v).capacity &&
               r.jobs.size() < m_inst->vehicle(v).max_visits;
    }

    void insert(int j, std::size_t v, std::size_t pos) {
        auto& r = m_routes[v];
        r.jobs.insert(r.jobs.begin() + static_cast<std::ptrdiff_t>(pos), j);
        m_route_of[static_cast<std::size_t>(j)] = static_cast<int>(v);
        m_unassigned.erase(std::find(m_unassigned.begin(), m_unassigned.end(), j));
        refresh(v);
    }
    /// Removes jobs from their routes (marks them unassigned); routes are refreshed once each.
    void remove(const std::vector<int>& jobs) {
        std::vector<std::size_t> touched;
        for (int j : jobs) {
            const int v = m_route_of[static_cast<std::size_t>(j)];
            if (v < 0)
                continue;
            auto& r = m_routes[static_cast<std::size_t>(v)];
            r.jobs.erase(std::find(r.jobs.begin(), r.jobs.end(), j));
            m_route_of[static_cast<std::size_t>(j)] = -1;
            m_unassigned.push_back(j);
            touched.push_back(static_cast<std::size_t>(v));
        }
        std::sort(touched.begin(), touched.end());
        touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
        for (auto v : touched)
            refresh(v);
    }

  private:
    void refresh(std::size_t v) {
        auto& r = m_routes[v];
        const std::size_t m = r.jobs.size();
        const auto& veh = m_inst->vehicle(v);
        const double old_cost = r.cost;
        r.earliest.resize(m + 2);
        r.latest.resize(m + 2);
        r.earliest[0] = veh.shift.start_seconds;
        r.load = 0;
        r.cost = 0.0;
        for (std::size_t pos = 1; pos <= m + 1; ++pos) {
            const std::size_t from = location(v, pos - 1);
            const std::size_t to = location(v, pos);
            const double arrival =
                r.earliest[pos - 1] + service(v, pos - 1) + m_inst->travel(from, to);
            if (pos <= m) {
                const double start = m_inst->service_start(r.jobs[pos - 1], arrival);
                // A stored route is feasible; a late arrival here is float noise only.
                r.earliest[pos] = start == infinity ? arrival : start;
                r.load += m_inst->job(r.jobs[pos - 1]).demand;
            } else {
                r.earliest[pos] = arrival;
            }
            r.cost += m_inst->cost(from, to);
        }
        if (m == 0)
            r.cost = 0.0; // an unused vehicle costs nothing, even if start != end
        r.latest[m + 1] = m_inst->shift_end(v);
        for (std::size_t pos = m; pos >= 1; --pos) {
            const double limit = r.latest[pos + 1] -
                                 m_inst->travel(location(v, pos), location(v, pos + 1)) -
                                 service(v, pos);
            r.latest[pos] = m_inst->latest_start(r.jobs[pos - 1], limit);
        }
        r.latest[0] =
            m > 0 ? r.latest[1] - m_inst->travel(location(v, 0), location(v, 1)) : r.latest[1];
        for (std::size_t pos = 1; pos <= m; ++pos)
            m_route_of[static_cast<std::size_t>(r.jobs[pos - 1])] = static_cast<int>(v);
        m_cost += r.cost - old_cost;
        const bool is_used = m > 0;
        if (is_used != static_cast<bool>(m_counted[v])) {
            m_used += is_used ? 1 : static_cast<std::size_t>(-1);
            m_counted[v] = is_used;
        }
    }

    const Instance* m_inst;
    std::vector<RouteState> m_routes;
    std::vector<int> m_route_of;
    std::vector<int> m_unassigned;
    std::vector<char> m_counted = std::vector<char>(m_routes.size(), 0);
    double m_cost = 0.0;
    std::size_t m_used = 0;
};

// --- ruin and recreate ------------------------------------------------------------------------

struct RuinParameters {
    double average_removed = 10.0; // c̄ in SISR
    std::size_t max_string = 10;   // L^max
    double split_rate = 0.5;
    double split_depth = 0.01; // β: chance to stop growing the preserved middle
    double blink_rate = 0.01;
};

class Search {
  public:
    Search(const Instance& inst, std::uint64_t seed) : m_inst(inst), m_random(seed) {}

    /// SISR's adjacent string removal around a random seed job.
    void ruin(Solution& s) {
        const auto& inst = m_inst;
        if (inst.job_count == 0)
            return;
        std::size_t used = std::max<std::size_t>(1, s.used_vehicles());
        const double avg_jobs =
            static_cast<double>(inst.job_count - s.unassigned().size()) / static_cast<double>(used);
        const double max_string = std::min(static_cast<double>(m_params.max_string), avg_jobs);
        const double max_strings = 4.0 * m_params.average_removed / (1.0 + max_string) - 1.0;
        const auto strings =
            static_cast<std::size_t>(std::floor(m_random.unit() * max_strings + 1.0));
        const int seed_job = static_cast<int>(m_random.below(inst.job_count));
        m_removed.clear();
        m_ruined_routes.clear();
        auto visit = [&](int c) {
            const int v = s.route_of(c);
            if (v < 0 || std::find(m_ruined_routes.begin(), m_ruined_routes.end(), v) !=
                             m_ruined_routes.end())
                return;
            const auto& jobs = s.route(static_cast<std::size_t>(v)).jobs;
            const std::size_t size = jobs.size();
            const auto cap =
                static_cast<std::size_t>(std::min(static_cast<double>(size), max_string));
            const std::size_t len =
                std::min(size, static_cast<std::size_t>(std::floor(m_random.unit() * cap + 1.0)));
            const std::size_t at =
                static_cast<std::size_t>(std::find(jobs.begin(), jobs.end(), c) - jobs.begin());
            if (len < size && m_random.chance(m_params.split_rate)) {
                // Split string: remove `len` of a string of len + kept, keeping a middle run.
                std::size_t kept = 1;
                while (len + kept < size && !m_random.chance(m_params.split_depth))
                    ++kept;
                const std::size_t total = len + kept;
                const std::size_t lo = at >= total - 1 ? at - (total - 1) : 0;
                const std::size_t hi = std::min(at, size - total);
                const std::size_t first = lo + m_random.below(hi - lo + 1);
                const std::size_t keep_from = 1 + m_random.below(total - kept); // never first
                for (std::size_t k = 0; k < total; ++k)
                    if (k < keep_from || k >= keep_from + kept)
                        m_removed.push_back(jobs[first + k]);
            } else {
                const std::size_t lo = at >= len - 1 ? at - (len - 1) : 0;
                const std::size_t hi = std::min(at, size - len);
                const std::size_t first = lo + m_random.below(hi - lo + 1);
                for (std::size_t k = 0; k < len; ++k)
                    m_removed.push_back(jobs[first + k]);
            }
            m_ruined_routes.push_back(v);
        };
        visit(seed_job);
        for (int c : inst.adjacent[static_cast<std::size_t>(seed_job)]) {
            if (m_ruined_routes.size() >= strings)
                break;
            visit(c);
        }
        s.remove(m_removed);
    }

    /// Greedy insertion with blinks in one of SISR's orders; `allow_new_routes` lets a job open
    /// an unused vehicle. Jobs that fit nowhere stay unassigned.
    void recreate(Solution& s,
                  bool allow_new_routes,
                  double new_route_penalty,
                  const std::vector<std::uint64_t>* absences = nullptr) {
        m_order = s.unassigned();
        sort_for_insertion(m_order);
        if (absences != nullptr) // jobs that were left out most often go first
            std::stable_sort(m_order.begin(), m_order.end(), [absences](int a, int b) {
                return (*absences)[static_cast<std::size_t>(a)] >
                       (*absences)[static_cast<std::size_t>(b)];
            });
        for (int j : m_order) {
            if (!m_inst.fits_some_vehicle[static_cast<std::size_t>(j)])
                continue;
            double best = infinity;
            std::size_t best_v = 0;
            std::size_t best_pos = 0;
            m_tried_types.clear();
            for (std::size_t v = 0; v < s.route_count(); ++v) {
                const auto& r = s.route(v);
                if (r.jobs.empty()) {
                    const int type = m_inst.vehicle_type[v];
                    if (!allow_new_routes ||
                        std::find(m_tried_types.begin(), m_tried_types.end(), type) !=
                            m_tried_types.end())
                        continue;
                    m_tried_types.push_back(type);
                }
                if (!s.may_take(j, v))
                    continue;
                const double extra = r.jobs.empty() ? new_route_penalty : 0.0;
                const double last_start = m_inst.last_window_end(j);
                for (std::size_t pos = 0; pos <= r.jobs.size(); ++pos) {
                    // Earliest starts only grow along a route: once the vehicle cannot leave
                    // position pos before the job's last window closes, no later slot can work.
                    if (r.earliest[pos] > last_start)
                        break;
                    if (blink())
                        continue;
                    const double delta = s.insertion_delta(j, v, pos) + extra;
                    if (delta < best) {
                        best = delta;
                        best_v = v;
                        best_pos = pos;
                    }
                }
            }
            if (best < infinity)
                s.insert(j, best_v, best_pos);
        }
    }

    Random& random() { return m_random; }

  private:
    // SISR skips each candidate slot with probability blink_rate; drawing the gap to the next
    // skipped slot (geometric) costs one random number per skip instead of one per slot.
    bool blink() {
        if (m_slots_until_blink == 0) {
            const double u = 1.0 - m_random.unit(); // (0, 1]
            m_slots_until_blink =
                static_cast<std::uint64_t>(std::log(u) / std::log(1.0 - m_params.blink_rate));
            return true;
        }
        --m_slots_until_blink;
        return false;
    }

    void sort_for_insertion(std::vector<int>& jobs) {
        // Weights 4 random, 4 demand, 2 far, 1 close (SISR).
        const auto pick = m_random.below(11);
        const auto& inst = m_inst;
        // Shuffle first (Fisher–Yates with our helper) so ties fall randomly.
        for (std::size_t i = jobs.size(); i > 1; --i)
            std::swap(jobs[i - 1], jobs[m_random.below(i)]);
        if (pick < 4)
            return;
        if (pick < 8)
            std::stable_sort(jobs.begin(), jobs.end(), [&](int a, int b) {
                return inst.job(a).demand > inst.job(b).demand;
            });
        else if (pick < 10)
            std::stable_sort(jobs.begin(), jobs.end(), [&](int a, int b) {
                return inst.depot_cost[static_cast<std::size_t>(a)] >
                       inst.depot_cost[static_cast<std::size_t>(b)];
            });
        else
            std::stable_sort(jobs.begin(), jobs.end(), [&](int a, int b) {
                return inst.depot_cost[static_cast<std::size_t>(a)] <
                       inst.depot_cost[static_cast<std::size_t>(b)];
            });
    }

    const Instance& m_inst;
    Random m_random;
    RuinParameters m_params;
    std::vector<int> m_removed;
    std::vector<int> m_ruined_routes;
    std::vector<int> m_order;
    std::vector<int> m_tried_types;
    std::uint64_t m_slots_until_blink = 0;
};

// --- objective --------------------------------------------------------------------------------

/// Weight of leaving a job out: mandatory ones dominate, priority orders the optional ones.
double unassigned_weight(const Instance& inst, const Solution& s) {
    double w = 0.0;
    for (int j : s.unassigned()) {
        if (!inst.fits_some_vehicle[static_cast<std::size_t>(j)])
            continue; // nothing can change that: not the search's fault
        const auto& job = inst.job(j);
        w += (job.is_optional ? 1.0 : 1e6) * (1.0 + std::max(0, job.priority));
    }
    return w;
}

struct Score {
    double unassigned = 0.0;
    std::size_t vehicles = 0;
    double cost = 0.0;
};

Score score_of(const Instance& inst, const Solution& s, Objective objective) {
    return {unassigned_weight(inst, s),
            objective == Objective::vehicles_then_cost ? s.used_vehicles() : 0,
            s.cost()};
}

bool better(const Score& a, const Score& b) {
    if (a.unassigned != b.unassigned)
        return a.unassigned < b.unassigned;
    if (a.vehicles != b.vehicles)
        return a.vehicles < b.vehicles;
    return a.cost < b.cost - 1e-9;
}

// --- one worker's trajectory ------------------------------------------------------------------

struct WorkerResult {
    std::unique_ptr<Solution> best;
    Score score;
    std::uint64_t iterations = 0;
};

class Worker {
  public:
    Worker(const Instance& inst, const VrpOptions& options, std::uint64_t seed)
        : m_inst(inst), m_options(options), m_stop(options.search), m_search(inst, seed) {}

    WorkerResult run() {
        Solution current(m_inst);
        const bool fleet_first = m_options.objective == Objective::vehicles_then_cost;
        // A new route costs more than any detour, so construction fills open routes first.
        m_new_route_penalty = fleet_first ? 1e3 * (m_inst.mean_depot_cost + 1.0) : 0.0;
        m_search.recreate(current, true, m_new_route_penalty);
        m_best = std::make_unique<Solution>(current);
        // Alternate fleet reduction and cost annealing with doubling budgets: the trajectory does
        // not depend on the clock, and whatever the time limit, neither phase gets much less than
        // a third of it. A failed reduction is retried later from a better-packed solution.
        std::uint64_t patience = 5000;
        std::uint64_t epoch_length = 10000;
        bool is_fleet_minimal = !fleet_first;
        // Nothing to search when no job can be served at all (or there are none).
        const bool has_choices = std::any_of(m_inst.fits_some_vehicle.begin(),
                                             m_inst.fits_some_vehicle.end(),
                                             [](char c) { return c != 0; });
        while (has_choices && !out_of_budget()) {
            if (!is_fleet_minimal)
                is_fleet_minimal = !reduce_fleet(patience) &&
                                   m_best->used_vehicles() <= m_inst.lower_bound_vehicles;
            improve_cost(epoch_length);
            patience *= 2;
            epoch_length *= 2;
        }
        WorkerResult out;
        out.score = score_of(m_inst, *m_best, m_options.objective);
        out.best = std::move(m_best);
        out.iterations = m_iterations;
        return out;
    }

  private:
    bool out_of_budget() const { return m_stop.should_stop(m_iterations); }

    /// Remove the smallest route and repair with absence counters until all jobs fit again;
    /// gives up on a fleet size after `patience` iterations without success.
    /// Returns whether it ran out of patience (rather than reaching the bound or the budget).
    bool reduce_fleet(std::uint64_t patience) {
        std::vector<std::uint64_t> absences(m_inst.job_count, 0);
        const auto absence_sum = [&](const Solution& s) {
            std::uint64_t sum = 0;
            for (int j : s.unassigned())
                sum += absences[static_cast<std::size_t>(j)];
            return sum;
        };
        while (m_best->used_vehicles() > m_inst.lower_bound_vehicles) {
            if (unassigned_weight(m_inst, *m_best) > 0)
                return false; // the fleet is already too small to serve every job
            Solution current = *m_best;
            std::size_t smallest = current.route_count();
            for (std::size_t v = 0; v < current.route_count(); ++v) {
                const auto size = current.route(v).jobs.size();
                if (size > 0 && (smallest == current.route_count() ||
                                 size < current.route(smallest).jobs.size()))
                    smallest = v;
            }
            const std::vector<int> evicted = current.route(smallest).jobs; // remove() edits it
            current.remove(evicted);
            m_search.recreate(current, false, 0.0, &absences);
            bool reduced = current.unassigned().empty();
            for (std::uint64_t tries = 0; !reduced && tries < patience; ++tries) {
                if (out_of_budget())
                    return false;
                ++m_iterations;
                Solution candidate = current;
                m_search.ruin(candidate);
                m_search.recreate(candidate, false, 0.0, &absences);
                const auto n_cand = candidate.unassigned().size();
                const auto n_cur = current.unassigned().size();
                if (n_cand < n_cur ||
                    (n_cand == n_cur && absence_sum(candidate) < absence_sum(current)) ||
                    (n_cand == n_cur && absence_sum(candidate) == absence_sum(current) &&
                     candidate.cost() < current.cost()))
                    current = std::move(candidate);
                for (int j : current.unassigned())
                    ++absences[static_cast<std::size_t>(j)];
                reduced = current.unassigned().empty();
            }
            if (!reduced)
                return true;
            *m_best = current;
        }
        return false;
    }

    /// One epoch of simulated annealing over ruin and recreate, from the best solution.
    void improve_cost(std::uint64_t epoch_length) {
        const bool allow_new = m_options.objective == Objective::cost;
        const double t_start = 1.0 * m_inst.mean_depot_cost;
        const double t_end = 0.01 * m_inst.mean_depot_cost;
        Score best_score = score_of(m_inst, *m_best, m_options.objective);
        {
            Solution current = *m_best;
            Score current_score = best_score;
            for (std::uint64_t i = 0; i < epoch_length; ++i) {
                if (out_of_budget())
                    return;
                ++m_iterations;
                const double progress = static_cast<double>(i) / static_cast<double>(epoch_length);
                const double temperature = t_start * std::pow(t_end / t_start, progress);
                Solution candidate = current;
                m_search.ruin(candidate);
                m_search.recreate(candidate, allow_new, 0.0);
                const Score cand_score = score_of(m_inst, candidate, m_options.objective);
                bool accept = false;
                if (cand_score.unassigned != current_score.unassigned)
                    accept = cand_score.unassigned < current_score.unassigned;
                else if (cand_score.vehicles != current_score.vehicles)
                    accept = cand_score.vehicles < current_score.vehicles;
                else
                    accept =
                        cand_score.cost <
                        current_score.cost - temperature * std::log(1.0 - m_search.random().unit());
                if (!accept)
                    continue;
                current = std::move(candidate);
                current_score = cand_score;
                if (better(current_score, best_score)) {
                    *m_best = current;
                    best_score = current_score;
                }
            }
        }
    }

    const Instance& m_inst;
    const VrpOptions& m_options;
    detail::StopRule m_stop;
    Search m_search;
    std::unique_ptr<Solution> m_best;
    std::uint64_t m_iterations = 0;
    double m_new_route_penalty = 0.0;
};

Route to_route(const Instance& inst, const Solution& s, std::size_t v) {
    const auto& r = s.route(v);
    Route out;
    out.vehicle = v;
    out.load = r.load;
    out.cost = r.cost;
    out.departure_seconds = r.earliest[0];
    for (std::size_t pos = 1; pos <= r.jobs.size(); ++pos) {
        Visit visit;
        visit.job = static_cast<std::size_t>(r.jobs[pos - 1]);
        visit.arrival_seconds = r.earliest[pos - 1] + s.service(v, pos - 1) +
                                inst.travel(s.location(v, pos - 1), s.location(v, pos));
        visit.start_seconds = r.earliest[pos];
        visit.departure_seconds = r.earliest[pos] + s.service(v, pos);
        out.visits.push_back(visit);
    }
    out.arrival_seconds = r.earliest[r.jobs.size() + 1];
    return out;
}

} // namespace

std::string to_string(UnassignedReason reason) {
    switch (reason) {
    case UnassignedReason::no_vehicle_with_skills:
        return "no vehicle has the required skills";
    case UnassignedReason::exceeds_capacity:
        return "demand exceeds the capacity of every vehicle with the skills";
    case UnassignedReason::unreachable_in_time:
        return "no vehicle can reach it within its time windows and shift";
    case UnassignedReason::no_room:
        return "did not fit among the other jobs";
    }
    return "unknown";
}

VrpSolution solve_vrp(const Problem& problem, const VrpOptions& options) {
    const detail::StopRule validate_options(options.search);
    (void)validate_options;
    const Instance inst(problem);
    const unsigned workers = std::max(1u, options.search.threads);
    std::vector<WorkerResult> results(workers);
    // One independent search per worker, each with its own seed.
    parallel_ranges(workers, workers, [&](unsigned, std::size_t first, std::size_t last) {
        for (std::size_t w = first; w < last; ++w)
            results[w] = Worker(inst, options, derive_seed(options.search.seed, w)).run();
    });
    std::size_t best = 0; // fixed reduction order: lowest worker index wins ties
    for (std::size_t w = 1; w < results.size(); ++w)
        if (better(results[w].score, results[best].score))
            best = w;
    const Solution& s = *results[best].best;
    VrpSolution out;
    for (std::size_t v = 0; v < s.route_count(); ++v)
        if (!s.route(v).jobs.empty())
            out.routes.push_back(to_route(inst, s, v));
    for (const auto& r : out.routes)
        out.cost += r.cost;
    std::vector<int> left = s.unassigned();
    std::sort(left.begin(), left.end());
    for (int j : left)
        out.unassigned.push_back(
            {static_cast<std::size_t>(j), inst.intrinsic[static_cast<std::size_t>(j)]});
    for (const auto& r : results)
        out.iterations += r.iterations;
    return out;
}

std::optional<Route>
schedule_route(const Problem& problem, std::size_t vehicle, const std::vector<std::size_t>& jobs) {
    const Instance inst(problem);
    if (vehicle >= inst.vehicle_count)
        return std::nullopt;
    Solution s(inst);
    for (std::size_t k = 0; k < jobs.size(); ++k) {
        const int j = static_cast<int>(jobs[k]);
        if (jobs[k] >= inst.job_count || s.route_of(j) >= 0 || !s.may_take(j, vehicle) ||
            s.insertion_delta(j, vehicle, k) == infinity)
            return std::nullopt;
        s.insert(j, vehicle, k);
    }
    return to_route(inst, s, vehicle);
}

} // namespace jw::routing
