#include "support/support.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/io/solomon.hpp>
#include <jingwei/routing/random.hpp>
#include <jingwei/routing/vrp.hpp>
#include <limits>
#include <numeric>

using namespace jw::routing;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double tolerance = 1e-6;

// --- an independent checker: the test's own reading of the rules, not the solver's code -------

/// Service start for an arrival: the first window still open, or inf.
double start_for(const Job& job, double arrival) {
    if (job.windows.empty())
        return arrival;
    for (const auto& w : job.windows)
        if (arrival <= w.end_seconds + tolerance)
            return std::max(arrival, w.start_seconds);
    return inf;
}

/// Cost of serving `jobs` in this order with vehicle v, or inf when infeasible.
double sequence_cost(const Problem& p, std::size_t v, const std::vector<std::size_t>& jobs) {
    const auto& veh = p.vehicles[v];
    const Matrix& cost = p.cost.empty() ? p.travel_seconds : p.cost;
    if (jobs.size() > veh.max_visits)
        return inf;
    std::int64_t load = 0;
    double t = veh.shift.start_seconds;
    double total = 0.0;
    std::size_t at = veh.start_location;
    for (auto j : jobs) {
        const auto& job = p.jobs[j];
        if ((job.required_skills & ~veh.skills).any())
            return inf;
        load += job.demand;
        const double start = start_for(job, t + p.travel_seconds(at, job.location));
        if (start == inf)
            return inf;
        total += cost(at, job.location);
        t = start + job.service_seconds;
        at = job.location;
    }
    total += cost(at, veh.end_location);
    const double back = t + p.travel_seconds(at, veh.end_location);
    const double end =
        std::min(veh.shift.end_seconds, veh.shift.start_seconds + veh.max_duration_seconds);
    if (load > veh.capacity || back > end + tolerance)
        return inf;
    return jobs.empty() ? 0.0 : total;
}

/// Every route feasible, times consistent, each job at most once, and the totals add up.
void check_solution(const Problem& p, const VrpSolution& s) {
    std::vector<int> seen(p.jobs.size(), 0);
    double total = 0.0;
    for (const auto& route : s.routes) {
        std::vector<std::size_t> jobs;
        double t = p.vehicles[route.vehicle].shift.start_seconds;
        std::size_t at = p.vehicles[route.vehicle].start_location;
        for (const auto& visit : route.visits) {
            jobs.push_back(visit.job);
            ++seen[visit.job];
            const auto& job = p.jobs[visit.job];
            CHECK(visit.arrival_seconds == Approx(t + p.travel_seconds(at, job.location)));
            CHECK(visit.start_seconds >= visit.arrival_seconds - tolerance);
            bool inside = job.windows.empty();
            for (const auto& w : job.windows)
                inside = inside || (visit.start_seconds >= w.start_seconds - tolerance &&
                                    visit.start_seconds <= w.end_seconds + tolerance);
            CHECK(inside);
            t = visit.departure_seconds;
            at = job.location;
        }
        const double c = sequence_cost(p, route.vehicle, jobs);
        REQUIRE(c < inf);
        CHECK(route.cost == Approx(c));
        total += c;
    }
    for (const auto& u : s.unassigned)
        ++seen[u.job];
    for (int count : seen)
        CHECK(count == 1);
    CHECK(s.cost == Approx(total));
}

/// Fewest vehicles, then least cost, by enumeration (homogeneous fleet, up to ~8 jobs).
std::pair<std::size_t, double> brute_force(const Problem& p) {
    const std::size_t n = p.jobs.size();
    const std::size_t full = (std::size_t{1} << n) - 1;
    std::vector<double> route_cost(full + 1, inf);
    for (std::size_t set = 1; set <= full; ++set) {
        std::vector<std::size_t> jobs;
        for (std::size_t j = 0; j < n; ++j)
            if (set >> j & 1)
                jobs.push_back(j);
        do
            route_cost[set] = std::min(route_cost[set], sequence_cost(p, 0, jobs));
        while (std::next_permutation(jobs.begin(), jobs.end()));
    }
    std::vector<std::pair<std::size_t, double>> best(full + 1, {SIZE_MAX, inf});
    best[0] = {0, 0.0};
    for (std::size_t set = 1; set <= full; ++set) {
        const std::size_t low = set & (~set + 1);
        for (std::size_t sub = set; sub > 0; sub = (sub - 1) & set) {
            if (!(sub & low) || route_cost[sub] == inf || best[set ^ sub].first == SIZE_MAX)
                continue;
            const std::pair<std::size_t, double> c{best[set ^ sub].first + 1,
                                                   best[set ^ sub].second + route_cost[sub]};
            if (c.first < best[set].first ||
                (c.first == best[set].first && c.second < best[set].second))
                best[set] = c;
        }
    }
    return best[full];
}

