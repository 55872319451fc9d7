#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <jingwei/version.hpp>

using jw::test::run_cli;

TEST_CASE("jingwei --version prints the project version", "[cli]") {
    auto r = run_cli("--version");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(jw::version) != std::string::npos);
}

TEST_CASE("jingwei --help lists the subcommands and the exit codes", "[cli]") {
    auto r = run_cli("--help");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Exit codes") != std::string::npos);
    for (const char* command :
         {"init", "import", "info", "locate", "grid", "gaps", "site", "matrix", "synth", "solve"})
        CHECK(r.out.find(std::string("  ") + command) != std::string::npos);
}

TEST_CASE("an unknown subcommand is a usage error with exit code 1", "[cli]") {
    auto r = run_cli("no-such-command");
    CHECK(r.exit_code == 1);
    CHECK_FALSE(r.err.empty());
}
