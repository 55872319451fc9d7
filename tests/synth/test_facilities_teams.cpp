#include "synth/fixture.hpp"

#include <catch2/catch.hpp>
#include <jingwei/synth/facilities.hpp>
#include <jingwei/synth/teams.hpp>
#include <jingwei/synth/townships.hpp>
#include <nlohmann/json.hpp>

using namespace jw::test::synth;
using jw::test::TempDir;

namespace {
void add_facility(jw::store::Workspace& ws,
                  const std::string& id,
                  const std::string& kind,
                  const std::string& unit) {
    auto st =
        ws.db().prepare("INSERT INTO facilities (id, name, kind, unit_code) VALUES (?, ?, ?, ?)");
    st.bind(1, id).bind(2, id + "名").bind(3, kind);
    if (unit.empty())
        st.bind_null(4);
    else
        st.bind(4, unit);
    st.run();
}

jw::store::Workspace with_facilities(const std::string& path) {
    auto ws = square_county(path);
    add_facility(ws, "C1", "community_health_centre", "441502001000");
    add_facility(ws, "T1", "township_health_centre", "441502100000");
    add_facility(ws, "H1", "psychiatric_hospital", "441502000000");
    add_facility(ws, "CITY", "psychiatric_hospital", "");
    return ws;
}
} // namespace

TEST_CASE("facilities without a location get their township's or county's seat", "[synth]") {
    TempDir tmp;
    auto ws = with_facilities((tmp / "ws.sqlite").string());
    jw::synth::synthesize_townships(ws);
    const auto r = jw::synth::synthesize_facility_locations(ws);
    CHECK(r.placed_at_township == 2);
    CHECK(r.placed_at_county == 1);
    CHECK(r.unplaced == std::vector<std::string>{"CITY"});
    CHECK(ws.db().query_int(
              "SELECT count(*) FROM facilities f JOIN admin_units u ON u.code = f.unit_code "
              "WHERE u.level = 'township' AND ST_Equals(f.geom, u.seat) = 1 AND "
              "f.derived = 1 AND f.location_quality = 'derived'") == 2);
    CHECK(ws.db().query_int(
              "SELECT count(*) FROM facilities f JOIN admin_units c ON c.code = f.unit_code "
              "WHERE f.id = 'H1' AND ST_Covers(c.geom, f.geom) = 1") == 1);
    // A second run has nothing left to place, and never moves a located facility.
    const auto again = jw::synth::synthesize_facility_locations(ws);
    CHECK(again.placed_at_township + again.placed_at_county == 0);
}

TEST_CASE("one synthetic team per township or community health centre", "[synth]") {
    TempDir tmp;
    auto ws = with_facilities((tmp / "ws.sqlite").string());
    const auto r = jw::synth::synthesize_teams(ws);
    CHECK(r.teams_created == 2);
    CHECK(ws.db().query_int("SELECT count(*) FROM teams WHERE synthetic = 1") == 2);
    CHECK(*ws.db().query_text("SELECT unit_code FROM teams WHERE base_facility_id = 'T1'") ==
          "441502100000");
    const auto members = nlohmann::json::parse(
        *ws.db().query_text("SELECT members FROM teams WHERE id = 'TEAM-C1'"));
    REQUIRE(members.is_array());
    CHECK(members.at(0).at("role") == "prevention_doctor");
    CHECK(members.at(0).at("count") == 1);
    CHECK(*ws.db().query_text("SELECT skills FROM teams WHERE id = 'TEAM-C1'") ==
          "prevention_doctor,village_doctor");
    const auto again = jw::synth::synthesize_teams(ws);
    CHECK(again.teams_created == 0);
    CHECK(again.already_had_team == 2);
}