Problem random_problem(std::size_t jobs, std::uint64_t seed) {
    Random random(seed);
    const std::size_t n = jobs + 1;
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = static_cast<double>(random.below(100));
        y[i] = static_cast<double>(random.below(100));
    }
    std::vector<double> m(n * n);
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b)
            m[a * n + b] = std::hypot(x[a] - x[b], y[a] - y[b]);
    Problem p;
    p.travel_seconds = Matrix(n, std::move(m));
    for (std::size_t j = 0; j < jobs; ++j) {
        Job job;
        job.location = j + 1;
        job.service_seconds = 10;
        job.demand = static_cast<std::int64_t>(random.between(1, 10));
        const double open = static_cast<double>(random.below(250));
        job.windows = {{open, open + static_cast<double>(random.between(40, 150))}};
        p.jobs.push_back(job);
    }
    Vehicle v;
    v.shift = {0, 450};
    v.capacity = 25;
    p.vehicles.assign(jobs, v);
    return p;
}

VrpOptions iterations_only(std::uint64_t iterations, std::uint64_t seed = 1, unsigned threads = 1) {
    VrpOptions o;
    o.search.time_limit_seconds = 0;
    o.search.max_iterations = iterations;
    o.search.seed = seed;
    o.search.threads = threads;
    return o;
}

} // namespace

TEST_CASE("VRPTW solver matches the enumerated optimum on small instances", "[routing]") {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        const auto p = random_problem(7, seed);
        const auto expected = brute_force(p);
        const auto s = solve_vrp(p, iterations_only(3000, seed));
        check_solution(p, s);
        if (expected.first == SIZE_MAX) {
            CHECK_FALSE(s.unassigned.empty());
            continue;
        }
        INFO("seed " << seed);
        REQUIRE(s.unassigned.empty());
        CHECK(s.routes.size() == expected.first);
        CHECK(s.cost == Approx(expected.second).epsilon(1e-9));
    }
}

TEST_CASE("VRPTW solver matches the enumerated optimum on tiny8.txt", "[routing]") {
    const auto p =
        jw::io::to_problem(jw::io::read_solomon(jw::test::data_path("routing/tiny8.txt")));
    const auto expected = brute_force(p);
    REQUIRE(expected.first != SIZE_MAX);
    const auto s = solve_vrp(p, iterations_only(3000));
    check_solution(p, s);
    CHECK(s.routes.size() == expected.first);
    CHECK(s.cost == Approx(expected.second).epsilon(1e-9));
}

TEST_CASE("VRP routes respect skills, several windows, shift length and visit limits",
          "[routing]") {
    auto p = random_problem(30, 11);
    for (auto& v : p.vehicles)
        v.shift = {0, 2000};
    for (std::size_t j = 0; j < p.jobs.size(); ++j) {
        auto& job = p.jobs[j];
        job.windows = {{0, 300}, {600, 900}, {1200, 1500}};
        job.demand = 1;
        if (j % 3 == 0)
            job.required_skills.set(1); // e.g. a visit that needs a psychiatrist
    }
    p.vehicles.resize(6);
    for (std::size_t v = 0; v < p.vehicles.size(); ++v) {
        p.vehicles[v].skills = Skills().set(0);
        if (v % 2 == 0)
            p.vehicles[v].skills.set(1);
        p.vehicles[v].max_duration_seconds = 900;
        p.vehicles[v].max_visits = 8;
    }
    const auto s = solve_vrp(p, iterations_only(2000));
    check_solution(p, s);
    for (const auto& route : s.routes) {
        CHECK(route.visits.size() <= 8);
        CHECK(route.arrival_seconds - route.departure_seconds <= 900 + tolerance);
    }
}

