#include "support/support.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/io/tsplib.hpp>
#include <jingwei/routing/random.hpp>
#include <jingwei/routing/tsp.hpp>
#include <numeric>

using namespace jw::routing;

namespace {

Matrix random_euclidean(std::size_t n, std::uint64_t seed) {
    Random random(seed);
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = static_cast<double>(random.below(1000));
        y[i] = static_cast<double>(random.below(1000));
    }
    std::vector<double> m(n * n);
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b)
            m[a * n + b] = std::round(std::hypot(x[a] - x[b], y[a] - y[b]));
    return Matrix(n, std::move(m));
}

double brute_force_length(const Matrix& d) {
    std::vector<std::size_t> perm(d.size());
    std::iota(perm.begin(), perm.end(), 0);
    double best = tour_length(d, perm);
    while (std::next_permutation(perm.begin() + 1, perm.end()))
        best = std::min(best, tour_length(d, perm));
    return best;
}

TspOptions iterations_only(std::uint64_t iterations, std::uint64_t seed = 1, unsigned threads = 1) {
    TspOptions o;
    o.search.time_limit_seconds = 0;
    o.search.max_iterations = iterations;
    o.search.seed = seed;
    o.search.threads = threads;
    return o;
}

bool is_permutation_of_all(const std::vector<std::size_t>& tour, std::size_t n) {
    std::vector<std::size_t> sorted = tour;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::size_t> expected(n);
    std::iota(expected.begin(), expected.end(), 0);
    return sorted == expected;
}

} // namespace

TEST_CASE("TSP solver matches the brute-forced optimum on small instances", "[routing]") {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        const auto d = random_euclidean(10, seed);
        const auto solution = solve_tsp(d, iterations_only(300, seed));
        CHECK(is_permutation_of_all(solution.tour, 10));
        CHECK(solution.tour.front() == 0);
        CHECK(solution.length == Approx(tour_length(d, solution.tour)));
        CHECK(solution.length == brute_force_length(d));
    }
}

TEST_CASE("TSP solver is exact below nine nodes", "[routing]") {
    const auto d = random_euclidean(8, 42);
    CHECK(solve_tsp(d, iterations_only(1)).length == brute_force_length(d));
}

TEST_CASE("TSP solver matches the brute-forced optimum on tiny_euc.tsp", "[routing]") {
    const auto instance = jw::io::read_tsplib(jw::test::data_path("routing/tiny_euc.tsp"));
    const auto solution = solve_tsp(instance.distance, iterations_only(300));
    CHECK(solution.length == brute_force_length(instance.distance));
}

TEST_CASE("TSP solver gives the same tour for the same seed, also with two workers", "[routing]") {
    const auto d = random_euclidean(200, 7);
    const auto a = solve_tsp(d, iterations_only(3000, 5, 2));
    const auto b = solve_tsp(d, iterations_only(3000, 5, 2));
    CHECK(a.tour == b.tour);
    CHECK(a.length == b.length);
    CHECK(is_permutation_of_all(a.tour, 200));
}

TEST_CASE("TSP solver reaches the berlin52 optimum", "[routing]") {
    const auto instance =
        jw::io::read_tsplib(jw::test::shared_path("data/bench/tsplib/berlin52.tsp"));
    const auto solution = solve_tsp(instance.distance, iterations_only(20000));
    CHECK(solution.length == 7542);
}

TEST_CASE("TSP solver works on a callback matrix as on a dense one", "[routing]") {
    const auto dense = random_euclidean(60, 3);
    const Matrix computed(60, [&dense](std::size_t a, std::size_t b) { return dense(a, b); });
    CHECK_FALSE(computed.is_dense());
    const auto a = solve_tsp(dense, iterations_only(500));
    const auto b = solve_tsp(computed, iterations_only(500));
    CHECK(a.tour == b.tour);
}

TEST_CASE("TSP solver refuses options without a stopping rule", "[routing]") {
    TspOptions o;
    o.search.time_limit_seconds = 0;
    o.search.max_iterations = 0;
    CHECK_THROWS_AS(solve_tsp(random_euclidean(20, 1), o), jw::UsageError);
}

TEST_CASE("Random::below is unbiased enough and stays in range", "[routing]") {
    Random random(9);
    std::vector<int> counts(6, 0);
    for (int i = 0; i < 60000; ++i)
        ++counts[random.below(6)];
    for (int c : counts)
        CHECK(std::abs(c - 10000) < 400);
    Random again(9);
    Random same(9);
    for (int i = 0; i < 100; ++i)
        CHECK(again.between(-3, 3) == same.between(-3, 3));
}

TEST_CASE("TSP solver handles one and two locations", "[routing]") {
    const auto one = solve_tsp(Matrix(1, std::vector<double>{0.0}), iterations_only(10));
    CHECK(one.tour == std::vector<std::size_t>{0});
    const auto two = solve_tsp(Matrix(2, std::vector<double>{0, 5, 5, 0}), iterations_only(10));
    CHECK(two.length == 10);
}
