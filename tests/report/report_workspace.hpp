#pragma once
// The report tests' workspace: the fixture's county 海丰县 with townships 梅陇镇 and 联安镇
// (lon/lat squares 115.30–115.35 and 115.35–115.40 E, 22.90–22.95 N) and three villages, plus
// hand-set population, facilities and a small synthetic register with identity rows that must never
// reach the report.

#include "support/support.hpp"
#include "support/workspace_fixture.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <jingwei/store/workspace.hpp>
#include <string>

namespace jw::test {

/// Single-quoted for run_cli.
inline std::string quoted(const std::filesystem::path& p) {
    return "'" + p.string() + "'";
}

/// Builds the workspace in `dir` through the CLI (init, import units) and SQL; returns its path.
inline std::filesystem::path report_workspace(const TempDir& dir) {
    const auto ws = dir / "ws.sqlite";
    write_file(dir / "units.csv", fixture_units_csv());
    write_file(dir / "areas.geojson", fixture_polygons_geojson());
    REQUIRE(run_cli("init " + quoted(ws) + " -q").exit_code == 0);
    REQUIRE(
        run_cli("import " + quoted(ws) + " units " + quoted(dir / "units.csv") + " -q").exit_code ==
        0);
    REQUIRE(run_cli("import " + quoted(ws) + " units " + quoted(dir / "areas.geojson") + " -q")
                .exit_code == 0);
    auto w = store::Workspace::open(ws.string());
    auto& db = w.db();
    // Resident population 2020: 100 000 per township, split 50 000 / 50 000 / 100 000 by village.
    db.exec("INSERT INTO population (unit_code, year, count) VALUES "
            "('441521000000', 2020, 200000), ('441521101000', 2020, 100000), "
            "('441521106000', 2020, 100000), ('441521101201', 2020, 50000), "
            "('441521101202', 2020, 50000), ('441521106201', 2020, 100000)");
    // 10 authorised beds and 2 psychiatrists in 梅陇镇; the 联安镇 centre has no beds, 1 doctor.
    db.exec(
        "INSERT INTO facilities (id, name, kind, unit_code, beds_authorised, beds_open, "
        "psychiatrists, prevention_staff, has_psych_clinic, status) VALUES "
        "('H1', '海丰县精神专科医院', 'psychiatric_hospital', '441521101000', 10, 10, 2, 0, 1, "
        "'open'), ('C1', '联安镇卫生院', 'township_health_centre', '441521106000', 0, 0, 1, 1, 0, "
        "'open')");
    // The hospital stands at 115.325 E 22.925 N (the centre of 梅陇镇), in the workspace CRS.
    db.exec("UPDATE facilities SET geom = Transform(MakePoint(115.325, 22.925, 4326), " +
            std::to_string(w.crs_epsg()) + ") WHERE id = 'H1'");
    // Seats at the polygons' centroids (the siting study needs them).
    db.exec("UPDATE admin_units SET seat = CastToPoint(Centroid(geom)) WHERE geom IS NOT NULL");
    // Register: 7 patients in 梅陇镇's village A, 3 in 联安镇's village C (a small count).
    for (int i = 0; i < 10; ++i) {
        const std::string key = "KEYSECRET" + std::to_string(1000 + i);
        const std::string village = i < 7 ? "441521101201" : "441521106201";
        db.exec("INSERT INTO patients (patient_key, village_code, diagnosis, risk_level, "
                "stability, management_status, medication, registered_date, last_visit_date, "
                "synthetic) VALUES ('" +
                key + "', '" + village +
                "', 'schizophrenia', 0, 'stable', 'managed', 'regular', '2020-01-01', "
                "'2026-10-15', 1)");
        db.exec("INSERT INTO patient_identity (patient_key, name, address, phone, guardian_name, "
                "guardian_phone, synthetic) VALUES ('" +
                key + "', '张三丰" + std::to_string(i) + "', '海丰县梅陇镇秘密路" +
                std::to_string(i) + "号', '1380000" + std::to_string(1000 + i) +
                "', '李监护', '13911112222', 1)");
    }
    return ws;
}

/// Access results as `jingwei access` saves them (migration 6) for 'rehab' at
/// township level: 梅陇镇 7.3 min mean, 联安镇 21.5 min, with 15/30-minute shares.
inline void add_access_results(const std::filesystem::path& ws) {
    auto w = jw::store::Workspace::open(ws.string());
    auto& db = w.db();
    // The layout `jingwei access` writes (migration 6); IF NOT EXISTS so
    // the test keeps working once that migration creates them.
    db.exec("CREATE TABLE IF NOT EXISTS access_runs (facility TEXT PRIMARY KEY, thresholds "
            "TEXT NOT NULL, catchment_min REAL NOT NULL, demand_at TEXT NOT NULL, level TEXT "
            "NOT NULL, travel_method TEXT NOT NULL, travel_label TEXT NOT NULL, supply TEXT "
            "NOT NULL, access_unit TEXT NOT NULL, capacity_source TEXT, profile TEXT NOT "
            "NULL, min_cell_count INTEGER NOT NULL, notes TEXT NOT NULL, created_at TEXT NOT "
            "NULL)");
    db.exec("CREATE TABLE IF NOT EXISTS access_units (facility TEXT NOT NULL, level TEXT NOT "
            "NULL, unit_code TEXT NOT NULL, name TEXT, population REAL NOT NULL, mean_min "
            "REAL, median_min REAL, unreachable_population REAL NOT NULL, access_2sfca REAL, "
            "access_e2sfca REAL, covered REAL, uncovered REAL, patients INTEGER, "
            "patients_status TEXT NOT NULL, travel_method TEXT NOT NULL, PRIMARY KEY "
            "(facility, level, unit_code))");
    db.exec("CREATE TABLE IF NOT EXISTS access_thresholds (facility TEXT NOT NULL, level "
            "TEXT NOT NULL, unit_code TEXT NOT NULL, threshold_min REAL NOT NULL, "
            "population_within REAL NOT NULL, share_within REAL, patients_within INTEGER, "
            "patients_status TEXT NOT NULL, PRIMARY KEY (facility, level, unit_code, "
            "threshold_min))");
    db.exec("INSERT INTO access_runs VALUES ('rehab', '15,30', 30, 'villages', 'township', "
            "'straight_line', 'straight line x 1.40 at 30 km/h', 'sites', 'sites per 10k', "
            "NULL, 'shanwei', 5, '[\"a note for the planner\"]', '2026-11-23T00:00:00Z')");
    db.exec("INSERT INTO access_units VALUES "
            "('rehab', 'township', '441521101000', '梅陇镇', 100000, 7.3, 7.0, 0, 0.1, 0.1, "
            "100000, 0, 7, 'shown', 'straight_line'), "
            "('rehab', 'township', '441521106000', '联安镇', 100000, 21.5, 20.0, 0, 0.1, 0.1, "
            "40000, 60000, NULL, 'suppressed', 'straight_line')");
    db.exec("INSERT INTO access_thresholds VALUES "
            "('rehab', 'township', '441521101000', 15, 100000, 1.0, 7, 'shown'), "
            "('rehab', 'township', '441521101000', 30, 100000, 1.0, 7, 'shown'), "
            "('rehab', 'township', '441521106000', 15, 25000, 0.25, NULL, 'suppressed'), "
            "('rehab', 'township', '441521106000', 30, 100000, 1.0, NULL, 'suppressed')");
}

/// The HTML table row (<tr ...>...</tr>) of a unit and indicator, "" when absent.
inline std::string
gap_row(const std::string& html, const std::string& unit, const std::string& indicator) {
    const std::string marker = "data-unit=\"" + unit + "\" data-indicator=\"" + indicator + "\"";
    const auto at = html.find(marker);
    if (at == std::string::npos)
        return "";
    const auto start = html.rfind("<tr", at);
    const auto end = html.find("</tr>", at);
    return html.substr(start, end + 5 - start);
}

} // namespace jw::test
