// The monthly plan: a hand example with a known best route, and a small county planned through
// the CLI whose every route is re-timed here by an independent checker (straight-line times
// recomputed from the label's detour factor and speed, lunch break, windows, skills).

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <jingwei/error.hpp>
#include <jingwei/geo/crs.hpp>
#include <jingwei/plan/plan.hpp>
#include <jingwei/store/workspace.hpp>
#include <map>
#include <random>
#include <regex>
#include <set>

using namespace jw::plan;
using jw::test::TempDir;

namespace {

DayNumber d(const char* iso) {
    return parse_iso_day(iso);
}

TeamInput team(const std::string& id, const std::string& unit, double x, double y) {
    TeamInput t;
    t.id = id;
    t.name = id;
    t.unit_code = unit;
    t.base = {x, y};
    t.shift = parse_shift("08:30-11:30,14:00-17:00");
    t.workdays = parse_weekdays("mon,tue,wed,thu,fri");
    return t;
}

TaskInput
task(const std::string& id, double x, double y, double service_min, const char* deadline) {
    TaskInput t;
    t.visit.id = id;
    t.visit.kind = VisitKind::followup;
    t.visit.township_code = "T";
    t.visit.earliest = d("2026-12-01");
    t.visit.deadline = d(deadline);
    t.visit.service_min = service_min;
    t.location = jw::network::Point{x, y};
    t.area_name = "甲镇";
    return t;
}

PlanOptions fixed_options(std::vector<DayNumber> days) {
    PlanOptions o;
    o.days = std::move(days);
    o.time_limit_seconds = 0;
    o.max_iterations = 3000;
    o.threads = 1;
    return o;
}

// 10 m/s on the straight line, no detour: 6 km is 10 minutes.
TravelModel ten_metres_per_second() {
    jw::network::TravelTimeOptions o;
    o.fallback_detour_factor = 1.0;
    o.fallback_kmh = 36.0;
    return straight_line_model(o);
}

int minutes(const std::string& hhmm) {
    return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2));
}

} // namespace

TEST_CASE("shifts: a working clock with the lunch break left out", "[plan]") {
    const auto s = parse_shift("08:30-11:30,14:00-17:00");
    CHECK(s.working_seconds() == 6 * 3600);
    CHECK(s.breaks() == std::vector<double>{3 * 3600});
    CHECK(clock_text(s.wall_seconds(3600, false)) == "09:30");
    CHECK(clock_text(s.wall_seconds(3 * 3600, false)) == "11:30"); // arriving as lunch starts
    CHECK(clock_text(s.wall_seconds(3 * 3600, true)) == "14:00");  // a visit starts after lunch
    CHECK(clock_text(s.wall_seconds(4 * 3600, false)) == "15:00");
    CHECK_THROWS_AS(parse_shift("11:30-08:30"), jw::InputError);
    CHECK_THROWS_AS(parse_shift("08:30-12:00,11:00-17:00"), jw::InputError);
    CHECK_THROWS_AS(parse_weekdays("mon,funday"), jw::InputError);
    const auto skills = parse_team_skills("prevention_doctor, police@tue+thu");
    CHECK(skills.at("prevention_doctor").empty());
    CHECK(skills.at("police") == std::set<int>{1, 3});
    const auto days = planning_days(Month::parse("2026-12"), "weekdays");
    CHECK(days.size() == 23); // Dec 2026: Tue 1st ... Thu 31st, 23 weekdays
    CHECK_THROWS_AS(planning_days(Month::parse("2026-12"), "2027-01-04"), jw::UsageError);
}

