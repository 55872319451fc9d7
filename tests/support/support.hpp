#pragma once
// Test support: paths to test data, temporary directories, running the CLI.

#include <filesystem>
#include <string>

namespace jw::test {

/// tests/data/<rel> in the source tree.
std::filesystem::path data_path(const std::string& rel);
/// ../shared/<rel> beside the checkout (reference data from public sources; never copied).
std::filesystem::path shared_path(const std::string& rel);
/// The project source root.
std::filesystem::path source_path(const std::string& rel = "");

/// A fresh directory removed (with its contents) when the object goes away.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

  private:
    std::filesystem::path m_path;
};

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};
/// Runs the built `jingwei` with the given argument string (shell-quoted by the caller).
RunResult run_cli(const std::string& args);
/// Runs a shell command line (e.g. GDAL's own tools, to read our outputs independently).
RunResult run_shell(const std::string& command);

/// Whole file as a string.
std::string read_file(const std::filesystem::path& p);
/// Writes a string to a file (binary, exactly these bytes).
void write_file(const std::filesystem::path& p, const std::string& bytes);

} // namespace jw::test
