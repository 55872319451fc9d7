// Every class of bad input of issue 10, each with its file in tests/data/bad/: what is reported
// (file, row, field, reason) and what the workspace holds afterwards.

#include "support/support.hpp"
#include "support/workspace_fixture.hpp"

#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/io/table_reader.hpp>
#include <jingwei/store/import.hpp>

using namespace jw::store;
using jw::test::TempDir;
using jw::test::write_file;

namespace {

struct Fixture {
    TempDir tmp;
    Workspace ws;
    Fixture() : ws(Workspace::create((tmp / "ws.sqlite").string())) {
        write_file(tmp / "units.csv", jw::test::fixture_units_csv());
        write_file(tmp / "areas.geojson", jw::test::fixture_polygons_geojson());
        run(ImportKind::units, tmp / "units.csv");
        run(ImportKind::units, tmp / "areas.geojson");
    }
    /// Copies a bad file next to the workspace (its rejects file lands there) and imports it.
    ImportResult bad(ImportKind kind, const std::string& name, ImportOptions o = {}) {
        const auto copy = tmp / name;
        std::filesystem::copy_file(jw::test::data_path("bad/" + name),
                                   copy,
                                   std::filesystem::copy_options::overwrite_existing);
        return run(kind, copy, o);
    }
    ImportResult run(ImportKind kind, const std::filesystem::path& file, ImportOptions o = {}) {
        o.file = file.string();
        return import_file(ws, kind, o);
    }
    std::int64_t count(const std::string& table) {
        return ws.db().query_int("SELECT count(*) FROM " + table);
    }
    std::string rejects_text(const ImportResult& r) { return jw::test::read_file(r.rejects_file); }
};

/// The InputError an import throws, for asserting its parts.
template <typename F> jw::InputError input_error(F&& f) {
    try {
        f();
    } catch (const jw::InputError& e) {
        return e;
    }
    FAIL("expected an InputError");
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("bad input: GB18030 without BOM and UTF-8 with BOM read the same", "[bad][import]") {
    Fixture f;
    const auto gbk = f.bad(ImportKind::units, "units_gbk_nobom.csv");
    CHECK(gbk.encoding == "gb18030");
    CHECK(f.ws.db().query_text("SELECT name FROM admin_units WHERE code = '441521107201'") ==
          std::string("南山村委会"));
    Fixture g;
    const auto bom = g.bad(ImportKind::units, "units_utf8_bom.csv");
    CHECK(bom.encoding == "utf-8");
    CHECK(bom.rows_kept == 2);
    CHECK(g.ws.db().query_text("SELECT name FROM admin_units WHERE code = '441521107000'") ==
          std::string("陶河镇"));
}

TEST_CASE("bad input: mixed encodings and invalid bytes name the line and byte offset",
          "[bad][import]") {
    Fixture f;
    const auto before = f.count("admin_units");
    auto mixed = input_error([&] { f.bad(ImportKind::units, "units_mixed_encoding.csv"); });
    CHECK(mixed.row == 3);
    CHECK(mixed.reason.find("UTF-8 but the lines before it are GB18030") != std::string::npos);
    CHECK(mixed.reason.find("offset 27") != std::string::npos); // 10 + 17 bytes precede line 3
    auto invalid = input_error([&] { f.bad(ImportKind::units, "units_invalid_bytes.csv"); });
    CHECK(invalid.row == 3);
    CHECK(std::string(invalid.what()).find("units_invalid_bytes.csv:3: byte 0xff at offset 36") !=
          std::string::npos);
    CHECK(f.count("admin_units") == before);
}

TEST_CASE("bad input: a missing required column and an unknown mapping are refused whole",
          "[bad][import]") {
    Fixture f;
    auto missing =
        input_error([&] { f.bad(ImportKind::facilities, "facilities_missing_column.csv"); });
    CHECK(missing.field == "kind");
    CHECK(missing.row == 0);
    CHECK(missing.reason.find("the file has id, name, unit_code") != std::string::npos);
    ImportOptions o;
    o.field_map = {{"kind", "类型"}};
    CHECK_THROWS_WITH(f.bad(ImportKind::facilities, "facilities_missing_column.csv", o),
                      Catch::Contains("no column '类型'"));
    CHECK(f.count("facilities") == 0);
}

TEST_CASE("bad input: empty, header-only and truncated files", "[bad][import]") {
    Fixture f;
    CHECK_THROWS_WITH(f.bad(ImportKind::population, "empty.csv"),
                      Catch::Contains("empty.csv") && Catch::Contains("empty"));
    CHECK_THROWS_WITH(f.bad(ImportKind::population, "population_header_only.csv"),
                      Catch::Contains("header but no rows"));
    // Cut mid-row: the whole rows stay, the cut ones are rejected with the reason.
    const auto cut = f.bad(ImportKind::population, "population_truncated.csv");
    CHECK(cut.rows_kept == 1);
    REQUIRE(cut.rejects.size() == 2);
    CHECK(cut.rejects[0].row == 2);
    CHECK(cut.rejects[0].reason.find("2 of the header's 3 columns") != std::string::npos);
    CHECK(cut.rejects[1].row == 3);
    CHECK(f.ws.db().query_int("SELECT count FROM population") == 106660);
    auto quote = input_error([&] { f.bad(ImportKind::units, "units_quote_cut.csv"); });
    CHECK(quote.row == 3);
    CHECK(quote.reason.find("ends inside a quoted value") != std::string::npos);
    auto json = input_error([&] { f.bad(ImportKind::units, "units_truncated.geojson"); });
    CHECK(json.file.find("units_truncated.geojson") != std::string::npos);
    CHECK(json.reason.find("GDAL cannot read it") != std::string::npos);
    CHECK(f.count("population") == 1);
}

TEST_CASE("bad input: an XLSX with several sheets needs --layer", "[bad][import]") {
    Fixture f;
    CHECK_THROWS_WITH(f.bad(ImportKind::units, "units_two_sheets.xlsx"),
                      Catch::Contains("村居") && Catch::Contains("备注") &&
                          Catch::Contains("--layer"));
    ImportOptions o;
    o.layer = "村居";
    const auto r = f.bad(ImportKind::units, "units_two_sheets.xlsx", o);
    CHECK(r.rows_updated == 2);
}

TEST_CASE("bad input: non-numeric and negative counts, malformed codes", "[bad][import]") {
    Fixture f;
    const auto r = f.bad(ImportKind::facilities, "facilities_bad_values.csv");
    CHECK(r.rows_kept == 1);
    REQUIRE(r.rejects.size() == 3);
    CHECK(r.rejects[0].row == 1);
    CHECK(r.rejects[0].reason == "beds_authorised: '十二' is not a count (a whole number)");
    CHECK(r.rejects[1].reason == "psychiatrists: '-1' is negative; a count cannot be");
    CHECK(r.rejects[2].reason.find("unit_code: '4415211' has 7 digits") == 0);
    CHECK(f.ws.db().query_text("SELECT id FROM facilities") == std::string("F4"));
    // The rejects file holds the original rows and the reasons, ready to fix and re-import.
    const auto text = f.rejects_text(r);
    CHECK(text.find("id,name,kind,unit_code,beds,psychiatrists,reason\n") == 0);
    CHECK(text.find("F1,梅陇镇卫生院,乡镇卫生院,441521101,十二,1,row 1: beds_authorised") !=
          std::string::npos);
}

TEST_CASE("bad input: risk out of range, unknown diagnosis, bad code and date; all date forms",
          "[bad][import]") {
    Fixture f;
    const auto r = f.bad(ImportKind::patients, "patients_bad_values.csv");
    REQUIRE(r.rejects.size() == 4);
    CHECK(r.rejects[0].reason == "risk_level: '7' is not a risk level 0-5");
    CHECK(r.rejects[1].reason.find("diagnosis: '抑郁症' is not a known diagnosis") == 0);
    CHECK(r.rejects[2].reason.find("village_code: '44152110120' has 11 digits") == 0);
    CHECK(r.rejects[3].reason == "last_visit_date: '2025-02-30' is not a real calendar date");
    CHECK(f.ws.db().query_int(
              "SELECT count(*) FROM patients WHERE last_visit_date = '2025-03-01'") == 4);
    CHECK(f.ws.db().query_int("SELECT risk_level FROM patients WHERE patient_key = 'K7'") == 3);
}

TEST_CASE("bad input: an invalid polygon is repaired and reported", "[bad][import]") {
    Fixture f;
    const auto r = f.bad(ImportKind::units, "units_invalid_polygon.geojson");
    CHECK(r.rows_updated == 1);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].find(
              "units_invalid_polygon.geojson:1: invalid geometry repaired (Self-intersection") !=
          std::string::npos);
    CHECK(f.ws.db().query_int(
              "SELECT ST_IsValid(geom) FROM admin_units WHERE code = '441521101201'") == 1);
}

