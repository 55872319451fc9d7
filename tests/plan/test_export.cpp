// Route exports on a hand-made plan: two teams, coordinates on the CGCS2000 GK zone's central
// meridian (x = 500 000 m, y = 0 is 114°E on the equator exactly), files opened by GDAL's tools.

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/network/workspace_roads.hpp>
#include <jingwei/plan/export.hpp>
#include <jingwei/store/workspace.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace {

namespace fs = std::filesystem;

std::string all_text(const fs::path& dir) {
    std::string text;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() != ".xlsx" && e.path().extension() != ".pdf")
            text += jw::test::read_file(e.path());
    return text;
}

// Team A: one visit to patient PA (identity on file) on 2026-12-01. Team B: 20 visits to PB on
// 2026-12-02, too many rows for one A4 page.
void make_plan(jw::store::Workspace& ws) {
    auto& db = ws.db();
    db.exec("INSERT INTO admin_units (code, name, level) VALUES ('441521101000', '甲镇', "
            "'township'), ('441521101201', '东村', 'village')");
    db.exec("INSERT INTO teams (id, name, members) VALUES ('A', '甲组', "
            "'[{\"role\":\"prevention_doctor\",\"count\":1}]'), ('B', '乙组', '[]')");
    db.exec("INSERT INTO patients (patient_key, village_code, diagnosis) VALUES "
            "('PA', '441521101201', 'schizophrenia'), ('PB', '441521101201', 'bipolar')");
    db.exec("INSERT INTO patient_identity (patient_key, name, address, phone) VALUES "
            "('PA', '张三', '东村8号', '13800000000'), ('PB', '李四', '东村9号', '13900000000')");
    db.exec("INSERT INTO due_visits (month, id, kind, patient_key, village_code, earliest, "
            "deadline, service_min, rule, profile, computed_at) VALUES "
            "('2026-12', 'F:PA', 'joint_followup', 'PA', '441521101201', '2026-12-01', "
            "'2026-12-14', 60, 'risk 3', 'shanwei', 'now'), "
            "('2026-12', 'F:PB', 'followup', 'PB', '441521101201', '2026-12-01', '2026-12-31', 30, "
            "'stable', 'shanwei', 'now')");
    db.exec("INSERT INTO plan_runs (month, profile, days, travel_source, summary, created_at) "
            "VALUES ('2026-12', 'shanwei', '2026-12-01,2026-12-02', 'straight line (test)', '{}', "
            "'now')");
    db.exec("INSERT INTO plan_stops VALUES ('2026-12', 'A', '2026-12-01', 0, NULL, '08:30', "
            "'08:30', 500000, 0, 0, 0), ('2026-12', 'A', '2026-12-01', 1, 'F:PA', '09:00', "
            "'10:00', 500000, 1000, 30, 1), ('2026-12', 'A', '2026-12-01', 2, NULL, '10:30', "
            "'10:30', 500000, 0, 30, 1)");
    for (int i = 0; i <= 21; ++i)
        db.exec("INSERT INTO plan_stops VALUES ('2026-12', 'B', '2026-12-02', " + std::to_string(i) +
                ", " + (i == 0 || i == 21 ? std::string("NULL") : std::string("'F:PB'")) +
                ", '09:00', '09:10', 500000, " + std::to_string(100 * i) + ", 1, 0.1)");
}

} // namespace

TEST_CASE("route exports: per team and day, WGS84, in order, only the team's own visits",
          "[routes]") {
    jw::test::TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    make_plan(ws);
    jw::plan::RouteExportOptions o;
    o.month = "2026-12";
    o.out_dir = tmp / "routes";
    const auto s = jw::plan::export_routes(ws, o);
    CHECK(s.teams == 2);
    CHECK(s.team_days == 2);
    CHECK(s.visits == 1 + 20);
    CHECK(s.travel_source == "straight line (test)");

    const auto a = o.out_dir / "A", b = o.out_dir / "B";
    // GPX: GDAL reads 3 waypoints in seq order; the base is at 114°E, 0°N exactly.
    const auto gpx = jw::test::run_shell("ogr2ogr -f GeoJSON /vsistdout/ '" +
                                         (a / "2026-12-01.gpx").string() + "' waypoints");
    REQUIRE(gpx.exit_code == 0);
    const auto wpt = nlohmann::json::parse(gpx.out)["features"];
    REQUIRE(wpt.size() == 3);
    CHECK(wpt[0]["geometry"]["coordinates"][0].get<double>() == Approx(114.0).margin(1e-9));
    CHECK(wpt[0]["geometry"]["coordinates"][1].get<double>() == Approx(0.0).margin(1e-9));
    // 1 km north on the central meridian is 1000 / 110 574 m per degree ≈ 0.009044° (GRS80).
    CHECK(wpt[1]["geometry"]["coordinates"][1].get<double>() == Approx(0.009044).margin(2e-6));
    CHECK(wpt[1]["properties"]["name"].get<std::string>().rfind("1 09:00 联合随访 东村", 0) == 0);
    const auto routes = jw::test::run_shell("ogrinfo -so '" + (a / "2026-12-01.gpx").string() +
                                            "' routes");
    CHECK(routes.out.find("Feature Count: 1") != std::string::npos);
    // KML and GeoJSON open too, with the stops and the line.
    const auto kml = jw::test::run_shell("ogrinfo -so '" + (a / "2026-12-01.kml").string() + "' stops");
    CHECK(kml.out.find("Feature Count: 3") != std::string::npos);
    const auto geojson = nlohmann::json::parse(jw::test::read_file(a / "2026-12-01.geojson"));
    CHECK(geojson["features"].size() == 4);
    CHECK(geojson["features"][1]["properties"]["patient_key"] == "PA");
    CHECK(geojson["features"][1]["properties"]["task"] == "联合随访");
    CHECK(geojson["features"][3]["geometry"]["type"] == "LineString");
    // CSV: UTF-8 BOM, a header and one row per stop.
    const auto csv = jw::test::read_file(a / "2026-12-01.csv");
    CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 4);
    // A team sees only its own patients, and nobody sees identity without asking.
    const auto a_text = all_text(a), b_text = all_text(b);
    CHECK(a_text.find("PA") != std::string::npos);
    CHECK(a_text.find("PB") == std::string::npos);
    CHECK(b_text.find("PA") == std::string::npos);
    for (const char* secret : {"张三", "李四", "13800000000", "东村8号"})
        CHECK((a_text + b_text).find(secret) == std::string::npos);
    // PDF sheets: one page for A's short day, two for B's 20 visits (17 rows fit a page).
    CHECK(jw::test::read_file(a / "A_2026-12_sheets.pdf").find("/Count 1") != std::string::npos);
    CHECK(jw::test::read_file(b / "B_2026-12_sheets.pdf").find("/Count 2") != std::string::npos);
    CHECK(fs::file_size(a / "A_2026-12.xlsx") > 0);
}

