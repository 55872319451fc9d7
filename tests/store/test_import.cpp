#include "support/support.hpp"
#include "support/workspace_fixture.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <jingwei/error.hpp>
#include <jingwei/geo/offsets.hpp>
#include <jingwei/io/table_reader.hpp>
#include <jingwei/store/import.hpp>

using namespace jw::store;
using jw::test::TempDir;
using jw::test::write_file;

namespace {

ImportResult import(Workspace& ws, ImportKind kind, const std::string& file, ImportOptions o = {}) {
    o.file = file;
    return import_file(ws, kind, o);
}

/// A workspace holding the fixture's units with their polygons (WGS84 input).
Workspace fixture_workspace(const TempDir& tmp) {
    auto ws = Workspace::create((tmp / "ws.sqlite").string());
    write_file(tmp / "units.csv", jw::test::fixture_units_csv());
    write_file(tmp / "areas.geojson", jw::test::fixture_polygons_geojson());
    import(ws, ImportKind::units, (tmp / "units.csv").string());
    import(ws, ImportKind::units, (tmp / "areas.geojson").string());
    return ws;
}

double query_double(Workspace& ws, const std::string& sql) {
    auto st = ws.db().prepare(sql);
    REQUIRE(st.step());
    return st.column_double(0);
}

int shell(const std::string& cmd) {
    return std::system((cmd + " >/dev/null 2>&1").c_str());
}

} // namespace

TEST_CASE("units from CSV then polygons from GeoJSON: codes padded, parents set, CRS chosen",
          "[store][import]") {
    TempDir tmp;
    auto ws = fixture_workspace(tmp);
    CHECK(ws.db().query_int("SELECT count(*) FROM admin_units") == 6);
    CHECK(ws.db().query_text("SELECT parent_code FROM admin_units WHERE code = '441521101201'") ==
          std::string("441521101000"));
    CHECK(ws.db().query_text("SELECT level FROM admin_units WHERE code = '441521106000'") ==
          std::string("township"));
    // 115.3 E: CGCS2000 3-degree GK zone with central meridian 114 E.
    CHECK(ws.crs_epsg() == 4547);
    CHECK(ws.db().query_int("SELECT count(*) FROM admin_units WHERE geom IS NOT NULL") == 5);
    // 0.05 deg x 0.05 deg at 22.9 N is about 5.13 km x 5.53 km.
    const double km2 =
        query_double(ws, "SELECT ST_Area(geom) / 1e6 FROM admin_units WHERE code = '441521101000'");
    CHECK(km2 == Approx(28.4).epsilon(0.01));
    CHECK(ws.db().query_int("SELECT count(*) FROM imports") == 2);
}

TEST_CASE("GB18030 CSV, UTF-8 CSV, Shapefile and XLSX give the same units", "[store][import]") {
    TempDir tmp;
    const std::string utf8 = jw::test::fixture_units_csv();
    write_file(tmp / "u_utf8.csv", utf8);
    write_file(tmp / "u_gbk.csv", jw::io::from_utf8(utf8, jw::io::Encoding::gb18030));
    write_file(tmp / "areas.geojson", jw::test::fixture_polygons_geojson());
    REQUIRE(shell("ogr2ogr -f XLSX '" + (tmp / "u.xlsx").string() + "' '" +
                  (tmp / "u_utf8.csv").string() + "' -nln 单位 && ogr2ogr -update -f XLSX '" +
                  (tmp / "u.xlsx").string() + "' '" + (tmp / "u_utf8.csv").string() +
                  "' -nln other") == 0);
    REQUIRE(shell("ogr2ogr -f 'ESRI Shapefile' -lco ENCODING=UTF-8 '" +
                  (tmp / "areas.shp").string() + "' '" + (tmp / "areas.geojson").string() + "'") ==
            0);

    auto names_of = [](Workspace& ws) {
        std::string all;
        auto st = ws.db().prepare("SELECT code || name FROM admin_units ORDER BY code");
        while (st.step())
            all += st.column_text(0) + ";";
        return all;
    };
    auto a = Workspace::create((tmp / "a.sqlite").string());
    auto b = Workspace::create((tmp / "b.sqlite").string());
    auto c = Workspace::create((tmp / "c.sqlite").string());
    CHECK(import(a, ImportKind::units, (tmp / "u_utf8.csv").string()).encoding == "utf-8");
    CHECK(import(b, ImportKind::units, (tmp / "u_gbk.csv").string()).encoding == "gb18030");
    CHECK_THROWS_WITH(import(c, ImportKind::units, (tmp / "u.xlsx").string()),
                      Catch::Contains("--layer"));
    ImportOptions sheet;
    sheet.layer = "单位";
    CHECK(import(c, ImportKind::units, (tmp / "u.xlsx").string(), sheet).rows_kept == 6);
    CHECK(names_of(a) == names_of(b));
    CHECK(names_of(a) == names_of(c));
    CHECK(names_of(a).find("441521101000梅陇镇") != std::string::npos);

    import(a, ImportKind::units, (tmp / "areas.geojson").string());
    import(b, ImportKind::units, (tmp / "areas.shp").string());
    const std::string area = "SELECT sum(ST_Area(geom)) FROM admin_units";
    CHECK(query_double(a, area) == Approx(query_double(b, area)).epsilon(1e-9));
}

