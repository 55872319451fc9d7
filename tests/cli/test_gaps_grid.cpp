// jingwei gaps and jingwei grid from the command line: exit codes, files, messages.

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <jingwei/store/workspace.hpp>
#include <nlohmann/json.hpp>

namespace {
std::string make_workspace(const jw::test::TempDir& tmp) {
    const auto path = (tmp / "ws.sqlite").string();
    auto ws = jw::store::Workspace::create(path, "EPSG:4547");
    ws.db().exec(
        "INSERT INTO admin_units (code, name, level, geom) VALUES ('441521000000', '海丰县', "
        "'county', "
        "GeomFromText('MULTIPOLYGON(((38400000 2500000,38403000 2500000,38403000 2502000,38400000 "
        "2502000,38400000 2500000)))', 4547))");
    ws.db().exec(
        "INSERT INTO population (unit_code, year, count) VALUES ('441521000000', 2020, 736791)");
    return path;
}
} // namespace

TEST_CASE("jingwei gaps writes a CSV with a BOM and a JSON summary", "[cli][policy]") {
    jw::test::TempDir tmp;
    const auto ws = make_workspace(tmp);
    const auto csv = (tmp / "gaps.csv").string();
    const auto r = jw::test::run_cli("gaps '" + ws + "' --profile shanwei --level county -o '" +
                                     csv + "' --json");
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j.at("profile") == "shanwei");
    CHECK(j.at("tables").at(0).at("level") == "county");
    const auto text = jw::test::read_file(csv);
    REQUIRE(text.size() > 3);
    CHECK(text.compare(0, 3, "\xEF\xBB\xBF") == 0);
    CHECK(text.find("rank,level,unit_code") == 3);
    CHECK(text.find("海丰县") != std::string::npos);
    // No register: prevalence 0 against 5 ‰ of 736 791 -> 3684 to find by screening.
    CHECK(text.find("reported_prevalence") != std::string::npos);
    CHECK(text.find(",3684,") != std::string::npos);
}

TEST_CASE("jingwei gaps names a bad profile, level or output format", "[cli][policy]") {
    jw::test::TempDir tmp;
    const auto ws = make_workspace(tmp);
    const auto profile = jw::test::run_cli("gaps '" + ws + "' --profile atlantis");
    CHECK(profile.exit_code == 3);
    CHECK(profile.err.find("atlantis") != std::string::npos);
    const auto level = jw::test::run_cli("gaps '" + ws + "' --profile shanwei --level planet");
    CHECK(level.exit_code == 1);
    const auto format = jw::test::run_cli("gaps '" + ws + "' --profile shanwei -o '" +
                                          (tmp / "x.pdf").string() + "'");
    CHECK(format.exit_code == 1);
    CHECK(format.err.find(".pdf") != std::string::npos);
}

TEST_CASE("jingwei grid prints its summary as JSON", "[cli][grid]") {
    jw::test::TempDir tmp;
    const auto ws = make_workspace(tmp);
    const auto r = jw::test::run_cli("grid '" + ws + "' --cell 1000 --json");
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j.at("cells") == 6); // a 3 × 2 km county, counties as the base level
    CHECK(j.at("population_method") == "area share of county polygons");
    CHECK(j.at("population_allocated").get<double>() == Approx(736791.0));
    // Hexagons of 1 km² over the same 6 km²: every person allocated, shares exact.
    const auto hex = jw::test::run_cli("grid '" + ws + "' --cell 1000 --shape hex --json");
    REQUIRE(hex.exit_code == 0);
    const auto h = nlohmann::json::parse(hex.out);
    CHECK(h.at("shape") == "hex");
    CHECK(h.at("cells").get<int>() > 6); // the rectangle's edges cut hexagons
    CHECK(h.at("max_share_sum_error").get<double>() < 1e-9);
    CHECK(h.at("population_allocated").get<double>() == Approx(736791.0));
    const auto bad = jw::test::run_cli("grid '" + ws + "' --shape octagon");
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("octagon") != std::string::npos);
}

TEST_CASE("jingwei gaps --save keeps the rows in gap_results, unknown as NULL", "[cli][policy]") {
    jw::test::TempDir tmp;
    const auto ws = make_workspace(tmp);
    for (int run = 0; run < 2; ++run) // a re-run replaces, never duplicates
        REQUIRE(jw::test::run_cli("gaps '" + ws + "' --profile shanwei --level county --save -q")
                    .exit_code == 0);
    auto w = jw::store::Workspace::open(ws, true);
    auto& db = w.db();
    const auto rows = db.query_int(
        "SELECT count(*) FROM gap_results WHERE profile = 'shanwei' AND level = 'county'");
    CHECK(rows == db.query_int("SELECT count(DISTINCT indicator) FROM gap_results"));
    CHECK(db.query_int(
              "SELECT count(*) FROM gap_results WHERE indicator = 'psychiatric_beds' AND status = "
              "'gap' AND value = 0") == 1); // no facility at all: 0 beds, a known zero
    CHECK(db.query_int(
              "SELECT count(*) FROM gap_results WHERE indicator = 'face_to_face_rate' AND value IS "
              "NULL AND status = 'unknown'") == 1);
    CHECK(db.query_int(
              "SELECT closes_amount FROM gap_results WHERE indicator = 'reported_prevalence'") ==
          3684);
}