TEST_CASE("route exports: identity only when asked, and only in the team's own files",
          "[routes]") {
    jw::test::TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    make_plan(ws);
    jw::plan::RouteExportOptions o;
    o.month = "2026-12";
    o.out_dir = tmp / "routes";
    o.with_identity = true;
    o.teams = {"A"};
    o.formats = {"csv", "geojson"};
    const auto s = jw::plan::export_routes(ws, o);
    CHECK(s.teams == 1);
    CHECK(!fs::exists(o.out_dir / "B"));
    const auto text = all_text(o.out_dir / "A");
    CHECK(text.find("张三") != std::string::npos);
    CHECK(text.find("13800000000") != std::string::npos);
    CHECK(text.find("李四") == std::string::npos);
    CHECK(!fs::exists(o.out_dir / "A" / "2026-12-01.gpx"));

    o.teams = {"Z"};
    CHECK_THROWS_AS(jw::plan::export_routes(ws, o), jw::UsageError);
    o.teams = {};
    o.month = "2027-01";
    CHECK_THROWS_AS(jw::plan::export_routes(ws, o), jw::InputError);
    o.month = "2026-12";
    o.formats = {"shp"};
    CHECK_THROWS_AS(jw::plan::export_routes(ws, o), jw::UsageError);
}

TEST_CASE("jingwei routes writes the team folders and warns about identity", "[routes]") {
    jw::test::TempDir tmp;
    const auto path = (tmp / "ws.sqlite").string();
    {
        auto ws = jw::store::Workspace::create(path, "EPSG:4547");
        make_plan(ws);
    }
    const auto r = jw::test::run_cli("routes '" + path + "' --month 2026-12 -o '" +
                                     (tmp / "out").string() + "' --with-identity --json");
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("--with-identity") != std::string::npos);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["visits"] == 21);
    CHECK(j["with_identity"] == true);
    CHECK(fs::exists(tmp / "out" / "B" / "2026-12-02.gpx"));
    const auto missing = jw::test::run_cli("routes '" + path + "' --month 2027-01 -o '" +
                                           (tmp / "out2").string() + "'");
    CHECK(missing.exit_code == 3);
}

TEST_CASE("route exports draw the legs along the roads when the plan used them", "[routes]") {
    // village.osm: node 1 (117.000, 39.000) to node 11 (117.020, 39.010) is fastest along the
    // primary road through nodes 2 and 3, then up the village street through node 10.
    jw::test::TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string());
    jw::network::RoadImportOptions ro;
    ro.file = jw::test::data_path("network/village.osm").string();
    jw::network::import_roads(ws, ro);
    const auto net = jw::network::load_road_network(ws);
    REQUIRE(net);
    const auto& p = net->graph.points(); // OSM order 1, 2, 3, 4, 5, 10, 11, ...
    auto& db = ws.db();
    db.exec("INSERT INTO teams (id, name) VALUES ('A', '甲组')");
    db.exec("INSERT INTO plan_runs (month, profile, days, travel_source, summary, created_at) "
            "VALUES ('2026-12', 'tianjin', '2026-12-01', 'roads', '{}', 'now')");
    const int at[] = {0, 6, 0};
    for (int i = 0; i < 3; ++i)
        db.exec("INSERT INTO plan_stops VALUES ('2026-12', 'A', '2026-12-01', " + std::to_string(i) +
                ", NULL, '08:30', '08:30', " + std::to_string(p[at[i]].x) + ", " +
                std::to_string(p[at[i]].y) + ", 0, 0)");
    jw::plan::RouteExportOptions o;
    o.month = "2026-12";
    o.out_dir = tmp / "routes";
    o.formats = {"geojson"};
    jw::plan::export_routes(ws, o);
    const auto doc = nlohmann::json::parse(jw::test::read_file(o.out_dir / "A" / "2026-12-01.geojson"));
    const auto& line = doc["features"].back();
    REQUIRE(line["geometry"]["type"] == "LineString");
    const auto& coords = line["geometry"]["coordinates"];
    CHECK(coords.size() > 3);
    auto passes = [&](double lon, double lat) {
        return std::any_of(coords.begin(), coords.end(), [&](const nlohmann::json& c) {
            return std::abs(c[0].get<double>() - lon) < 1e-7 && std::abs(c[1].get<double>() - lat) < 1e-7;
        });
    };
    CHECK(passes(117.010, 39.000)); // node 2
    CHECK(passes(117.020, 39.000)); // node 3
    CHECK(passes(117.020, 39.005)); // node 10
    CHECK(!passes(117.030, 39.010)); // node 12 is on the slower one-way way round
}