TEST_CASE("three visits on a line: one morning, out and back in 60 minutes", "[plan]") {
    const std::vector<TaskInput> tasks = {task("F:a", 6000, 0, 40, "2026-12-31"),
                                          task("F:b", 12000, 0, 40, "2026-12-31"),
                                          task("F:c", 18000, 0, 40, "2026-12-31")};
    const auto result = plan_tasks(
        tasks, {team("A", "T", 0, 0)}, ten_metres_per_second(), fixed_options({d("2026-12-01")}));
    REQUIRE(result.unplanned.empty());
    REQUIRE(result.stops.size() == 5);
    // By hand: 10 + 40 + 10 + 40 + 10 + 40 + 30 = 180 min = the whole morning, 36 km.
    CHECK(clock_text(result.stops.front().departure_s) == "08:30");
    CHECK(clock_text(result.stops.back().arrival_s) == "11:30");
    double travel = 0, km = 0;
    for (const auto& s : result.stops) {
        travel += s.travel_min;
        km += s.travel_km;
    }
    CHECK(travel == Approx(60));
    CHECK(km == Approx(36));
    CHECK(result.summary["hours"].get<double>() == Approx(3.0));
    CHECK(result.summary["deadlines_met_pct"].get<double>() == 100.0);
}

TEST_CASE("a fourth visit waits for the afternoon instead of running over lunch", "[plan]") {
    // 4 x 40 min of visits + at least 60 min of travel do not fit the 180-min morning; a visit
    // may not straddle 11:30-14:00, so one starts at 14:00 or later.
    const std::vector<TaskInput> tasks = {task("F:a", 6000, 0, 40, "2026-12-31"),
                                          task("F:b", 12000, 0, 40, "2026-12-31"),
                                          task("F:c", 18000, 0, 40, "2026-12-31"),
                                          task("F:d", 18000, 0, 40, "2026-12-31")};
    const auto result = plan_tasks(
        tasks, {team("A", "T", 0, 0)}, ten_metres_per_second(), fixed_options({d("2026-12-01")}));
    REQUIRE(result.unplanned.empty());
    int afternoon = 0;
    for (const auto& s : result.stops) {
        if (s.visit_id.empty())
            continue;
        const double start = s.service_start_s, end = s.departure_s;
        const bool morning = start >= 8.5 * 3600 && end <= 11.5 * 3600 + 1e-6;
        const bool after = start >= 14 * 3600 - 1e-6 && end <= 17 * 3600 + 1e-6;
        CHECK((morning || after));
        afternoon += after ? 1 : 0;
    }
    CHECK(afternoon >= 1);
}

TEST_CASE("unplanned visits say what would fix them", "[plan]") {
    auto joint = task("F:j", 6000, 0, 60, "2026-12-31");
    joint.visit.kind = VisitKind::joint_followup;
    joint.visit.skills = {"police"};
    auto far = task("F:far", 200000, 0, 40, "2026-12-31"); // 5.6 h each way at 36 km/h
    auto late = task("F:late", 6000, 0, 40, "2026-12-31");
    late.visit.earliest = d("2026-12-20"); // after the only planning day
    auto orphan = task("F:o", 6000, 0, 40, "2026-12-31");
    orphan.visit.township_code = "U";
    orphan.area_name = "乙镇";
    const auto result = plan_tasks({joint, far, late, orphan},
                                   {team("A", "T", 0, 0)},
                                   ten_metres_per_second(),
                                   fixed_options({d("2026-12-01")}));
    std::map<std::string, std::string> why;
    for (const auto& u : result.unplanned)
        why[u.visit_id] = u.reason;
    REQUIRE(why.size() == 4);
    CHECK(why["F:j"].find("needs a team-day with police in 甲镇") == 0);
    CHECK(why["F:far"].find("cannot be reached") == 0);
    CHECK(why["F:late"].find("no planning day between 2026-12-20") == 0);
    CHECK(why["F:o"] == "no team serves 乙镇: add a team (teams.unit_code) for it");
    // With the police partner on Tuesdays (Dec 1 is one), the joint visit is planned.
    auto options = fixed_options({d("2026-12-01")});
    options.partners["police"] = {1};
    const auto with_partner =
        plan_tasks({joint}, {team("A", "T", 0, 0)}, ten_metres_per_second(), options);
    CHECK(with_partner.unplanned.empty());
    CHECK(with_partner.summary["high_risk_planned"] == 1);
}