TEST_CASE("GCJ-02 and BD-09 input lands within a centimetre of the WGS84 input",
          "[store][import][geo]") {
    TempDir tmp;
    write_file(tmp / "units.csv", jw::test::fixture_units_csv());
    write_file(tmp / "wgs.geojson", jw::test::fixture_polygons_geojson());
    write_file(tmp / "gcj.geojson", jw::test::fixture_polygons_geojson(jw::geo::wgs84_to_gcj02));
    write_file(tmp / "bd.geojson", jw::test::fixture_polygons_geojson(jw::geo::wgs84_to_bd09));
    struct Case {
        const char* file;
        const char* crs;
    };
    std::vector<std::pair<double, double>> reference;
    for (const Case c :
         {Case{"wgs.geojson", ""}, Case{"gcj.geojson", "gcj02"}, Case{"bd.geojson", "bd09"}}) {
        auto ws = Workspace::create((tmp / (std::string(c.file) + ".sqlite")).string());
        import(ws, ImportKind::units, (tmp / "units.csv").string());
        ImportOptions o;
        o.crs = c.crs;
        const auto r = import(ws, ImportKind::units, (tmp / c.file).string(), o);
        CHECK(r.rows_updated == 5);
        std::vector<std::pair<double, double>> xy;
        auto st = ws.db().prepare(
            "SELECT ST_X(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 3)), "
            "ST_Y(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 3)) FROM admin_units "
            "WHERE geom IS NOT NULL ORDER BY code");
        while (st.step())
            xy.emplace_back(st.column_double(0), st.column_double(1));
        REQUIRE(xy.size() == 5);
        if (reference.empty()) {
            reference = xy;
            continue;
        }
        for (std::size_t i = 0; i < xy.size(); ++i) {
            CHECK(std::abs(xy[i].first - reference[i].first) < 0.01);
            CHECK(std::abs(xy[i].second - reference[i].second) < 0.01);
        }
    }
    // Declaring WGS84 for GCJ-02 data shifts everything by the GCJ offset (~500 m here).
    auto ws = Workspace::create((tmp / "wrong.sqlite").string());
    import(ws, ImportKind::units, (tmp / "units.csv").string());
    import(ws, ImportKind::units, (tmp / "gcj.geojson").string());
    const double shift =
        query_double(ws,
                     "SELECT ST_X(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 3)) "
                     "FROM admin_units WHERE code = '441521101000'") -
        reference[0].first;
    CHECK(std::abs(shift) > 300);
}

