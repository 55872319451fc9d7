// The siting study on a hand-made workspace: four villages on a line, three township seats as
// candidates, straight-line travel (x 1.4 at 30 km/h = 2.8 minutes per km). Answers by hand.

#include "support/support.hpp"
#include "support/workspace_fixture.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/siting/study.hpp>
#include <jingwei/store/workspace.hpp>
#include <nlohmann/json.hpp>

using namespace jw::siting;
using jw::test::TempDir;

namespace {

// Villages at x = 0, 1, 2, 10 km (populations 1000, 1000, 1000, 10000); township seats at 0, 2, 10
// km.
jw::store::Workspace line_workspace(const TempDir& tmp) {
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    auto& db = ws.db();
    const double x0 = 500000, y = 2500000;
    db.exec(
        "INSERT INTO admin_units (code, name, level) VALUES ('441521000000', '海丰县', 'county')");
    const char* towns[] = {"441521101000", "441521106000", "441521107000"};
    const double town_km[] = {0, 2, 10};
    for (int i = 0; i < 3; ++i)
        db.exec("INSERT INTO admin_units (code, name, level, seat) VALUES ('" +
                std::string(towns[i]) + "', 'T" + std::to_string(i) + "', 'township', MakePoint(" +
                std::to_string(x0 + 1000 * town_km[i]) + ", " + std::to_string(y) + ", 4547))");
    const double village_km[] = {0, 1, 2, 10};
    const int population[] = {1000, 1000, 1000, 10000};
    for (int i = 0; i < 4; ++i) {
        const std::string code = "4415211012" + std::to_string(10 + i);
        db.exec("INSERT INTO admin_units (code, name, level, seat) VALUES ('" + code + "', 'V" +
                std::to_string(i) + "', 'village', MakePoint(" +
                std::to_string(x0 + 1000 * village_km[i]) + ", " + std::to_string(y) + ", 4547))");
        db.exec("INSERT INTO population (unit_code, year, count) VALUES ('" + code + "', 2020, " +
                std::to_string(population[i]) + ")");
    }
    return ws;
}

StudyOptions options(Model model, std::size_t add, double threshold) {
    StudyOptions o;
    o.need = Need::rehab;
    o.model = model;
    o.add = add;
    o.threshold_minutes = threshold;
    o.solver.max_iterations = 200;
    return o;
}

} // namespace

TEST_CASE("site: p-median puts one site where weighted travel is least", "[siting][study]") {
    TempDir tmp;
    auto ws = line_workspace(tmp);
    const auto r = run_study(ws, options(Model::pmedian, 1, 30));
    CHECK(r.travel_method == "straight_line");
    CHECK(r.travel_label.find("straight line") != std::string::npos);
    REQUIRE(r.added.size() == 1);
    // At 10 km: 1000*(10+9+8) km; at 2 km: 1000*(2+1) + 10000*8; at 0: 1000*(1+2) + 10000*10.
    CHECK(r.added[0].unit_code == "441521107000");
    CHECK(r.solution.objective == Approx(27000 * 2.8).epsilon(1e-9));
    REQUIRE(r.counties.size() == 1);
    CHECK(r.counties[0].covered_before == 0);
    CHECK(std::isnan(r.counties[0].mean_minutes_before));
    CHECK(r.counties[0].mean_minutes_after == Approx(27000 * 2.8 / 13000).epsilon(1e-9));
    // Within 30 min (10.7 km): every village.
    CHECK(r.counties[0].covered_after == 13000);
}

TEST_CASE("site: set covering needs two sites at 10 minutes, one when a centre already covers the "
          "far village",
          "[siting][study]") {
    TempDir tmp;
    auto ws = line_workspace(tmp);
    // 10 min = 3.57 km: the seat at 0 or 2 km covers villages 0-2; the far village needs its own.
    auto r = run_study(ws, options(Model::lscp, 0, 10));
    CHECK(r.added.size() == 2);
    CHECK(r.counties[0].covered_after == 13000);
    double gained = 0;
    for (const auto& s : r.added)
        gained += s.newly_covered;
    CHECK(gained == 13000);
    // An open rehab centre at 10 km is kept, and only one site is added.
    ws.db().exec("INSERT INTO facilities (id, name, kind, status, geom) VALUES ('R1', '康园中心', "
                 "'community_rehab', "
                 "'open', MakePoint(510000, 2500000, 4547))");
    r = run_study(ws, options(Model::lscp, 0, 10));
    REQUIRE(r.existing.size() == 1);
    CHECK(r.existing[0].id == "R1");
    CHECK(r.added.size() == 1);
    CHECK(r.counties[0].covered_before == 10000);
    CHECK(r.counties[0].covered_after == 13000);
}

TEST_CASE("site: maximal covering with one site takes the heaviest village, and facilities of "
          "other kinds "
          "do not count as existing",
          "[siting][study]") {
    TempDir tmp;
    auto ws = line_workspace(tmp);
    ws.db().exec("INSERT INTO facilities (id, name, kind, status, geom) VALUES ('H1', '卫生院', "
                 "'township_health_centre', 'open', MakePoint(500000, 2500000, 4547))");
    const auto r = run_study(ws, options(Model::mclp, 1, 10));
    CHECK(r.existing.empty());
    REQUIRE(r.added.size() == 1);
    CHECK(r.added[0].unit_code == "441521107000");
    CHECK(r.added[0].newly_covered == 10000);
    CHECK(r.solution.objective == 10000);
}

TEST_CASE("site: capacity-aware scaling-up respects each new site's capacity", "[siting][study]") {
    TempDir tmp;
    auto ws = line_workspace(tmp);
    auto o = options(Model::scaleup, 2, 10);
    o.capacity = 6000;
    const auto r = run_study(ws, o);
    // First the far seat (serves 6000 of the 10000 within reach), then one near seat (3000).
    REQUIRE(r.added.size() == 2);
    CHECK(r.added[0].unit_code == "441521107000");
    CHECK(r.solution.objective == Approx(9000));
}