TEST_CASE("more work than team-days: the reason counts the days missing", "[plan]") {
    // 12 visits of 150 min each (one per half day) on 2 days = 4 fit; 8 left = 1 200 min of
    // visits + travel, i.e. 4 more 6-hour team-days.
    std::vector<TaskInput> tasks;
    for (int i = 0; i < 12; ++i)
        tasks.push_back(task("F:" + std::to_string(10 + i), 600, 0, 150, "2026-12-31"));
    const auto result = plan_tasks(tasks,
                                   {team("A", "T", 0, 0)},
                                   ten_metres_per_second(),
                                   fixed_options({d("2026-12-01"), d("2026-12-02")}));
    CHECK(result.summary["planned"] == 4);
    REQUIRE(result.unplanned.size() == 8);
    for (const auto& u : result.unplanned)
        CHECK(u.reason == "needs 4 more team-days in 甲镇 (8 visits did not fit)");
    // The naive baseline plans the same 4 here.
    CHECK(result.summary["baseline"]["planned"] == 4);
}

namespace {

void sql(jw::store::Workspace& ws, const std::string& statement) {
    ws.db().exec(statement);
}

// Two townships with one team each; 40 patients around five villages, a few of them high risk.
void small_county(const std::string& path) {
    auto ws = jw::store::Workspace::create(path, "EPSG:4547");
    sql(ws,
        "INSERT INTO admin_units (code, name, level, parent_code) VALUES "
        "('441502000000', '城区', 'county', NULL), "
        "('441502001000', '甲街道', 'township', '441502000000'), "
        "('441502100000', '乙镇', 'township', '441502000000'), "
        "('441502001001', '一社区', 'village', '441502001000'), "
        "('441502001002', '二社区', 'village', '441502001000'), "
        "('441502001201', '三村', 'village', '441502001000'), "
        "('441502100201', '四村', 'village', '441502100000'), "
        "('441502100202', '五村', 'village', '441502100000')");
    const char* villages[] = {
        "441502001001", "441502001002", "441502001201", "441502100201", "441502100202"};
    const double seat[][2] = {{502000, 2522000},
                              {504000, 2521000},
                              {501000, 2526000},
                              {508000, 2527000},
                              {509500, 2524000}};
    for (int v = 0; v < 5; ++v)
        sql(ws,
            "UPDATE admin_units SET seat = MakePoint(" + std::to_string(seat[v][0]) + ", " +
                std::to_string(seat[v][1]) + ", 4547) WHERE code = '" + villages[v] + "'");
    sql(ws,
        "INSERT INTO facilities (id, name, kind, unit_code, geom) VALUES "
        "('PHC-A', '甲中心', 'community_health_centre', '441502001000', MakePoint(503000, 2523000, "
        "4547)), "
        "('PHC-B', '乙卫生院', 'township_health_centre', '441502100000', MakePoint(507000, "
        "2527000, 4547))");
    sql(ws,
        "INSERT INTO teams (id, name, base_facility_id, unit_code, skills) VALUES "
        "('TEAM-A', 'A', 'PHC-A', '441502001000', 'prevention_doctor,police@tue'), "
        "('TEAM-B', 'B', 'PHC-B', '441502100000', 'prevention_doctor')");
    const char* classes[] = {"stable", "basically_stable", "unstable", "stable"};
    const char* visits[] = {"2026-09-05", "2026-11-20", "2026-11-25", "2026-09-28"};
    for (int i = 0; i < 40; ++i) {
        const int v = i % 5;
        const double x = seat[v][0] + (i * 137 % 900) - 450, y = seat[v][1] + (i * 251 % 900) - 450;
        const int risk = i % 9 == 0 ? 3 : 0;
        const std::string status = i == 7 ? "lost" : (i == 13 ? "in_hospital" : "managed");
        sql(ws,
            "INSERT INTO patients (patient_key, village_code, diagnosis, risk_level, stability, "
            "management_status, last_visit_date, last_exam_date, home) VALUES ('K" +
                std::to_string(100 + i) + "', '" + villages[v] + "', 'schizophrenia', " +
                std::to_string(risk) + ", '" + classes[i % 4] + "', '" + status + "', '" +
                visits[i % 4] + "', '2026-03-01', MakePoint(" + std::to_string(x) + ", " +
                std::to_string(y) + ", 4547))");
    }
}

struct Xy {
    double x = 0, y = 0;
};

} // namespace

