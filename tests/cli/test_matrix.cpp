// jingwei import WS roads + jingwei matrix: JSON summaries, the method column, the fallback.

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using jw::test::run_cli;
using jw::test::TempDir;
using jw::test::write_file;

namespace {
std::string q(const std::filesystem::path& p) {
    return "'" + p.string() + "'";
}
} // namespace

TEST_CASE("import roads reports the kept component and matrix answers on roads", "[cli][network]") {
    TempDir tmp;
    const auto ws = tmp / "ws.sqlite";
    REQUIRE(run_cli("init " + q(ws) + " -q").exit_code == 0);
    const auto r = run_cli("import " + q(ws) + " roads " +
                           q(jw::test::data_path("network/village.osm")) + " --json");
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["kind"] == "roads");
    CHECK(j["nodes"] == 11);
    CHECK(j["components"] == 3);
    CHECK(j["workspace_epsg"] == 4548);

    // Node 1 to node 5 of the primary road; a point 5 km away has no time.
    write_file(tmp / "from.csv", "id,x,y\nwest,117.000,39.000\n");
    write_file(tmp / "to.csv", "id,x,y\neast,117.040,39.000\nfar,117.000,39.050\n");
    const auto m = run_cli("matrix " + q(ws) + " --from " + q(tmp / "from.csv") + " --to " +
                           q(tmp / "to.csv") + " -o " + q(tmp / "t.csv") + " --json");
    REQUIRE(m.exit_code == 0);
    const auto s = nlohmann::json::parse(m.out);
    CHECK(s["method"] == "road_network");
    CHECK(s["unsnapped_to"] == nlohmann::json::array({"far"}));
    const auto csv = jw::test::read_file(tmp / "t.csv");
    CHECK(csv.rfind("from_id,to_id,travel_seconds,method\nwest,east,226.", 0) == 0);
    CHECK(csv.find("west,far,,road_network") != std::string::npos);
}

TEST_CASE("matrix without roads falls back to the straight line and says so", "[cli][network]") {
    TempDir tmp;
    const auto ws = tmp / "ws.sqlite";
    REQUIRE(run_cli("init " + q(ws) + " -q").exit_code == 0);
    write_file(tmp / "p.csv", "id,x,y\na,117.000,39.000\nb,117.010,39.000\n");
    const auto m =
        run_cli("matrix " + q(ws) + " --from " + q(tmp / "p.csv") + " --to " + q(tmp / "p.csv"));
    REQUIRE(m.exit_code == 0);
    CHECK(m.out.find("a,b,") != std::string::npos);
    CHECK(m.out.find(",straight_line\n") != std::string::npos);
    CHECK(m.out.find("road_network") == std::string::npos);
    CHECK(m.err.find("no road network loaded") != std::string::npos);
}

TEST_CASE("import roads of a missing file exits 3 and names it", "[cli][network]") {
    TempDir tmp;
    const auto ws = tmp / "ws.sqlite";
    REQUIRE(run_cli("init " + q(ws) + " -q").exit_code == 0);
    const auto r = run_cli("import " + q(ws) + " roads " + q(tmp / "missing.osm"));
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("missing.osm") != std::string::npos);
}
