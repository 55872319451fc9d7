#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>

using jw::test::run_cli;
using jw::test::shared_path;

TEST_CASE("solve pmed prints JSON that check_pmed.py accepts, at pmed1's optimum", "[cli]") {
    const auto instance = shared_path("data/bench/pmed/pmed1.txt");
    const auto r = run_cli("solve pmed '" + instance.string() +
                           "' --time-limit 30 --max-iterations 50 --seed 3 --json");
    REQUIRE(r.exit_code == 0);
    const auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["cost"] == 5819);
    CHECK(doc["facilities"].size() == 5);
    CHECK(doc["bound"] == 5819);
    CHECK(doc["gap"] == 0.0);
    CHECK(doc["seed"] == 3);
    CHECK(doc.contains("seconds"));

    jw::test::TempDir tmp;
    const auto result = tmp / "result.json";
    jw::test::write_file(result, r.out);
    const std::string check = "/usr/bin/python3 '" + shared_path("tools/check_pmed.py").string() +
                              "' '" + instance.string() + "' '" + result.string() +
                              "' --quiet >/dev/null";
    CHECK(std::system(check.c_str()) == 0);
}

TEST_CASE("solve pmed on the tiny instance honours the last duplicate edge", "[cli]") {
    const auto r = run_cli("solve pmed '" + jw::test::data_path("siting/tiny_pmed.txt").string() +
                           "' --max-iterations 5 --json");
    REQUIRE(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out)["cost"] == 6); // 13 if the first edge counted
}

TEST_CASE("solve pmed exits 3 naming file and line of a malformed instance", "[cli]") {
    const auto bad = jw::test::data_path("siting/malformed_pmed.txt").string();
    const auto r = run_cli("solve pmed '" + bad + "'");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("malformed_pmed.txt:3") != std::string::npos);
    CHECK(r.out.empty());
}

TEST_CASE("solve pmed: a missing file is a usage error, and --help shows an example", "[cli]") {
    CHECK(run_cli("solve pmed /nonexistent/pmed.txt").exit_code == 1);
    const auto help = run_cli("solve pmed --help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Example: jingwei solve pmed") != std::string::npos);
}