TEST_CASE("every planned route is feasible when re-timed independently, and high-risk visits are "
          "planned or explained",
          "[plan][cli]") {
    TempDir tmp;
    const auto ws_path = (tmp / "ws.sqlite").string();
    small_county(ws_path);
    auto due = jw::test::run_cli("due '" + ws_path + "' --month 2026-12 --profile national");
    REQUIRE(due.exit_code == 0);
    auto plan = jw::test::run_cli("plan '" + ws_path +
                                  "' --month 2026-12 --days 2026-12-01,2026-12-02,2026-12-03,"
                                  "2026-12-04 --time-limit 0 --max-iterations 2000 --json");
    INFO(plan.err);
    REQUIRE(plan.exit_code == 0);

    auto ws = jw::store::Workspace::open(ws_path, true);
    auto& db = ws.db();
    const std::string label = *db.query_text("SELECT travel_source FROM plan_runs");
    std::smatch m;
    REQUIRE(std::regex_search(label, m, std::regex(R"(x ([0-9.]+) at ([0-9.]+) km/h)")));
    const double detour = std::stod(m[1]), kmh = std::stod(m[2]);
    const auto travel_min = [&](Xy a, Xy b) {
        return std::hypot(a.x - b.x, a.y - b.y) * detour / (kmh * 1000.0 / 60.0);
    };

    struct Due {
        std::string kind, township, patient, village, skills;
        DayNumber earliest = 0, deadline = 0;
        double service = 0;
    };
    std::map<std::string, Due> due_list;
    {
        auto st =
            db.prepare("SELECT id, kind, township_code, coalesce(patient_key, ''), "
                       "village_code, skills, earliest, deadline, service_min FROM due_visits");
        while (st.step())
            due_list[st.column_text(0)] = {st.column_text(1),
                                           st.column_text(2),
                                           st.column_text(3),
                                           st.column_text(4),
                                           st.column_text(5),
                                           d(st.column_text(6).c_str()),
                                           d(st.column_text(7).c_str()),
                                           st.column_double(8)};
    }
    REQUIRE(due_list.size() > 30);
    CHECK(due_list.count("L:K107") == 1); // the lost patient is a search task
    CHECK(due_list.count("F:K113") == 0); // in hospital: not due
    std::map<std::string, Xy> homes, seats, bases;
    {
        auto st = db.prepare("SELECT patient_key, X(home), Y(home) FROM patients");
        while (st.step())
            homes[st.column_text(0)] = {st.column_double(1), st.column_double(2)};
        auto s2 =
            db.prepare("SELECT code, X(seat), Y(seat) FROM admin_units WHERE seat IS NOT NULL");
        while (s2.step())
            seats[s2.column_text(0)] = {s2.column_double(1), s2.column_double(2)};
        auto s3 = db.prepare("SELECT t.id, X(f.geom), Y(f.geom) FROM teams t JOIN facilities f ON "
                             "f.id = t.base_facility_id");
        while (s3.step())
            bases[s3.column_text(0)] = {s3.column_double(1), s3.column_double(2)};
    }
    const std::map<std::string, std::string> team_unit = {{"TEAM-A", "441502001000"},
                                                          {"TEAM-B", "441502100000"}};

    // Lunch: a drive that reaches 11:30 resumes at 14:00.
    const auto drive = [](double t, double minutes_driven) {
        if (t >= 690 && t < 840)
            t = 840;
        const double end = t + minutes_driven;
        return (t < 690 && end > 690) ? end + 150 : end;
    };
    std::set<std::string> planned;
    std::map<std::pair<std::string, std::string>, std::vector<std::vector<std::string>>> routes;
    {
        auto st =
            db.prepare("SELECT team_id, day, seq, coalesce(visit_id, ''), arrival, departure, "
                       "x, y FROM plan_stops ORDER BY team_id, day, seq");
        while (st.step())
            routes[{st.column_text(0), st.column_text(1)}].push_back(
                {std::to_string(st.column_int(2)),
                 st.column_text(3),
                 st.column_text(4),
                 st.column_text(5),
                 std::to_string(st.column_double(6)),
                 std::to_string(st.column_double(7))});
    }
    REQUIRE(!routes.empty());
    for (const auto& [key, stops] : routes) {
        const auto& [team, day_text] = key;
        INFO(team << " " << day_text);
        const DayNumber day = d(day_text.c_str());
        REQUIRE(stops.size() >= 3);
        CHECK(stops.front()[1].empty());
        CHECK(stops.back()[1].empty());
        CHECK(stops.front()[3] == "08:30");
        Xy at = bases[team];
        double t = minutes(stops.front()[3]);
        for (std::size_t i = 1; i + 1 < stops.size(); ++i) {
            const std::string id = stops[i][1];
            INFO(id);
            REQUIRE(due_list.count(id) == 1);
            CHECK(planned.insert(id).second); // planned once
            const auto& v = due_list[id];
            CHECK(v.township == team_unit.at(team));
            CHECK(day >= v.earliest);
            CHECK(day <= v.deadline);
            if (v.skills == "police") // only TEAM-A has police, on Tuesdays (Dec 1)
                CHECK((team == "TEAM-A" && weekday(day) == 1));
            const Xy where =
                (v.kind == "screening" || v.kind == "search") ? seats[v.village] : homes[v.patient];
            CHECK(std::stod(stops[i][4]) == Approx(where.x));
            CHECK(std::stod(stops[i][5]) == Approx(where.y));
            const double arrive = drive(t, travel_min(at, where));
            const double departure = minutes(stops[i][3]);
            const double start = departure - v.service;
            CHECK(start >= arrive - 1.0);
            const bool morning = start >= 510 - 1 && departure <= 690 + 1;
            const bool afternoon = start >= 840 - 1 && departure <= 1020 + 1;
            CHECK((morning || afternoon));
            t = departure;
            at = where;
        }
        const double back = drive(t, travel_min(at, bases[team]));
        CHECK(back <= 1020 + 1);
        CHECK(minutes(stops.back()[2]) == Approx(back).margin(1.0));
    }
    // Planned and unplanned together are exactly the due list; every reason is spelled out.
    std::set<std::string> unplanned;
    {
        auto st = db.prepare("SELECT visit_id, reason FROM plan_unplanned");
        while (st.step()) {
            CHECK(!st.column_text(1).empty());
            CHECK(planned.count(st.column_text(0)) == 0);
            unplanned.insert(st.column_text(0));
        }
    }
    CHECK(planned.size() + unplanned.size() == due_list.size());
    for (const auto& [id, v] : due_list)
        if (v.kind == "joint_followup") {
            INFO(id);
            CHECK((planned.count(id) + unplanned.count(id)) == 1);
            if (v.township == "441502100000") // TEAM-B has no police partner at all
                CHECK(unplanned.count(id) == 1);
        }
    CHECK(db.query_text("SELECT reason FROM plan_unplanned WHERE visit_id = 'F:K109'")
              .value_or("")
              .find("police") != std::string::npos);
}

