// jingwei access on a small workspace whose answers follow by hand from the straight-line
// fallback (no roads): 1.4 x distance at 30 km/h = 2.8 min per km of straight line.
//
// Two townships of 3 x 2 km side by side (EPSG:4547 metres): T1 (x 0-3 km) 6 000 people, T2
// (x 3-6 km) 3 000, so the 1 km grid's 12 cells hold 1 000 (T1) or 500 (T2) people each. One
// psychiatric hospital H (10 open beds) at the centre of cell (0, 0); cell (c, r) is
// 2.8 x sqrt(c^2 + r^2) min from it:
//   row 0:  0    2.8   5.6   8.4   11.2  14.0
//   row 1:  2.8  3.96  6.26  8.85  11.55 14.28

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/store/workspace.hpp>
#include <nlohmann/json.hpp>

namespace {

const double x0 = 38400000, y0 = 2500000;

std::string square(double xa, double ya, double xb, double yb) {
    char buf[256];
    std::snprintf(buf,
                  sizeof buf,
                  "GeomFromText('MULTIPOLYGON(((%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f "
                  "%.0f)))', 4547)",
                  xa,
                  ya,
                  xb,
                  ya,
                  xb,
                  yb,
                  xa,
                  yb,
                  xa,
                  ya);
    return buf;
}

std::string point(double x, double y) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "MakePoint(%.1f, %.1f, 4547)", x, y);
    return buf;
}

std::string make_workspace(const jw::test::TempDir& tmp) {
    const auto path = (tmp / "ws.sqlite").string();
    auto ws = jw::store::Workspace::create(path, "EPSG:4547");
    auto& db = ws.db();
    db.exec("INSERT INTO admin_units (code, name, level) VALUES ('441521000000', '海丰县', "
            "'county')");
    db.exec("INSERT INTO admin_units (code, name, level, parent_code, geom) VALUES "
            "('441521101000', 'T1', 'township', '441521000000', " +
            square(x0, y0, x0 + 3000, y0 + 2000) +
            "), ('441521106000', 'T2', 'township', '441521000000', " +
            square(x0 + 3000, y0, x0 + 6000, y0 + 2000) + ")");
    db.exec("INSERT INTO admin_units (code, name, level, parent_code, seat) VALUES "
            "('441521101201', 'V1', 'village', '441521101000', " +
            point(x0 + 500, y0 + 500) + "), ('441521106201', 'V2', 'village', '441521106000', " +
            point(x0 + 5500, y0 + 1500) + ")");
    db.exec("INSERT INTO population (unit_code, year, count) VALUES ('441521101000', 2020, "
            "6000), ('441521106000', 2020, 3000)");
    db.exec("INSERT INTO facilities (id, name, kind, beds_open, status, geom) VALUES ('H', "
            "'Hospital', 'psychiatric_hospital', 10, 'open', " +
            point(x0 + 500, y0 + 500) + ")");
    db.exec("INSERT INTO facilities (id, name, kind, status, referral_facility_id, geom) VALUES "
            "('C2', 'Centre T2', 'township_health_centre', 'open', 'H', " +
            point(x0 + 5500, y0 + 1500) + ")");
    // 6 registered patients at home in cell (0, 0), 2 in cell (5, 1), 1 deceased (not counted).
    for (int i = 0; i < 9; ++i)
        db.exec("INSERT INTO patients (patient_key, village_code, diagnosis, management_status, "
                "home) VALUES ('k" +
                std::to_string(i) + "', '" + (i < 6 ? "441521101201" : "441521106201") +
                "', 'schizophrenia', '" + (i == 8 ? "deceased" : "managed") + "', " +
                (i < 6 ? point(x0 + 400, y0 + 300) : point(x0 + 5600, y0 + 1700)) + ")");
    return path;
}

} // namespace