TEST_CASE("an EPSG-declared file is reprojected by PROJ", "[store][import][geo]") {
    TempDir tmp;
    write_file(tmp / "units.csv", jw::test::fixture_units_csv());
    write_file(tmp / "wgs.geojson", jw::test::fixture_polygons_geojson());
    REQUIRE(shell("ogr2ogr -t_srs EPSG:3857 -f GPKG '" + (tmp / "areas.gpkg").string() + "' '" +
                  (tmp / "wgs.geojson").string() + "'") == 0);
    auto a = Workspace::create((tmp / "a.sqlite").string(), "EPSG:4547");
    auto b = Workspace::create((tmp / "b.sqlite").string(), "EPSG:4547");
    for (auto* ws : {&a, &b})
        import(*ws, ImportKind::units, (tmp / "units.csv").string());
    import(a, ImportKind::units, (tmp / "wgs.geojson").string());
    CHECK(import(b, ImportKind::units, (tmp / "areas.gpkg").string()).source_crs == "EPSG:3857");
    const std::string sql = "SELECT sum(ST_X(ST_Centroid(geom))) FROM admin_units";
    CHECK(query_double(a, sql) == Approx(query_double(b, sql)).margin(0.01));
}

TEST_CASE("a failing row aborts the whole import and the workspace is unchanged",
          "[store][import]") {
    TempDir tmp;
    auto ws = fixture_workspace(tmp);
    write_file(tmp / "pop.csv",
               "code,year,population\n441521101,2020,106660\n441521106,2020,8740\n"
               "441521999,2020,5\n");
    const auto before_imports = ws.db().query_int("SELECT count(*) FROM imports");
    ImportOptions o;
    o.on_error = OnError::abort;
    try {
        import(ws, ImportKind::population, (tmp / "pop.csv").string(), o);
        FAIL("expected the import to abort");
    } catch (const jw::InputError& e) {
        CHECK(e.row == 3);
        CHECK(e.field == "unit_code");
        CHECK(std::string(e.what()).find("pop.csv:3") != std::string::npos);
    }
    CHECK(ws.db().query_int("SELECT count(*) FROM population") == 0);
    CHECK(ws.db().query_int("SELECT count(*) FROM imports") == before_imports);
    CHECK_FALSE(std::filesystem::exists(tmp / "pop.csv.rejects.csv"));
}

TEST_CASE("bad rows go to a rejects file in the input's encoding; good rows are kept",
          "[store][import]") {
    TempDir tmp;
    auto ws = fixture_workspace(tmp);
    const std::string csv = "代码,年份,常住人口,来源\n"
                            "441521101,2020,106660,普查\n"
                            "441521106,2020,-4,普查\n"
                            "441521106,2020,abc,普查\n"
                            "441521106,2020,8740,普查\n"
                            "441521106,2020,8741,普查\n";
    write_file(tmp / "pop.csv", jw::io::from_utf8(csv, jw::io::Encoding::gb18030));
    const auto r = import(ws, ImportKind::population, (tmp / "pop.csv").string());
    CHECK(r.rows_read == 5);
    CHECK(r.rows_kept == 2);
    CHECK(r.rows_rejected == 3);
    REQUIRE(r.rejects.size() == 3);
    CHECK(r.rejects[0].row == 2);
    CHECK(r.rejects[0].reason.find("negative") != std::string::npos);
    CHECK(r.rejects[2].reason.find("first at row 4") != std::string::npos);
    CHECK(ws.db().query_int("SELECT sum(count) FROM population") == 106660 + 8740);
    const std::string rejects = jw::test::read_file(r.rejects_file);
    CHECK(jw::io::detect_encoding(rejects).encoding == jw::io::Encoding::gb18030);
    const std::string text = jw::io::to_utf8(rejects, jw::io::Encoding::gb18030);
    CHECK(text.rfind("代码,年份,常住人口,来源,reason\n", 0) == 0);
    CHECK(text.find("441521106,2020,abc,普查,") != std::string::npos);
    CHECK(ws.db().query_int("SELECT rows_rejected FROM imports ORDER BY id DESC LIMIT 1") == 3);
}

TEST_CASE("a missing required column names the column and what the file has", "[store][import]") {
    TempDir tmp;
    auto ws = fixture_workspace(tmp);
    write_file(tmp / "f.csv", "id,名称\nF1,x\n");
    CHECK_THROWS_WITH(import(ws, ImportKind::facilities, (tmp / "f.csv").string()),
                      Catch::Contains("name") && Catch::Contains("--map"));
    ImportOptions o;
    o.field_map = {{"name", "名称"}, {"kind", "nope"}};
    CHECK_THROWS_AS(import(ws, ImportKind::facilities, (tmp / "f.csv").string(), o),
                    jw::UsageError);
    o.field_map = {{"colour", "名称"}};
    CHECK_THROWS_WITH(import(ws, ImportKind::facilities, (tmp / "f.csv").string(), o),
                      Catch::Contains("not a field"));
}

