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