TEST_CASE("jingwei access: nearest, thresholds, 2SFCA and coverage per township by hand",
          "[access][cli]") {
    jw::test::TempDir tmp;
    const auto ws = make_workspace(tmp);
    REQUIRE(jw::test::run_cli("grid '" + ws + "' --cell 1000 -q").exit_code == 0);
    const auto csv = (tmp / "access.csv").string();
    const auto r = jw::test::run_cli("access '" + ws +
                                     "' --facility psych_beds --threshold 8.4,14 --capacity 700 "
                                     "--json -o '" +
                                     csv + "'");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j.at("travel_method") == "straight_line");
    CHECK(j.at("travel_label").get<std::string>().find("no road network") != std::string::npos);
    CHECK(j.at("demand_points") == 12);
    CHECK(j.at("catchment_min") == 14.0);
    const auto& units = j.at("units");
    REQUIRE(units.size() == 2);
    const auto& t1 = units.at(0);
    const auto& t2 = units.at(1);
    CHECK(t1.at("code") == "441521101000");
    CHECK(t1.at("population").get<double>() == Approx(6000));
    // T1: mean of 0, 2.8, 5.6, 2.8, 2.8 sqrt 2, 2.8 sqrt 5 (1 000 people each).
    CHECK(t1.at("mean_min").get<double>() ==
          Approx((0 + 2.8 + 5.6 + 2.8 + 2.8 * std::sqrt(2.0) + 2.8 * std::sqrt(5.0)) / 6));
    // Inclusive thresholds: cell (3, 0) at exactly 8.4 min and (5, 0) at exactly 14.0 count.
    CHECK(t1.at("within").at("8.4").at("population").get<double>() == Approx(6000));
    CHECK(t2.at("within").at("8.4").at("population").get<double>() == Approx(500));
    CHECK(t2.at("within").at("14").at("population").get<double>() == Approx(2500));
    // Patients: 6 in T1 (all within), 2 in T2 (14.28 min, outside): 2 < 5 is suppressed, and
    // so is T2's "0 within" (it would tell that both are outside).
    CHECK(t1.at("patients") == "6");
    CHECK(t1.at("within").at("8.4").at("patients") == "6");
    CHECK(t2.at("patients") == "<5");
    CHECK(t2.at("within").at("14").at("patients") == "<5");
    // 2SFCA, catchment 14 min: H reaches 6 000 + 2 500 people, 10 beds -> 10 / 8 500 per person.
    CHECK(t1.at("access_2sfca").get<double>() == Approx(10.0 / 8500 * 1e4));
    CHECK(t2.at("access_2sfca").get<double>() == Approx(2500.0 / 3000 * 10.0 / 8500 * 1e4));
    // Coverage: 10 beds x 700 people = 7 000, nearest first: T1's 6 000 (up to 6.26 min), then
    // (3, 0) at 8.4 and (3, 1) at 8.85 min from T2.
    CHECK(t1.at("covered").get<double>() == Approx(6000));
    CHECK(t2.at("covered").get<double>() == Approx(1000));
    CHECK(j.at("covered").get<double>() == Approx(7000));
    // Referral: C2 to H, nearest and designated, sqrt(5000^2 + 1000^2) m x 1.4 at 30 km/h.
    const auto& refs = j.at("referrals");
    REQUIRE(refs.size() == 2);
    const double minutes = std::hypot(5000.0, 1000.0) * 1.4 / 500.0;
    CHECK(refs.at(0).at("kind") == "nearest");
    CHECK(refs.at(1).at("kind") == "designated");
    CHECK(refs.at(1).at("minutes").get<double>() == Approx(minutes));

    const auto text = jw::test::read_file(csv);
    CHECK(text.compare(0, 3, "\xEF\xBB\xBF") == 0);
    CHECK(text.find("share_within_8.4min") != std::string::npos);
    CHECK(text.find(",<5,") != std::string::npos); // T2's 2 patients
    CHECK(text.find("straight_line") != std::string::npos);

    // The workspace layers QGIS opens, with the same numbers.
    auto w = jw::store::Workspace::open(ws, true);
    auto& db = w.db();
    CHECK(db.query_int(
              "SELECT count(*) FROM geometry_columns WHERE f_table_name LIKE 'access_%'") == 6);
    CHECK(db.query_int("SELECT count(*) FROM access_points WHERE facility = 'psych_beds' AND "
                       "cell IS NOT NULL") == 12);
    CHECK(db.query_int("SELECT count(*) FROM access_units WHERE geom IS NOT NULL") == 2);
    CHECK(db.query_text("SELECT patients_status FROM access_units WHERE unit_code = "
                        "'441521106000'") == std::string("suppressed"));
    CHECK(db.query_int("SELECT patients FROM access_units WHERE unit_code = '441521101000'") == 6);
    CHECK(db.query_int("SELECT count(*) FROM access_thresholds WHERE unit_code = '441521106000' "
                       "AND patients_within IS NULL AND patients_status = 'suppressed'") == 2);
    // Service areas without roads: circles of 8.4 min x 500 m/min / 1.4 = 3 000 m radius.
    const auto area = std::stod(*db.query_text(
        "SELECT area_km2 FROM access_isochrones WHERE facility_id = 'H' AND threshold_min = 8.4"));
    CHECK(area == Approx(M_PI * 9).epsilon(0.005));
    CHECK(db.query_int("SELECT count(*) FROM access_referrals WHERE geom IS NOT NULL") == 2);
}