TEST_CASE("facilities: kinds in Chinese, counts checked, duplicate ids rejected, points placed",
          "[store][import]") {
    TempDir tmp;
    auto ws = fixture_workspace(tmp);
    write_file(tmp / "f.csv",
               "id,name,kind,township_code,beds,psychiatrists,lon,lat\n"
               "F1,梅陇镇卫生院,乡镇卫生院,441521101,0,1,115.31,22.91\n"
               "F2,海丰县精神病医院,精神专科医院,441521101,120,9,115.32,22.92\n"
               "F1,again,乡镇卫生院,441521101,0,1,115.31,22.91\n"
               "F3,x,牙科诊所,441521101,,,,\n"
               "F4,y,乡镇卫生院,441521106,-2,,,\n"
               "F5,z,社区康复机构,441521106,,,115.37,\n");
    const auto r = import(ws, ImportKind::facilities, (tmp / "f.csv").string());
    CHECK(r.rows_kept == 2);
    CHECK(r.rows_rejected == 4);
    CHECK(ws.db().query_int("SELECT beds_authorised FROM facilities WHERE id = 'F2'") == 120);
    CHECK(ws.db().query_text("SELECT kind FROM facilities WHERE id = 'F1'") ==
          std::string("township_health_centre"));
    CHECK(ws.db().query_int(
              "SELECT count(*) FROM facilities f JOIN admin_units u ON u.code = '441521101000' "
              "WHERE ST_Within(f.geom, u.geom)") == 2);
}

TEST_CASE("patients are pseudonymised and placed in their village by polygon", "[store][import]") {
    TempDir tmp;
    auto ws = fixture_workspace(tmp);
    using jw::test::fake_id_number;
    std::string csv =
        "身份证号,姓名,现住址,监护人电话,村居代码,诊断,危险性评估,病情,末次随访日期,经度,纬度\n";
    // 1: in village A, code A. 2: point in B, code says A. 3: outside the area, code C.
    // 4: no code, point in C. 5: no code, outside. 6: bad ID. 7: duplicate of 1. 8: risk 7.
    csv += fake_id_number(1) +
           ",张三,某路1号,13800000000,441521101201,精神分裂症,0,稳定,2026/9/1,115.31,22.91\n";
    csv += fake_id_number(2) +
           ",李四,某路2号,,441521101201,双相情感障碍,1,基本稳定,2026年10月3日,115.34,22.91\n";
    csv += fake_id_number(3) + ",王五,,,441521106201,F20.0,3级,不稳定,46000,116.5,23.5\n";
    csv += fake_id_number(4) + ",赵六,,,,偏执性精神病,0,稳定,2026-08-01,115.38,22.92\n";
    csv += fake_id_number(5) + ",钱七,,,,精神分裂症,0,稳定,2026-08-01,116.5,23.5\n";
    csv += "44152119800101001X,孙八,,,441521101201,精神分裂症,0,稳定,2026-08-01,115.31,22.91\n";
    csv += fake_id_number(1) +
           ",张三,某路1号,,441521101201,精神分裂症,0,稳定,2026-09-01,115.31,22.91\n";
    csv += fake_id_number(8) + ",周九,,,441521101201,精神分裂症,7,稳定,2026-09-01,115.31,22.91\n";
    write_file(tmp / "p.csv", csv);
    const auto r = import(ws, ImportKind::patients, (tmp / "p.csv").string());
    CHECK(r.rows_kept == 4);
    CHECK(r.rows_rejected == 4);
    CHECK(ws.db().query_int("SELECT count(*) FROM patients WHERE assigned_by = 'polygon'") == 3);
    CHECK(ws.db().query_int(
              "SELECT count(*) FROM patients WHERE location_issue = 'code_mismatch' AND "
              "village_code = '441521101202' AND declared_code = '441521101201'") == 1);
    CHECK(
        ws.db().query_int("SELECT count(*) FROM patients WHERE location_issue = 'outside_area' AND "
                          "village_code = '441521106201' AND assigned_by = 'code'") == 1);
    CHECK(ws.db().query_text("SELECT village_code FROM patients WHERE declared_code IS NULL") ==
          std::string("441521106201"));
    CHECK(ws.db().query_text("SELECT last_visit_date FROM patients WHERE risk_level = 1") ==
          std::string("2026-10-03"));
    CHECK(ws.db().query_text("SELECT last_visit_date FROM patients WHERE risk_level = 3") ==
          std::string("2025-12-09"));
    // Two rows placed with a note, plus the file-level note that no CRS was declared.
    REQUIRE(r.warnings.size() == 3);
    CHECK(r.warnings[0].find("no coordinate system declared") != std::string::npos);
    CHECK(r.warnings[1].find("p.csv:2: the home point lies in village 441521101202") !=
          std::string::npos);
    CHECK(r.warnings[2].find("p.csv:3: the home point lies outside") != std::string::npos);
    // Identity only in its own table; the ID number nowhere at all.
    CHECK(ws.db().query_int("SELECT count(*) FROM patient_identity") == 4);
    CHECK(ws.db().query_int("SELECT count(*) FROM patient_identity WHERE name = '张三' AND "
                            "guardian_phone = '13800000000'") == 1);
    const std::string dump = jw::test::read_file(tmp / "ws.sqlite");
    CHECK(dump.find(fake_id_number(1)) == std::string::npos);
    CHECK(ws.db().query_int("SELECT length(patient_key) FROM patients LIMIT 1") == 64);
    // The rejects file names each reason without echoing an ID number in the reason text.
    bool reasons_clean = true;
    for (const auto& x : r.rejects)
        reasons_clean = reasons_clean && x.reason.find("441521198") == std::string::npos;
    CHECK(reasons_clean);
}

