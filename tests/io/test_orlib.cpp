#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/io/orlib.hpp>
#include <sstream>

using jw::io::parse_orlib_pmedian;

namespace {
jw::io::OrlibPMedian parse(const std::string& text) {
    std::istringstream in(text);
    return parse_orlib_pmedian(in, "x.txt");
}

// The InputError a text raises, for checking its position.
jw::InputError error_of(const std::string& text) {
    try {
        parse(text);
    } catch (const jw::InputError& e) {
        return e;
    }
    FAIL("no InputError for: " << text);
    return jw::InputError("unreachable");
}
} // namespace

TEST_CASE("OR-Library reader: shortest paths, and the last duplicate edge counts", "[io]") {
    const auto inst = jw::io::read_orlib_pmedian(jw::test::data_path("siting/tiny_pmed.txt"));
    CHECK(inst.vertex_count == 4);
    CHECK(inst.edge_count == 5);
    CHECK(inst.median_count == 1);
    const auto& d = inst.problem.costs;
    CHECK(d(0, 1) == 3); // "2 1 3" after "1 2 10": the last one counts
    CHECK(d(0, 2) == 4); // 1-2-3
    CHECK(d(0, 3) == 5); // 1-2-3-4 beats the direct edge of 50
    CHECK(d(3, 0) == 5); // symmetric
    CHECK(d(2, 2) == 0);
    CHECK(inst.problem.demand_weights == std::vector<double>(4, 1.0));

    // Reversed order: the first line's cost is overwritten by the later one.
    const auto other = parse("2 2 1\n1 2 3\n2 1 10\n");
    CHECK(other.problem.costs(0, 1) == 10);
}

TEST_CASE("OR-Library reader ignores self-loops and blank lines", "[io]") {
    const auto inst = parse("\n3 3 1\n1 1 5\n\n1 2 2\n2 3 2\n\n");
    CHECK(inst.problem.costs(0, 2) == 4);
}

TEST_CASE("OR-Library reader names file and line of a malformed input", "[io]") {
    auto e = error_of("4 3 2\n1 2 10\n2 3 x\n3 4 1\n");
    CHECK(e.file == "x.txt");
    CHECK(e.row == 3);
    CHECK(std::string(e.what()).find("x.txt:3") == 0);

    CHECK(error_of("4 3\n").row == 1);                        // header needs three fields
    CHECK(error_of("4 2 5\n1 2 1\n2 3 1\n").row == 1);        // p > n
    CHECK(error_of("3 2 1\n1 2 1\n2 4 1\n").row == 3);        // vertex out of range
    CHECK(error_of("3 2 1\n1 2 1\n2 3 -1\n").row == 3);       // negative cost
    CHECK(error_of("3 2 1\n1 2 1\n2 3\n").row == 3);          // two fields
    CHECK(error_of("3 2 1\n1 2 1\n2 3 1\n1 3 1\n").row == 4); // more edges than declared
    CHECK(error_of("3 3 1\n1 2 1\n2 3 1\n").row == 3);        // file ends early: last line read
    CHECK(error_of("").field == "header");
    CHECK(error_of("3 1 1\n1 2 1\n").field == "graph"); // vertex 3 unreachable
    CHECK_THROWS_AS(jw::io::read_orlib_pmedian("/nonexistent/pmed.txt"), jw::InputError);
}

TEST_CASE("OR-Library reader loads pmed1 as a symmetric 100 x 100 problem", "[io]") {
    const auto inst =
        jw::io::read_orlib_pmedian(jw::test::shared_path("data/bench/pmed/pmed1.txt"));
    CHECK(inst.vertex_count == 100);
    CHECK(inst.median_count == 5);
    const auto& d = inst.problem.costs;
    REQUIRE(d.demand_count() == 100);
    REQUIRE(d.site_count() == 100);
    for (std::size_t i = 0; i < 100; ++i) {
        CHECK(d(i, i) == 0);
        for (std::size_t j = 0; j < i; ++j)
            REQUIRE(d(i, j) == d(j, i));
    }
}
