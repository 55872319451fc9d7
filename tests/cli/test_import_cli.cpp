#include "support/support.hpp"
#include "support/workspace_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using jw::test::run_cli;
using jw::test::TempDir;
using jw::test::write_file;

namespace {
std::string q(const std::filesystem::path& p) {
    return "'" + p.string() + "'";
}

/// init + the fixture's units and polygons, through the CLI.
std::filesystem::path cli_workspace(const TempDir& tmp) {
    const auto ws = tmp / "ws.sqlite";
    write_file(tmp / "units.csv", jw::test::fixture_units_csv());
    write_file(tmp / "areas.geojson", jw::test::fixture_polygons_geojson());
    REQUIRE(run_cli("init " + q(ws) + " -q").exit_code == 0);
    REQUIRE(run_cli("import " + q(ws) + " units " + q(tmp / "units.csv") + " -q").exit_code == 0);
    REQUIRE(run_cli("import " + q(ws) + " units " + q(tmp / "areas.geojson") + " -q").exit_code ==
            0);
    return ws;
}
} // namespace

TEST_CASE("import exits 0 when every row went in and reports counts as JSON", "[cli]") {
    TempDir tmp;
    const auto ws = cli_workspace(tmp);
    write_file(tmp / "pop.csv",
               "code,year,population\n441521101,2020,106660\n441521106,2020,8740\n");
    const auto r = run_cli("import " + q(ws) + " population " + q(tmp / "pop.csv") + " --json");
    CHECK(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["rows_read"] == 2);
    CHECK(j["rows_kept"] == 2);
    CHECK(j["rows_rejected"] == 0);
    CHECK(j["workspace_epsg"] == 4547);
}

TEST_CASE("import exits 2 when rows were rejected and names file, row, field and reason", "[cli]") {
    TempDir tmp;
    const auto ws = cli_workspace(tmp);
    write_file(tmp / "pop.csv", "code,year,population\n441521101,2020,106660\n441521106,2020,-3\n");
    const auto r = run_cli("import " + q(ws) + " population " + q(tmp / "pop.csv"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("pop.csv:2: count: '-3' is negative") != std::string::npos);
    CHECK(std::filesystem::exists(tmp / "pop.csv.rejects.csv"));
    const auto info = nlohmann::json::parse(run_cli("info " + q(ws) + " --json").out);
    CHECK(info["tables"]["population"]["rows"] == 1);
}

TEST_CASE("import --on-error abort exits 3 and writes nothing", "[cli]") {
    TempDir tmp;
    const auto ws = cli_workspace(tmp);
    write_file(tmp / "pop.csv", "code,year,population\n441521101,2020,106660\n441521106,2020,x\n");
    const auto r =
        run_cli("import " + q(ws) + " population " + q(tmp / "pop.csv") + " --on-error abort");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("pop.csv:2: count:") != std::string::npos);
    CHECK(r.err.find("nothing was written") != std::string::npos);
    const auto info = nlohmann::json::parse(run_cli("info " + q(ws) + " --json").out);
    CHECK(info["tables"]["population"]["rows"] == 0);
    CHECK(info["imports"].size() == 2);
}

TEST_CASE("a missing input file or workspace is named on stderr with a non-zero exit", "[cli]") {
    TempDir tmp;
    const auto ws = cli_workspace(tmp);
    auto r = run_cli("import " + q(ws) + " units " + q(tmp / "nope.csv"));
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("nope.csv") != std::string::npos);
    r = run_cli("info " + q(tmp / "nowhere.sqlite"));
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("nowhere.sqlite") != std::string::npos);
    r = run_cli("import " + q(ws) + " villages " + q(tmp / "units.csv"));
    CHECK(r.exit_code == 1);
    r = run_cli("init " + q(ws));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("already exists") != std::string::npos);
}

TEST_CASE("every subcommand has --help with an example", "[cli]") {
    for (const char* cmd : {"init", "import", "info"}) {
        const auto r = run_cli(std::string(cmd) + " --help");
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("Example") != std::string::npos);
    }
}

TEST_CASE("info lists tables, CRS and the import history", "[cli]") {
    TempDir tmp;
    const auto ws = cli_workspace(tmp);
    const auto r = run_cli("info " + q(ws));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("EPSG:4547") != std::string::npos);
    CHECK(r.out.find("admin_units") != std::string::npos);
    CHECK(r.out.find("areas.geojson") != std::string::npos);
    const auto j = nlohmann::json::parse(run_cli("info " + q(ws) + " --json").out);
    CHECK(j["tables"]["admin_units"]["rows"] == 6);
    CHECK(j["extent"].size() == 4);
}

TEST_CASE("the workspace opens in GDAL with every geometry column and its CRS", "[cli]") {
    TempDir tmp;
    const auto ws = cli_workspace(tmp);
    const std::string cmd = "ogrinfo -ro -so " + q(ws) + " > " + q(tmp / "ogr.txt") + " 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const auto text = jw::test::read_file(tmp / "ogr.txt");
    CHECK(text.find("admin_units (Multi Polygon, Point)") != std::string::npos);
    CHECK(text.find("facilities (Point)") != std::string::npos);
    CHECK(text.find("patients (Point)") != std::string::npos);
    const std::string layer =
        "ogrinfo -ro -so " + q(ws) + " facilities > " + q(tmp / "f.txt") + " 2>&1";
    REQUIRE(std::system(layer.c_str()) == 0);
    CHECK(jw::test::read_file(tmp / "f.txt").find("4547") != std::string::npos);
}