TEST_CASE("the same ID number gives the same key in one workspace and another key elsewhere",
          "[store][import]") {
    TempDir tmp;
    auto a = fixture_workspace(tmp);
    const std::string csv = "id_number,village_code,diagnosis\n" + jw::test::fake_id_number(7) +
                            ",441521101201,精神分裂症\n";
    write_file(tmp / "p.csv", csv);
    import(a, ImportKind::patients, (tmp / "p.csv").string());
    TempDir other;
    auto b = fixture_workspace(other);
    import(b, ImportKind::patients, (tmp / "p.csv").string());
    const auto key_a = a.db().query_text("SELECT patient_key FROM patients");
    const auto key_b = b.db().query_text("SELECT patient_key FROM patients");
    CHECK(key_a != key_b);
    // The same file again is refused whole; another file with the same patient, per row.
    CHECK_THROWS_WITH(import(a, ImportKind::patients, (tmp / "p.csv").string()),
                      Catch::Contains("already imported") && Catch::Contains("--replace"));
    write_file(tmp / "p2.csv", csv + jw::test::fake_id_number(8) + ",441521101201,精神分裂症\n");
    const auto r = import(a, ImportKind::patients, (tmp / "p2.csv").string());
    CHECK(r.rows_rejected == 1);
    CHECK(r.rows_kept == 1);
    CHECK(a.db().query_int("SELECT count(*) FROM patients WHERE patient_key = '" + *key_a + "'") ==
          1);
}

TEST_CASE("teams need an existing base facility and well-formed hours", "[store][import]") {
    TempDir tmp;
    auto ws = fixture_workspace(tmp);
    write_file(tmp / "f.csv", "id,name,kind,unit_code\nF1,梅陇镇卫生院,乡镇卫生院,441521101\n");
    import(ws, ImportKind::facilities, (tmp / "f.csv").string());
    // The shift holds a comma: quote it as a CSV would.
    write_file(
        tmp / "t.csv",
        "id,name,base_facility_id,unit_code,members,skills,shift\n"
        "T1,梅陇镇随访组,F1,441521101,prevention_doctor:1;village_doctor:2,prevention_doctor,"
        "\"08:30-11:30,14:00-17:00\"\n"
        "T2,x,F9,441521101,,,\n"
        "T3,y,F1,441521101,,,14:00-11:00\n");
    const auto r = import(ws, ImportKind::teams, (tmp / "t.csv").string());
    CHECK(r.rows_kept == 1);
    CHECK(r.rows_rejected == 2);
    CHECK(ws.db().query_text("SELECT members FROM teams WHERE id = 'T1'") ==
          std::string(
              R"([{"count":1,"role":"prevention_doctor"},{"count":2,"role":"village_doctor"}])"));
}