TEST_CASE("jingwei access on hexagonal cells: demand at each hexagon's centre", "[access][cli]") {
    jw::test::TempDir tmp;
    const auto ws = make_workspace(tmp);
    REQUIRE(jw::test::run_cli("grid '" + ws + "' --cell 1000 --shape hex -q").exit_code == 0);
    const auto r = jw::test::run_cli("access '" + ws + "' --facility psych_beds --threshold 30 --json");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    auto w = jw::store::Workspace::open(ws, true);
    auto& db = w.db();
    CHECK(j.at("demand_points") == db.query_int("SELECT count(*) FROM grid_cells"));
    // Every point lies in its hexagon, at the centre of the whole ones, and its time is the
    // straight-line formula from H at (500, 500): 1.4 x distance at 500 m/min.
    const std::string joined = "FROM access_points p JOIN grid_cells c ON p.point_id = 'cell:' || "
                               "c.id WHERE p.facility = 'psych_beds'";
    CHECK(db.query_int("SELECT count(*) " + joined) == j.at("demand_points").get<int>());
    CHECK(db.query_int("SELECT count(*) " + joined + " AND NOT ST_Covers(p.cell, p.geom)") == 0);
    CHECK(db.query_int("SELECT count(*) " + joined + " AND abs(ST_Area(p.cell) - 1e6) > 1e-3") == 0);
    CHECK(db.query_int("SELECT count(*) " + joined + " AND c.area_m2 > 1e6 - 1e-3 AND "
                       "ST_Distance(p.geom, ST_Centroid(c.geom)) > 1e-6") == 0);
    CHECK(db.query_int("SELECT count(*) " + joined + " AND c.area_m2 > 1e6 - 1e-3") > 0);
    CHECK(db.query_int("SELECT count(*) " + joined + " AND abs(p.nearest_min - ST_Distance(p.geom, "
                       "(SELECT geom FROM facilities WHERE id = 'H')) * 1.4 / 500) > 1e-6") == 0);
    // Patients reach their township through their home's hexagon: 6 in T1, 2 (suppressed) in T2.
    const auto& units = j.at("units");
    REQUIRE(units.size() == 2);
    CHECK(units.at(0).at("patients") == "6");
    CHECK(units.at(1).at("patients") == "<5");
    // A hexagon across the T1/T2 border counts for the township with the larger share, so the
    // townships' populations move by part of a border column, and their sum stays.
    const double t1 = units.at(0).at("population").get<double>();
    const double t2 = units.at(1).at("population").get<double>();
    CHECK(t1 + t2 == Approx(9000));
    CHECK(t1 == Approx(6000).epsilon(0.05));
}

TEST_CASE("jingwei access without a grid uses village seats and names missing facilities",
          "[access][cli]") {
    jw::test::TempDir tmp;
    const auto ws = make_workspace(tmp);
    const auto r =
        jw::test::run_cli("access '" + ws + "' --facility psych_beds --threshold 60 --json");
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j.at("demand_at") == "villages");
    CHECK(j.at("demand_points") == 2);
    const auto none = jw::test::run_cli("access '" + ws + "' --facility rehab");
    CHECK(none.exit_code == 3);
    CHECK(none.err.find("rehab") != std::string::npos);
    const auto bad = jw::test::run_cli("access '" + ws + "' --facility psych_beds --method fast");
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("fast") != std::string::npos);
}
