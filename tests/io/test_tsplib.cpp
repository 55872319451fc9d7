#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/io/tsplib.hpp>
#include <sstream>

using jw::io::read_tsplib;
using jw::test::data_path;
using jw::test::shared_path;

namespace {
jw::InputError error_of(const std::string& text) {
    std::istringstream in(text);
    try {
        read_tsplib(in, "mem.tsp");
    } catch (const jw::InputError& e) {
        return e;
    }
    FAIL("no InputError for:\n" << text);
    return jw::InputError("unreachable");
}
} // namespace

TEST_CASE("TSPLIB EUC_2D distances are rounded to the nearest integer", "[io]") {
    const auto t = read_tsplib(shared_path("data/bench/tsplib/berlin52.tsp"));
    CHECK(t.name == "berlin52");
    CHECK(t.dimension == 52);
    CHECK(t.edge_weight_type == "EUC_2D");
    // nodes 1 (565,575) and 2 (25,185): sqrt(540² + 390²) = 666.1 → 666
    CHECK(t.distance(0, 1) == 666);
    CHECK(t.distance(1, 0) == 666);
    CHECK(t.distance(5, 5) == 0);
}

TEST_CASE("TSPLIB ATT and GEO follow the TSPLIB95 rules", "[io]") {
    const auto att = read_tsplib(shared_path("data/bench/tsplib/att48.tsp"));
    // nodes 1 (6734,1453) and 2 (2233,10): r = sqrt((4501² + 1443²)/10) = 1494.7 → 1495
    CHECK(att.distance(0, 1) == 1495);
    const auto geo = read_tsplib(shared_path("data/bench/tsplib/gr96.tsp"));
    CHECK(geo.edge_weight_type == "GEO");
    CHECK(geo.dimension == 96);
    CHECK(geo.distance(0, 1) == geo.distance(1, 0));
    CHECK(geo.distance(0, 1) > 0);
}

TEST_CASE("TSPLIB EXPLICIT layouts give the same matrix", "[io]") {
    const auto full = read_tsplib(data_path("routing/tiny_full.tsp"));
    const auto upper = read_tsplib(data_path("routing/tiny_upper_row.tsp"));
    const auto lower = read_tsplib(data_path("routing/tiny_lower_diag_row.tsp"));
    REQUIRE(full.dimension == 5);
    for (std::size_t a = 0; a < 5; ++a)
        for (std::size_t b = 0; b < 5; ++b) {
            CHECK(upper.distance(a, b) == full.distance(a, b));
            CHECK(lower.distance(a, b) == full.distance(a, b));
        }
    CHECK(full.distance(0, 4) == 7);
    CHECK(upper.edge_weight_format == "UPPER_ROW");
}

TEST_CASE("TSPLIB CEIL_2D rounds up", "[io]") {
    std::istringstream in("NAME: c\nTYPE: TSP\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: CEIL_2D\n"
                          "NODE_COORD_SECTION\n1 0 0\n2 1 1\nEOF\n");
    CHECK(read_tsplib(in, "c.tsp").distance(0, 1) == 2);
}

TEST_CASE("TSPLIB reader names the file and line of what is wrong", "[io]") {
    SECTION("missing file") {
        CHECK_THROWS_WITH(read_tsplib(data_path("routing/no_such.tsp")),
                          Catch::Contains("no_such.tsp") && Catch::Contains("cannot open"));
    }
    SECTION("bad header value") {
        try {
            read_tsplib(data_path("routing/bad_header.tsp"));
            FAIL("no error");
        } catch (const jw::InputError& e) {
            CHECK(e.row == 3);
            CHECK(e.field == "DIMENSION");
            CHECK(std::string(e.what()).find("bad_header.tsp:3") != std::string::npos);
        }
    }
    SECTION("truncated coordinates") {
        try {
            read_tsplib(data_path("routing/truncated.tsp"));
            FAIL("no error");
        } catch (const jw::InputError& e) {
            CHECK(e.reason.find("truncated") != std::string::npos);
            CHECK(e.row == 8); // the last line: the file ends inside the section
        }
    }
    SECTION("other faults") {
        const std::string head = "NAME: x\nTYPE: TSP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EUC_2D\n";
        CHECK(error_of("NAME: x\nTYPE: ATSP\n").field == "TYPE");
        CHECK(error_of(head + "NODE_COORD_SECTION\n1 0 0\n2 1 x\n3 2 2\n").row == 7);
        CHECK(error_of(head + "NODE_COORD_SECTION\n1 0 0\n1 1 1\n3 2 2\n").reason ==
              "node 1 listed twice");
        CHECK(error_of(head + "NODE_COORD_SECTION\n1 0 0\n2 1 1\n4 2 2\n").row == 8);
        CHECK(error_of("NAME: x\nTYPE: TSP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EUC_3D\n").field ==
              "EDGE_WEIGHT_TYPE");
        CHECK(error_of(head + "EOF\n").field == "NODE_COORD_SECTION");
        CHECK(error_of("NAME: x\nTYPE: TSP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EXPLICIT\n"
                       "EDGE_WEIGHT_FORMAT: UPPER_ROW\nEDGE_WEIGHT_SECTION\n1 2\nEOF\n")
                  .reason.find("truncated") != std::string::npos);
    }
}
