#include "synth/fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace jw::test::synth;
using jw::test::TempDir;

TEST_CASE("jingwei synth runs the whole chain on a workspace and prints JSON", "[cli][synth]") {
    TempDir tmp;
    const auto path = (tmp / "ws.sqlite").string();
    {
        auto ws = square_county(path, true);
        add_population(ws, "441502000000", 40000);
        ws.db().exec("INSERT INTO facilities (id, name, kind, unit_code) VALUES "
                     "('T1', '乙镇卫生院', 'township_health_centre', '441502100000')");
    }
    const auto pop = jw::test::run_cli("synth population '" + path + "' --year 2020 --json");
    REQUIRE(pop.exit_code == 0);
    CHECK(nlohmann::json::parse(pop.out).at("villages_filled") == 5);
    const auto town = jw::test::run_cli("synth townships '" + path + "' --seed 3 --json");
    REQUIRE(town.exit_code == 0);
    const auto tj = nlohmann::json::parse(town.out);
    CHECK(tj.at("seed") == 3);
    CHECK(tj.at("counties").at(0).at("parts_dropped") == 1);
    REQUIRE(jw::test::run_cli("synth facilities '" + path + "' --json").exit_code == 0);
    const auto pat =
        jw::test::run_cli("synth patients '" + path + "' --prevalence 5.0 --seed 2 --json");
    REQUIRE(pat.exit_code == 0);
    const auto pj = nlohmann::json::parse(pat.out);
    CHECK(pj.at("expected_patients") == Approx(200.0));
    CHECK(pj.at("seed") == 2);
    // Again without --replace: a usage error that says what to do.
    const auto again = jw::test::run_cli("synth patients '" + path + "' --seed 2");
    CHECK(again.exit_code == 1);
    CHECK(again.err.find("--replace") != std::string::npos);
    const auto teams = jw::test::run_cli("synth teams '" + path + "' --json");
    REQUIRE(teams.exit_code == 0);
    CHECK(nlohmann::json::parse(teams.out).at("teams_created") == 1);
}

TEST_CASE("jingwei synth names a missing workspace", "[cli][synth]") {
    const auto r = jw::test::run_cli("synth patients /nonexistent/ws.sqlite");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("/nonexistent/ws.sqlite") != std::string::npos);
}