TEST_CASE(
    "site: a workspace without village locations is refused with the command that provides them",
    "[siting][study]") {
    TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    CHECK_THROWS_WITH(run_study(ws, options(Model::mclp, 1, 30)),
                      Catch::Contains("jingwei synth townships"));
    CHECK(parse_minutes("30min") == 30);
    CHECK(parse_minutes("1h") == 60);
    CHECK_THROWS_AS(parse_minutes("soon"), jw::UsageError);
    CHECK_THROWS_AS(parse_model("kmeans"), jw::UsageError);
}

TEST_CASE("site CLI: patient counts from 1 to 4 are suppressed in every output",
          "[siting][study][privacy]") {
    TempDir tmp;
    {
        auto ws = line_workspace(tmp);
        // Three patients in the far village, none elsewhere.
        for (int i = 0; i < 3; ++i)
            ws.db().exec("INSERT INTO patients (patient_key, village_code, diagnosis) VALUES ('K" +
                         std::to_string(i) + "', '441521101213', 'schizophrenia')");
    }
    const std::string ws = "'" + (tmp / "ws.sqlite").string() + "'";
    const auto csv = tmp / "out.csv";
    auto r = jw::test::run_cli("site " + ws +
                               " --model mclp --add 1 --threshold 10min --demand patients -o '" +
                               csv.string() + "'");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("+<5") != std::string::npos);
    CHECK(r.out.find("small-count suppression") != std::string::npos);
    const auto sites = jw::test::read_file(csv);
    const auto counties = jw::test::read_file(tmp / "out_counties.csv");
    CHECK(sites.find(",<5,") != std::string::npos);
    CHECK(counties.find(",3,") == std::string::npos);
    CHECK(counties.find("<5") != std::string::npos);
    r = jw::test::run_cli("site " + ws +
                          " --model mclp --add 1 --threshold 10min --demand patients --json");
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["added"][0]["newly_covered"] == "<5");
    CHECK(j["counties"][0]["weight"] == "<5");
}

TEST_CASE("site CLI: GeoPackage and XLSX outputs hold the sites and the county table",
          "[siting][study]") {
    TempDir tmp;
    { auto ws = line_workspace(tmp); }
    const std::string ws = "'" + (tmp / "ws.sqlite").string() + "'";
    for (const char* name : {"out.gpkg", "out.xlsx"}) {
        const auto path = tmp / name;
        REQUIRE(jw::test::run_cli("site " + ws + " --model pmedian --add 1 -q -o '" +
                                  path.string() + "'")
                    .exit_code == 0);
        const std::string cmd = "ogrinfo -ro -al -q '" + path.string() + "' > '" +
                                (tmp / "info.txt").string() + "' 2>&1";
        REQUIRE(std::system(cmd.c_str()) == 0);
        const auto text = jw::test::read_file(tmp / "info.txt");
        INFO(name);
        CHECK(text.find("new:441521107000") != std::string::npos);
        CHECK(text.find("441521000000") != std::string::npos);
        CHECK(text.find("straight_line") != std::string::npos);
        if (std::string(name) == "out.gpkg")
            CHECK(text.find("POINT (510000 2500000)") != std::string::npos);
    }
}

TEST_CASE("site: with a grid, demand sits at the cells and keeps the allocated population",
          "[siting][study]") {
    TempDir tmp;
    const std::string ws = "'" + (tmp / "ws.sqlite").string() + "'";
    jw::test::write_file(tmp / "units.csv", jw::test::fixture_units_csv());
    jw::test::write_file(tmp / "areas.geojson", jw::test::fixture_polygons_geojson());
    jw::test::write_file(tmp / "pop.csv",
                         "code,year,population\n441521101,2020,20000\n441521106,2020,5000\n");
    REQUIRE(jw::test::run_cli("init " + ws + " -q").exit_code == 0);
    for (const char* f : {"units.csv", "areas.geojson"})
        REQUIRE(jw::test::run_cli("import " + ws + " units '" + (tmp / f).string() + "' -q")
                    .exit_code == 0);
    REQUIRE(
        jw::test::run_cli("import " + ws + " population '" + (tmp / "pop.csv").string() + "' -q")
            .exit_code == 0);
    {
        auto w = jw::store::Workspace::open((tmp / "ws.sqlite").string());
        w.db().exec("UPDATE admin_units SET seat = ST_PointOnSurface(geom) WHERE geom IS NOT NULL");
    }
    for (const char* shape : {"hex", "square"}) {
        INFO(shape);
        REQUIRE(jw::test::run_cli("grid " + ws + " --cell 1000 -q --shape " + shape).exit_code == 0);
        auto w = jw::store::Workspace::open((tmp / "ws.sqlite").string());
        const auto cells = w.db().query_int("SELECT count(*) FROM grid_cells");
        const auto r = run_study(w, options(Model::mclp, 1, 10));
        CHECK(r.demand_at == "cells");
        CHECK(static_cast<std::int64_t>(r.demand_points) == cells);
        CHECK(r.total_weight == Approx(25000).epsilon(1e-9));
    }
    auto w = jw::store::Workspace::open((tmp / "ws.sqlite").string());
    const auto r = run_study(w, options(Model::mclp, 1, 10));
    REQUIRE(r.counties.size() == 1);
    CHECK(r.counties[0].code == "441521000000");
    auto v = options(Model::mclp, 1, 10);
    v.demand_at = DemandAt::villages;
    CHECK(run_study(w, v).demand_at == "villages");
}