TEST_CASE("due and plan: clear errors, nothing half-written, a due list without identity",
          "[plan][cli]") {
    TempDir tmp;
    const auto ws_path = (tmp / "ws.sqlite").string();
    small_county(ws_path);
    {
        auto ws = jw::store::Workspace::open(ws_path);
        sql(ws,
            "INSERT INTO patient_identity (patient_key, name, address, phone) VALUES "
            "('K100', '身份测试甲', '测试路1号', '13900000001')");
    }
    // Plan before due: a usage error naming the command to run.
    auto early = jw::test::run_cli("plan '" + ws_path + "' --month 2026-12");
    CHECK(early.exit_code == 1);
    CHECK(early.err.find("jingwei due") != std::string::npos);
    CHECK(jw::test::run_cli("due '" + ws_path + "' --month 2026-13").exit_code == 1);

    const auto csv = (tmp / "due.csv").string();
    auto due = jw::test::run_cli("due '" + ws_path + "' --month 2026-12 -o '" + csv + "'");
    REQUIRE(due.exit_code == 0);
    const auto text = jw::test::read_file(csv);
    CHECK(text.rfind("\xEF\xBB\xBF"
                     "month,id,kind,patient_key",
                     0) == 0); // BOM for Excel
    CHECK(text.find("F:K100") != std::string::npos);
    for (const char* identity : {"身份测试甲", "测试路1号", "13900000001"}) {
        CHECK(text.find(identity) == std::string::npos);
        CHECK(due.out.find(identity) == std::string::npos);
    }
    CHECK(jw::test::run_cli("due '" + ws_path + "' --month 2026-12 -o '" +
                            (tmp / "due.xlsx").string() + "'")
              .exit_code == 0);

    // A first plan, then a team with a broken shift: the second run fails with the row and
    // field, and the first plan is still there, whole.
    REQUIRE(jw::test::run_cli("plan '" + ws_path +
                              "' --month 2026-12 --days 2026-12-01 --time-limit 0 "
                              "--max-iterations 200")
                .exit_code == 0);
    std::int64_t stops = 0;
    {
        auto ws = jw::store::Workspace::open(ws_path);
        stops = ws.db().query_int("SELECT count(*) FROM plan_stops");
        REQUIRE(stops > 0);
        sql(ws, "UPDATE teams SET shift = '08:30-07:00' WHERE id = 'TEAM-B'");
    }
    auto bad = jw::test::run_cli("plan '" + ws_path + "' --month 2026-12 --time-limit 1");
    CHECK(bad.exit_code == 3);
    CHECK(bad.err.find("teams:2: shift") != std::string::npos);
    auto ws = jw::store::Workspace::open(ws_path, true);
    CHECK(ws.db().query_int("SELECT count(*) FROM plan_stops") == stops);
    CHECK(ws.db().query_text("SELECT days FROM plan_runs").value_or("") == "2026-12-01");
}

