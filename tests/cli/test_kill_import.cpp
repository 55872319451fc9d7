#include "support/support.hpp"
#include "support/workspace_fixture.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <jingwei/store/workspace.hpp>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

extern char** environ;

using jw::test::TempDir;

// A kill -9 in the middle of an import must leave the workspace exactly as it was: SQLite's
// rollback journal is replayed when the workspace is next opened.
TEST_CASE("an import killed with SIGKILL mid-write leaves the workspace as it was",
          "[cli][import]") {
    TempDir tmp;
    const auto ws = (tmp / "ws.sqlite").string();
    jw::test::write_file(tmp / "units.csv", jw::test::fixture_units_csv());
    REQUIRE(jw::test::run_cli("init '" + ws + "' -q").exit_code == 0);
    REQUIRE(jw::test::run_cli("import '" + ws + "' units '" + (tmp / "units.csv").string() + "' -q")
                .exit_code == 0);

    // 180 000 villages: long enough in the write phase to be caught there.
    std::string big = "code,name\n";
    for (int township = 100; township < 1000; ++township)
        for (int village = 1; village <= 200; ++village)
            big += "441521" + std::to_string(township) +
                   (village < 10    ? "00"
                    : village < 100 ? "0"
                                    : "") +
                   std::to_string(village) + ",村" + std::to_string(village) + "\n";
    jw::test::write_file(tmp / "big.csv", big);

    const std::string cli = JW_TEST_CLI, big_path = (tmp / "big.csv").string();
    std::vector<const char*> argv = {
        cli.c_str(), "import", ws.c_str(), "units", big_path.c_str(), "-q", nullptr};
    pid_t pid = 0;
    REQUIRE(
        posix_spawn(
            &pid, cli.c_str(), nullptr, nullptr, const_cast<char* const*>(argv.data()), environ) ==
        0);

    // The journal appears when the import's transaction first writes.
    const auto journal = tmp / "ws.sqlite-journal";
    bool writing = false;
    for (int i = 0; i < 3000 && !writing; ++i) {
        writing = std::filesystem::exists(journal);
        if (!writing)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    int status = 0;
    const bool still_running = waitpid(pid, &status, WNOHANG) == 0;
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    REQUIRE(writing);
    REQUIRE(still_running); // else the import finished first: make the file bigger
    CHECK(WIFSIGNALED(status));

    auto w = jw::store::Workspace::open(ws);
    CHECK(w.db().query_text("PRAGMA integrity_check") == std::string("ok"));
    CHECK(w.db().query_int("SELECT count(*) FROM admin_units") == 6);
    CHECK(w.db().query_int("SELECT count(*) FROM imports") == 1);
    // And it takes the next import as if nothing had happened.
    jw::test::write_file(tmp / "more.csv", "code,name\n441521107,陶河镇\n");
    CHECK(jw::test::run_cli("import '" + ws + "' units '" + (tmp / "more.csv").string() + "' -q")
              .exit_code == 0);
    CHECK(w.db().query_int("SELECT count(*) FROM admin_units") == 7);
}