TEST_CASE("a code prefix (--within) keeps only the rows of one area", "[store][import]") {
    TempDir tmp;
    auto ws = Workspace::create((tmp / "ws.sqlite").string());
    write_file(tmp / "u.csv", "code,name\n4415,汕尾市\n4416,河源市\n441521,海丰县\n");
    ImportOptions o;
    o.within = "4415";
    const auto r = import(ws, ImportKind::units, (tmp / "u.csv").string(), o);
    CHECK(r.rows_kept == 2);
    CHECK(r.rows_outside == 1);
}

TEST_CASE("a district drawn as two KML features without a code becomes one unit with --set",
          "[store][import]") {
    TempDir tmp;
    auto ws = Workspace::create((tmp / "ws.sqlite").string());
    write_file(tmp / "u.csv", "code,name\n120103,河西区\n");
    import(ws, ImportKind::units, (tmp / "u.csv").string());
    ImportOptions o;
    o.constants = {{"code", "120103"}};
    const auto r = import(ws,
                          ImportKind::units,
                          jw::test::shared_path("data/tianjin-hexi/district_outline.kml").string(),
                          o);
    CHECK(r.rows_read == 2);
    CHECK(r.rows_kept == 2);
    CHECK(r.rows_rejected == 0);
    REQUIRE_FALSE(r.warnings.empty());
    CHECK(r.warnings.back().find("merged into its area") != std::string::npos);
    // 117.2 E: the CGCS2000 GK zone with central meridian 117 E.
    CHECK(ws.crs_epsg() == 4548);
    CHECK(ws.db().query_int(
              "SELECT ST_NumGeometries(geom) FROM admin_units WHERE code = '120103000000'") == 2);
    // Hexi district is about 42 km2 (the outline is the road download extent, a little larger).
    const double km2 =
        query_double(ws, "SELECT ST_Area(geom) / 1e6 FROM admin_units WHERE code = '120103000000'");
    CHECK(km2 > 35);
    CHECK(km2 < 60);
    o.constants = {{"code", "120103"}};
    o.field_map = {{"code", "Name"}};
    CHECK_THROWS_AS(import(ws, ImportKind::units, (tmp / "u.csv").string(), o), jw::UsageError);
}

TEST_CASE("facilities and patients without coordinates import before any geometry exists",
          "[store][import]") {
    // A planner's first files are often code lists: the workspace has no CRS and so no geometry
    // columns yet, and the rows must still go in.
    TempDir tmp;
    auto ws = Workspace::create((tmp / "ws.sqlite").string());
    write_file(tmp / "units.csv", jw::test::fixture_units_csv());
    import(ws, ImportKind::units, (tmp / "units.csv").string());
    REQUIRE(ws.crs_epsg() == 0);
    write_file(tmp / "f.csv", "id,name,kind,unit_code\nF1,梅陇镇卫生院,乡镇卫生院,441521101\n");
    write_file(
        tmp / "p.csv",
        "patient_key,village_code,diagnosis\nK1,441521101201,精神分裂症\nK2,441521106201,F31\n");
    CHECK(import(ws, ImportKind::facilities, (tmp / "f.csv").string()).rows_kept == 1);
    CHECK(import(ws, ImportKind::patients, (tmp / "p.csv").string()).rows_kept == 2);
    CHECK(ws.crs_epsg() == 0);
    // Coordinates arriving later fix the CRS and the columns; earlier rows keep no location.
    write_file(tmp / "areas.geojson", jw::test::fixture_polygons_geojson());
    import(ws, ImportKind::units, (tmp / "areas.geojson").string());
    write_file(
        tmp / "p2.csv",
        "patient_key,village_code,diagnosis,lon,lat\nK3,441521101201,精神分裂症,115.31,22.91\n");
    CHECK(import(ws, ImportKind::patients, (tmp / "p2.csv").string()).rows_kept == 1);
    CHECK(ws.db().query_int("SELECT count(*) FROM patients WHERE home IS NOT NULL") == 1);
}