TEST_CASE("on roads, a leg's km is the length of the fastest road path", "[plan]") {
    // A U-shaped road: 1 km north, 1 km east, 1 km south. Its two ends are 1 km apart on the
    // straight line (1.4 km with the detour factor) but 3 km apart by road.
    jw::network::RoadLine u;
    u.points = {{0, 0}, {0, 1000}, {1000, 1000}, {1000, 0}};
    u.road_class = "primary";
    const auto speeds = jw::network::load_speed_table();
    const auto net = jw::network::build_road_network({u}, speeds, 4547);
    auto options = jw::network::TravelTimeOptions::from(speeds);
    const auto roads = road_model(net, options);
    CHECK(roads.leg_metres({0, 0}, {1000, 0}) == Approx(3000).margin(1));
    // 20 m off the road at both ends: the walks are part of the leg.
    CHECK(roads.leg_metres({-20, 500}, {1020, 500}) ==
          Approx(20 + 500 + 1000 + 500 + 20).margin(1));
    CHECK(straight_line_model(options).leg_metres({0, 0}, {1000, 0}) ==
          Approx(1000 * options.fallback_detour_factor));
    // A point beyond the snap limit has no road path: the straight-line estimate stands in.
    CHECK(roads.leg_metres({0, 0}, {0, -50000}) == Approx(50000 * options.fallback_detour_factor));
}

