#include "support.hpp"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace jw::test {

fs::path source_path(const std::string& rel) {
    return fs::path(JW_TEST_SOURCE_DIR) / rel;
}
fs::path data_path(const std::string& rel) {
    return source_path("tests/data") / rel;
}
fs::path shared_path(const std::string& rel) {
    return fs::path(JW_TEST_SHARED_DIR) / rel;
}

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    m_path = fs::temp_directory_path() /
             ("jw_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(m_path);
    fs::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

RunResult run_cli(const std::string& args) {
    return run_shell(std::string("'") + JW_TEST_CLI + "' " + args);
}

RunResult run_shell(const std::string& command) {
    TempDir tmp;
    const auto out = tmp / "stdout";
    const auto err = tmp / "stderr";
    const std::string cmd =
        command + " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
    const int status = std::system(cmd.c_str());
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out);
    r.err = read_file(err);
    return r;
}

} // namespace jw::test