TEST_CASE("bad input: an empty geometry is rejected, the other rows kept", "[bad][import]") {
    Fixture f;
    const auto r = f.bad(ImportKind::units, "units_empty_geometry.geojson");
    CHECK(r.rows_updated == 1);
    REQUIRE(r.rejects.size() == 1);
    CHECK(r.rejects[0].row == 1);
    CHECK(r.rejects[0].reason == "geometry: the feature has no geometry (empty or null)");
}

TEST_CASE("bad input: swapped latitude and longitude are refused with the fix", "[bad][import]") {
    Fixture f;
    const auto r = f.bad(ImportKind::facilities, "facilities_swapped_latlon.csv");
    CHECK(r.rows_kept == 1);
    REQUIRE(r.rejects.size() == 1);
    CHECK(r.rejects[0].reason.find("longitude and latitude look swapped") != std::string::npos);
}

TEST_CASE("bad input: GCJ-02 points declared as WGS84 raise a warning naming the fix",
          "[bad][import]") {
    Fixture f;
    const auto r = f.bad(ImportKind::patients, "patients_gcj02_declared_wgs84.csv");
    CHECK(r.rows_kept == 20);
    bool warned = false;
    for (const auto& w : r.warnings)
        warned = warned || (w.find("look like GCJ-02") != std::string::npos &&
                            w.find("--crs gcj02") != std::string::npos);
    CHECK(warned);
    // Imported again the right way, every home is in the village its code names.
    ImportOptions o;
    o.crs = "gcj02";
    o.replace = true;
    const auto again = f.bad(ImportKind::patients, "patients_gcj02_declared_wgs84.csv", o);
    CHECK(again.rows_replaced == 20);
    CHECK(f.ws.db().query_int("SELECT count(*) FROM patients WHERE location_issue IS NULL AND "
                              "village_code = '441521101201'") == 20);
    for (const auto& w : again.warnings)
        CHECK(w.find("look like") == std::string::npos);
}

