// Exact cell areas by edge cutting, against areas worked out by hand.

#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/grid/cover.hpp>
#include <map>

using namespace jw::grid;

namespace {
std::map<std::int64_t, double> as_map(const std::vector<CellArea>& v) {
    std::map<std::int64_t, double> m;
    for (const auto& c : v)
        m[c.cell] = c.area_m2;
    return m;
}
GridSpec unit_grid(std::int64_t cols, std::int64_t rows) {
    GridSpec g;
    g.cell_m = 1;
    g.cols = cols;
    g.rows = rows;
    return g;
}
} // namespace

TEST_CASE("A rectangle off the grid lines splits into quarter and half cells", "[grid]") {
    const MultiPolygon rect = {{{{{0.5, 0.5}, {2.5, 0.5}, {2.5, 1.5}, {0.5, 1.5}}}}};
    const auto g = unit_grid(3, 2);
    const auto m = as_map(cell_areas(rect, g));
    REQUIRE(m.size() == 6);
    CHECK(m.at(g.id(0, 0)) == Approx(0.25));
    CHECK(m.at(g.id(1, 0)) == Approx(0.5));
    CHECK(m.at(g.id(2, 0)) == Approx(0.25));
    CHECK(m.at(g.id(0, 1)) == Approx(0.25));
    CHECK(m.at(g.id(1, 1)) == Approx(0.5));
    CHECK(m.at(g.id(2, 1)) == Approx(0.25));
}

TEST_CASE("A triangle's diagonal halves the cells it crosses, in either orientation", "[grid]") {
    const auto g = unit_grid(2, 2);
    for (bool clockwise : {false, true}) {
        Ring ring = {{0, 0}, {2, 0}, {0, 2}};
        if (clockwise)
            ring = {{0, 0}, {0, 2}, {2, 0}};
        const auto m = as_map(cell_areas({{{ring}}}, g));
        CHECK(m.at(g.id(0, 0)) == Approx(1.0));
        CHECK(m.at(g.id(1, 0)) == Approx(0.5));
        CHECK(m.at(g.id(0, 1)) == Approx(0.5));
        CHECK(m.count(g.id(1, 1)) == 0);
    }
}

TEST_CASE("A hole removes its area from the cells it covers", "[grid]") {
    const auto g = unit_grid(3, 3);
    const Ring shell = {{0, 0}, {3, 0}, {3, 3}, {0, 3}};
    const Ring hole = {{1, 1}, {1, 2}, {2, 2}, {2, 1}};
    const auto m = as_map(cell_areas({{{shell, hole}}}, g));
    CHECK(m.count(g.id(1, 1)) == 0);
    CHECK(m.size() == 8);
    CHECK(area({{{shell, hole}}}) == Approx(8.0));
}

TEST_CASE("Cell areas of a wiggly polygon sum to its area, on any origin and thread count",
          "[grid]") {
    // A 60-vertex star-like ring in metres far from the origin (as in a Gauss-Kruger zone).
    Ring ring;
    const double cx = 38500000.0, cy = 2540000.0;
    for (int k = 0; k < 60; ++k) {
        const double a = 2 * M_PI * k / 60;
        const double r = 7000 + 2500 * std::sin(5 * a) + 700 * std::cos(13 * a);
        ring.push_back({cx + r * std::cos(a), cy + r * std::sin(a)});
    }
    const MultiPolygon poly = {{{ring}}};
    const auto g = grid_covering(cx - 11000, cy - 11000, cx + 11000, cy + 11000, 1000);
    const auto cells = cell_areas(poly, g);
    double sum = 0;
    for (const auto& c : cells) {
        CHECK(c.area_m2 > 0);
        CHECK(c.area_m2 <= 1e6 * (1 + 1e-12));
        sum += c.area_m2;
    }
    CHECK(std::fabs(sum - area(poly)) / area(poly) < 1e-9);
    const std::vector<MultiPolygon> many(7, poly);
    const auto one = cell_areas_all(many, g, 1);
    const auto two = cell_areas_all(many, g, 2);
    REQUIRE(one.size() == 7);
    for (std::size_t i = 0; i < 7; ++i) {
        REQUIRE(one[i].size() == two[i].size());
        for (std::size_t k = 0; k < one[i].size(); ++k) {
            CHECK(one[i][k].cell == two[i][k].cell);
            CHECK(one[i][k].area_m2 == two[i][k].area_m2); // bit-identical
        }
    }
}
