#include "synth/fixture.hpp"

#include <catch2/catch.hpp>
#include <jingwei/synth/population.hpp>

using namespace jw::test::synth;
using jw::test::TempDir;

TEST_CASE("apportion splits a total exactly and in proportion", "[synth]") {
    const auto shares = jw::synth::apportion(10, {1, 1, 1});
    CHECK(shares == std::vector<std::int64_t>{4, 3, 3});
    CHECK(jw::synth::apportion(7, {0, 0}) == std::vector<std::int64_t>{4, 3});
    CHECK(jw::synth::apportion(0, {2, 5}) == std::vector<std::int64_t>{0, 0});
    const auto big = jw::synth::apportion(1000001, {3, 2, 5, 0});
    CHECK(big[0] + big[1] + big[2] + big[3] == 1000001);
    CHECK(big[3] == 0);
    CHECK(big[2] == 500001); // 500000.5 vs 300000.3 and 200000.2: the largest remainder wins
}

TEST_CASE("derived population splits the parent's residual by village count, down to villages",
          "[synth]") {
    TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string());
    add_unit(ws, "441500000000", "市", "city", "");
    add_unit(ws, "441502000000", "区", "county", "441500000000");
    add_unit(ws, "441521000000", "县", "county", "441500000000");
    add_unit(ws, "441502001000", "甲", "township", "441502000000");
    add_unit(ws, "441502002000", "乙", "township", "441502000000");
    add_unit(ws, "441502450000", "农场", "township", "441502000000"); // a 类似乡级 special unit
    for (const char* v : {"441502001001", "441502001002", "441502001003"})
        add_unit(ws, v, "村", "village", "441502001000");
    for (const char* v : {"441502002001", "441502002002"})
        add_unit(ws, v, "村", "village", "441502002000");
    add_unit(ws, "441502450001", "队", "village", "441502450000");
    add_unit(ws, "441521100000", "丙", "township", "441521000000");
    add_unit(ws, "441521100001", "村", "village", "441521100000");
    add_population(ws, "441500000000", 100000);
    add_population(ws, "441521000000", 40000);
    add_population(ws, "441502002000", 20000);

    const auto r = jw::synth::synthesize_population(ws);
    // County 区 gets 100000 − 40000; its residual 40000 goes to 甲 and 农场 by villages (3 : 1).
    auto count = [&](const std::string& code) {
        return ws.db().query_int(
            "SELECT count FROM population WHERE year = 2020 AND unit_code = '" + code + "'", -1);
    };
    CHECK(count("441502000000") == 60000);
    CHECK(count("441502001000") == 30000);
    CHECK(count("441502450000") == 10000);
    CHECK(count("441502002000") == 20000); // known: untouched
    CHECK(count("441502001001") + count("441502001002") + count("441502001003") == 30000);
    CHECK(count("441502002001") + count("441502002002") == 20000);
    CHECK(count("441521100001") == 40000);
    CHECK(r.special_units_filled == 1);
    CHECK(r.villages_filled == 7);
    CHECK(r.units_without_count.empty());
    CHECK(r.negative_residuals.empty());
    CHECK(ws.db().query_int("SELECT count(*) FROM population WHERE derived = 1 AND quality = "
                            "'derived' AND source LIKE 'derived by jingwei synth population%'") ==
          r.rows_inserted);
    CHECK(ws.db().query_int("SELECT count(*) FROM population WHERE derived = 0") == 3);
}

TEST_CASE("a negative residual is flagged and units with no counted ancestor stay empty",
          "[synth]") {
    TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string());
    add_unit(ws, "441500000000", "市", "city", "");
    add_unit(ws, "441502000000", "区", "county", "441500000000");
    add_unit(ws, "441521000000", "县", "county", "441500000000");
    add_unit(ws, "441523000000", "无", "county", ""); // an orphan without any count
    add_population(ws, "441500000000", 1000);
    add_population(ws, "441502000000", 1500);
    const auto r = jw::synth::synthesize_population(ws);
    REQUIRE(r.negative_residuals.size() == 1);
    CHECK(r.negative_residuals[0].code == "441500000000");
    CHECK(r.negative_residuals[0].known_children_sum == 1500);
    CHECK(ws.db().query_int("SELECT count FROM population WHERE unit_code = '441521000000'", -1) ==
          0);
    CHECK(r.units_without_count == std::vector<std::string>{"441523000000"});
}