TEST_CASE("on Tianjin Hexi's OSM roads every route re-times within shift, lunch, windows and "
          "skills",
          "[plan][tianjin]") {
    const auto path = jw::test::shared_path("data/tianjin-hexi/roads_osm_gbk.shp");
    if (!std::filesystem::exists(path)) {
        WARN("skipped: " << path << " not found");
        return;
    }
    auto source = jw::network::read_gdal_roads(path.string());
    const jw::geo::Transformer to_gk(jw::geo::CrsSpec::parse(source.crs),
                                     jw::geo::CrsSpec::parse("EPSG:4527"));
    for (auto& l : source.lines)
        for (auto& p : l.points)
            to_gk.transform(p.x, p.y);
    const auto speeds = jw::network::load_speed_table();
    const auto net = jw::network::build_road_network(source.lines, speeds, 4527);
    const auto options = jw::network::TravelTimeOptions::from(speeds);

    // Homes and bases at graph nodes drawn with a fixed seed; every 7th visit is joint.
    std::mt19937_64 rng(7);
    const auto node_point = [&] {
        return net.graph.point(static_cast<jw::network::NodeIndex>(rng() % net.graph.node_count()));
    };
    std::vector<TeamInput> teams = {team("A", "T", 0, 0), team("B", "T", 0, 0)};
    teams[0].base = node_point();
    teams[1].base = node_point();
    teams[0].skills["police"] = {1}; // Tuesdays
    std::vector<TaskInput> tasks;
    for (int i = 0; i < 40; ++i) {
        const auto p = node_point();
        auto t = task("F:" + std::to_string(100 + i),
                      p.x,
                      p.y,
                      i % 7 == 0 ? 60 : 40,
                      i % 5 == 0 ? "2026-12-01" : "2026-12-02");
        if (i % 7 == 0) {
            t.visit.kind = VisitKind::joint_followup;
            t.visit.skills = {"police"};
        }
        tasks.push_back(t);
    }
    const auto result = plan_tasks(
        tasks, teams, road_model(net, options), fixed_options({d("2026-12-01"), d("2026-12-02")}));
    CHECK(result.travel_source == "roads");

    // The checker's own matrix over bases and homes.
    std::vector<jw::network::Point> pts = {teams[0].base, teams[1].base};
    std::map<std::string, std::size_t> index = {{"A", 0}, {"B", 1}};
    for (const auto& t : tasks) {
        index[t.visit.id] = pts.size();
        pts.push_back(*t.location);
    }
    const auto m = jw::network::road_travel_times(net, pts, pts, options);
    const auto drive = [](double t, double seconds) { // seconds after midnight
        if (t >= 11.5 * 3600 && t < 14 * 3600)
            t = 14 * 3600;
        const double end = t + seconds;
        return (t < 11.5 * 3600 && end > 11.5 * 3600) ? end + 2.5 * 3600 : end;
    };
    std::map<std::string, const TaskInput*> by_id;
    for (const auto& t : tasks)
        by_id[t.visit.id] = &t;
    std::set<std::string> planned;
    for (std::size_t i = 0; i < result.stops.size(); ++i) {
        const auto& s = result.stops[i];
        if (s.seq == 0) {
            CHECK(s.departure_s == 8.5 * 3600);
            continue;
        }
        const auto& prev = result.stops[i - 1];
        const auto from = index[prev.visit_id.empty() ? s.team_id : prev.visit_id];
        const auto to = index[s.visit_id.empty() ? s.team_id : s.visit_id];
        const double arrive = drive(prev.departure_s, m.seconds(from, to));
        INFO(s.team_id << " " << iso_day(s.day) << " " << s.seq << " " << s.visit_id);
        if (s.visit_id.empty()) { // back at the base
            CHECK(s.arrival_s == Approx(arrive).margin(1));
            CHECK(s.arrival_s <= 17 * 3600 + 1);
            continue;
        }
        const auto& v = by_id.at(s.visit_id)->visit;
        CHECK(planned.insert(v.id).second);
        CHECK(s.service_start_s >= arrive - 1);
        CHECK(s.departure_s == Approx(s.service_start_s + v.service_min * 60));
        const bool morning = s.service_start_s >= 8.5 * 3600 && s.departure_s <= 11.5 * 3600 + 1;
        const bool afternoon = s.service_start_s >= 14 * 3600 && s.departure_s <= 17 * 3600 + 1;
        CHECK((morning || afternoon));
        CHECK(s.day >= v.earliest);
        CHECK(s.day <= v.deadline);
        if (!v.skills.empty())
            CHECK((s.team_id == "A" && weekday(s.day) == 1));
    }
    CHECK(planned.size() + result.unplanned.size() == tasks.size());
    for (const auto& u : result.unplanned)
        CHECK(!u.reason.empty());
    CHECK(planned.size() >= 20); // two teams, two days: most of the 40 fit
}
