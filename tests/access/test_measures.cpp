// The access measures on a 4-cell / 3-facility example worked out by hand (docs/access.md).
//
// Population P = 1000, 2000, 500, 1500; supply S = 10, 20, 5; catchment 30 min.
// Minutes (rows cells, columns facilities F0 F1 F2):
//   c0: 10  40  25
//   c1: 20  15  --   (no time: beyond the snap limit)
//   c2: 35  30   5   (c2-F1 is exactly at the catchment: inside)
//   c3: 50  28  60

#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/access/measures.hpp>
#include <jingwei/error.hpp>

using namespace jw::access;

namespace {

MinutesMatrix example() {
    const double none = std::nan("");
    return {4, 3, {10, 40, 25, 20, 15, none, 35, 30, 5, 50, 28, 60}};
}
const std::vector<double> population{1000, 2000, 500, 1500};
const std::vector<double> supply{10, 20, 5};

} // namespace

TEST_CASE("thresholds are inclusive: exactly 60 min is inside, a hair over is not", "[access]") {
    CHECK(is_within(60.0, 60));
    CHECK(is_within(3600.0 / 60.0, 60)); // seconds turned into minutes
    CHECK_FALSE(is_within(60.001, 60));
    CHECK_FALSE(is_within(std::nan(""), 60));
}

TEST_CASE("nearest facility and its time per point", "[access]") {
    const auto n = nearest(example());
    CHECK(n.facility == std::vector<long>{0, 1, 2, 1});
    CHECK(n.minutes == std::vector<double>{10, 15, 5, 28});
    const MinutesMatrix none{1, 2, {std::nan(""), std::nan("")}};
    CHECK(nearest(none).facility[0] == -1);
    CHECK(std::isnan(nearest(none).minutes[0]));
}

TEST_CASE("2SFCA on the hand example", "[access]") {
    const auto r = two_step_fca(example(), population, supply, 30);
    // Step 1: F0 reaches c0, c1 (3000 people); F1 c1, c2 (at 30), c3 (4000); F2 c0, c2 (1500).
    CHECK(r.facility_ratio[0] == Approx(10.0 / 3000));
    CHECK(r.facility_ratio[1] == Approx(20.0 / 4000));
    CHECK(r.facility_ratio[2] == Approx(5.0 / 1500));
    // Step 2: c0 reaches F0, F2; c1 F0, F1; c2 F1, F2; c3 F1.
    CHECK(r.accessibility[0] == Approx(10.0 / 3000 + 5.0 / 1500));
    CHECK(r.accessibility[1] == Approx(10.0 / 3000 + 20.0 / 4000));
    CHECK(r.accessibility[2] == Approx(20.0 / 4000 + 5.0 / 1500));
    CHECK(r.accessibility[3] == Approx(20.0 / 4000));
    // Every facility has someone in reach, so the supply is shared out exactly: sum P_i A_i = 35.
    double total = 0;
    for (std::size_t i = 0; i < 4; ++i)
        total += population[i] * r.accessibility[i];
    CHECK(total == Approx(35));
}

TEST_CASE("enhanced 2SFCA with three decay zones on the hand example", "[access]") {
    const auto r = enhanced_two_step_fca(example(), population, supply, 30);
    // Zones (0,10] 1.00, (10,20] 0.68, (20,30] 0.22: 10 min is in the first zone.
    // F0: 1000 x 1 + 2000 x 0.68 = 2360; F1: 2000 x 0.68 + 500 x 0.22 + 1500 x 0.22 = 1800;
    // F2: 1000 x 0.22 + 500 x 1 = 720.
    CHECK(r.facility_ratio[0] == Approx(10.0 / 2360));
    CHECK(r.facility_ratio[1] == Approx(20.0 / 1800));
    CHECK(r.facility_ratio[2] == Approx(5.0 / 720));
    CHECK(r.accessibility[0] == Approx(10.0 / 2360 + 0.22 * 5.0 / 720));
    CHECK(r.accessibility[1] == Approx(0.68 * 10.0 / 2360 + 0.68 * 20.0 / 1800));
    CHECK(r.accessibility[2] == Approx(0.22 * 20.0 / 1800 + 5.0 / 720));
    CHECK(r.accessibility[3] == Approx(0.22 * 20.0 / 1800));
    // Numbers: c1 gets 0.0028814 + 0.0075556.
    CHECK(r.accessibility[1] == Approx(0.010437).epsilon(1e-4));
}

TEST_CASE("decay zones parse from a weight list and split the catchment equally", "[access]") {
    const auto z = DecayZones::parse("1,0.5");
    CHECK(z.weight(30, 60) == 1.0);   // (0, 30]
    CHECK(z.weight(30.5, 60) == 0.5); // (30, 60]
    CHECK(z.weight(60, 60) == 0.5);
    CHECK(z.weight(61, 60) == 0.0);
    CHECK_THROWS_AS(DecayZones::parse("1,x"), jw::UsageError);
    CHECK_THROWS_AS(DecayZones::parse("1.5"), jw::UsageError);
}

TEST_CASE("coverage with capacity: facilities in priority order absorb the nearest first",
          "[access]") {
    // Capacities F0 1500, F1 1000, F2 5000 people; order F2, F0, F1 (largest first).
    // F2 reaches c2 (5 min) and c0 (25): takes 500 + 1000. F0 reaches c0 (covered) and c1:
    // takes 1500 of c1's 2000. F1 reaches c1 (15 min, 500 left), c3 (28), c2 (30, covered):
    // takes 500 of c1, then 500 of c3, and its capacity is used up.
    const auto r = capacity_coverage(example(), population, {1500, 1000, 5000}, {2, 0, 1}, 30);
    CHECK(r.covered == std::vector<double>{1000, 2000, 500, 500});
    CHECK(r.absorbed == std::vector<double>{1500, 1000, 1500});
    CHECK(r.first_facility == std::vector<long>{2, 0, 2, 1});
    CHECK(r.population_in_reach == std::vector<double>{3000, 4000, 1500});
    // Unlimited capacity covers everyone within reach of any facility.
    const double inf = std::numeric_limits<double>::infinity();
    const auto all = capacity_coverage(example(), population, {inf, inf, inf}, {0, 1, 2}, 30);
    CHECK(all.covered == population);
    // A 20 min catchment leaves c3 (28 min from F1) out.
    const auto short_reach =
        capacity_coverage(example(), population, {inf, inf, inf}, {0, 1, 2}, 20);
    CHECK(short_reach.covered == std::vector<double>{1000, 2000, 500, 0});
}

TEST_CASE("population-weighted mean and median minutes", "[access]") {
    // 10 min x 1, 20 min x 3, no time x 5: mean (10 + 60) / 4 = 17.5, median 20.
    const auto s = weighted_summary({10, 20, std::nan("")}, {1, 3, 5});
    CHECK(s.mean == Approx(17.5));
    CHECK(s.median == 20);
    CHECK(s.weight == 4);
    CHECK(std::isnan(weighted_summary({std::nan("")}, {1}).mean));
}