TEST_CASE("VRP reports why a job could not be served", "[routing]") {
    auto p = random_problem(6, 3);
    p.vehicles.resize(2);
    for (auto& v : p.vehicles)
        v.skills = Skills().set(0);
    p.jobs[0].required_skills.set(5);   // nobody has skill 5
    p.jobs[1].demand = 1000;            // over every capacity
    p.jobs[2].windows = {{2000, 2100}}; // after every shift
    p.jobs[3].is_optional = true;
    const auto s = solve_vrp(p, iterations_only(500));
    check_solution(p, s);
    auto reason_of = [&](std::size_t job) {
        for (const auto& u : s.unassigned)
            if (u.job == job)
                return to_string(u.reason);
        return std::string("served");
    };
    CHECK(reason_of(0) == to_string(UnassignedReason::no_vehicle_with_skills));
    CHECK(reason_of(1) == to_string(UnassignedReason::exceeds_capacity));
    CHECK(reason_of(2) == to_string(UnassignedReason::unreachable_in_time));
}

TEST_CASE("VRP solver gives the same routes for the same seed, also with two workers",
          "[routing]") {
    const auto p = jw::io::to_problem(
        jw::io::read_solomon(jw::test::shared_path("data/bench/solomon/RC105.txt")));
    const auto a = solve_vrp(p, iterations_only(400, 9, 2));
    const auto b = solve_vrp(p, iterations_only(400, 9, 2));
    check_solution(p, a);
    REQUIRE(a.routes.size() == b.routes.size());
    for (std::size_t r = 0; r < a.routes.size(); ++r) {
        CHECK(a.routes[r].vehicle == b.routes[r].vehicle);
        REQUIRE(a.routes[r].visits.size() == b.routes[r].visits.size());
        for (std::size_t k = 0; k < a.routes[r].visits.size(); ++k)
            CHECK(a.routes[r].visits[k].job == b.routes[r].visits[k].job);
    }
    CHECK(a.cost == b.cost);
}

TEST_CASE("VRP with the cost objective may use more vehicles when that is shorter", "[routing]") {
    const auto p = random_problem(7, 4);
    VrpOptions o = iterations_only(2000);
    o.objective = Objective::cost;
    const auto by_cost = solve_vrp(p, o);
    const auto by_vehicles = solve_vrp(p, iterations_only(2000));
    check_solution(p, by_cost);
    CHECK(by_cost.cost <= by_vehicles.cost + 1e-9);
    CHECK(by_cost.routes.size() >= by_vehicles.routes.size());
}

TEST_CASE("schedule_route accepts feasible sequences and refuses infeasible ones", "[routing]") {
    Problem p;
    p.travel_seconds = Matrix(3, {0, 10, 20, 10, 0, 10, 20, 10, 0});
    Job a;
    a.location = 1;
    a.windows = {{0, 5}, {30, 40}}; // arrives at 10: waits for the second window
    a.service_seconds = 5;
    Job b;
    b.location = 2;
    b.windows = {{0, 50}};
    p.jobs = {a, b};
    Vehicle v;
    v.shift = {0, 100};
    p.vehicles = {v};
    const auto route = schedule_route(p, 0, {0, 1});
    REQUIRE(route);
    CHECK(route->visits[0].arrival_seconds == 10);
    CHECK(route->visits[0].start_seconds == 30);
    CHECK(route->visits[1].start_seconds == 45);
    CHECK(route->arrival_seconds == 65);
    CHECK(route->cost == 40);
    p.jobs[1].windows = {{0, 44}}; // the wait at job 0 makes job 1 late
    CHECK_FALSE(schedule_route(p, 0, {0, 1}));
    CHECK(schedule_route(p, 0, {1, 0}));
}

TEST_CASE("VRP refuses a job outside the matrix", "[routing]") {
    auto p = random_problem(3, 1);
    p.jobs[0].location = 99;
    CHECK_THROWS_AS(solve_vrp(p, iterations_only(10)), jw::InputError);
}

TEST_CASE("VRP and TSP return at once on empty problems", "[routing]") {
    Problem p;
    p.travel_seconds = Matrix(1, std::vector<double>{0.0});
    p.vehicles.resize(1);
    VrpOptions o;
    o.search.time_limit_seconds = 1000; // must not be waited for
    const auto s = solve_vrp(p, o);
    CHECK(s.routes.empty());
    CHECK(s.unassigned.empty());
}
