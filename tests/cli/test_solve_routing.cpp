#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>

using jw::test::run_cli;
using jw::test::shared_path;
using jw::test::TempDir;

namespace {
/// Runs a shared checker on the CLI's JSON; returns its exit status.
int check(const std::string& checker, const std::string& instance, const std::string& json) {
    TempDir tmp;
    jw::test::write_file(tmp / "result.json", json);
    const std::string cmd = "/usr/bin/python3 '" + shared_path("tools/" + checker).string() +
                            "' '" + instance + "' '" + (tmp / "result.json").string() +
                            "' >/dev/null";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
} // namespace

TEST_CASE("solve tsp prints a tour that check_tsp.py accepts", "[cli]") {
    const auto instance = shared_path("data/bench/tsplib/berlin52.tsp").string();
    const auto r = run_cli("solve tsp '" + instance +
                           "' --time-limit 0 --max-iterations 3000 --seed 3 --json");
    REQUIRE(r.exit_code == 0);
    const auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["tour"].size() == 52);
    CHECK(doc["seed"] == 3);
    CHECK(doc.contains("seconds"));
    CHECK(check("check_tsp.py", instance, r.out) == 0);
}

TEST_CASE("solve vrptw prints routes that check_vrptw.py accepts", "[cli]") {
    const auto instance = shared_path("data/bench/solomon/R101.txt").string();
    const auto r = run_cli("solve vrptw '" + instance + "' --time-limit 0.5 --json");
    REQUIRE(r.exit_code == 0);
    const auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["vehicles"] == doc["routes"].size());
    CHECK(doc["unassigned"].empty());
    CHECK(check("check_vrptw.py", instance, r.out) == 0);
}

TEST_CASE("solve with an iteration limit prints the same solution twice", "[cli]") {
    const auto instance = shared_path("data/bench/solomon/C201.txt").string();
    const std::string args =
        "solve vrptw '" + instance + "' --time-limit 0 --max-iterations 300 --seed 4";
    const auto a = nlohmann::json::parse(run_cli(args).out);
    const auto b = nlohmann::json::parse(run_cli(args).out);
    CHECK(a["routes"] == b["routes"]);
    CHECK(a["cost"] == b["cost"]);
}

TEST_CASE("solve on a missing or malformed file exits 3 and names the file", "[cli]") {
    auto r = run_cli("solve tsp /nonexistent/x.tsp");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("/nonexistent/x.tsp") != std::string::npos);
    r = run_cli("solve vrptw '" + jw::test::data_path("routing/truncated.txt").string() + "'");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("truncated.txt:17") != std::string::npos);
    CHECK(r.out.empty());
}

TEST_CASE("solve --help shows examples", "[cli]") {
    CHECK(run_cli("solve tsp --help").out.find("Examples") != std::string::npos);
    CHECK(run_cli("solve vrptw --help").out.find("Examples") != std::string::npos);
}