TEST_CASE("bad input: points outside the area are kept and flagged, or rejected without a code",
          "[bad][import]") {
    Fixture f;
    const auto r = f.bad(ImportKind::patients, "patients_outside_area.csv");
    CHECK(r.rows_kept == 2);
    REQUIRE(r.rejects.size() == 1);
    CHECK(r.rejects[0].row == 3);
    CHECK(f.ws.db().query_int(
              "SELECT count(*) FROM patients WHERE location_issue = 'outside_area'") == 1);
}

TEST_CASE("bad input: duplicate patient keys and facility ids; a file imported twice",
          "[bad][import]") {
    Fixture f;
    const auto p = f.bad(ImportKind::patients, "patients_duplicate_keys.csv");
    CHECK(p.rows_kept == 2);
    REQUIRE(p.rejects.size() == 1);
    CHECK(p.rejects[0].row == 3);
    CHECK(p.rejects[0].reason.find("same patient appears twice in the file (first at row 1)") !=
          std::string::npos);
    const auto d = f.bad(ImportKind::facilities, "facilities_duplicate_ids.csv");
    CHECK(d.rows_kept == 2);
    REQUIRE(d.rejects.size() == 1);
    CHECK(d.rejects[0].reason == "id: 'F1' appears twice in the file (first at row 1)");
    // Twice: refused whole, nothing changes; with --replace the earlier rows are replaced.
    const auto imports = f.count("imports");
    CHECK_THROWS_WITH(f.bad(ImportKind::facilities, "facilities_duplicate_ids.csv"),
                      Catch::Contains("already imported"));
    CHECK(f.count("imports") == imports);
    CHECK(f.count("facilities") == 2);
    ImportOptions o;
    o.replace = true;
    const auto again = f.bad(ImportKind::facilities, "facilities_duplicate_ids.csv", o);
    CHECK(again.rows_replaced == 2);
    CHECK(again.rows_kept == 2);
    CHECK(f.count("facilities") == 2);
}
