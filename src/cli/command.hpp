#pragma once
// Subcommand registration and the few things every subcommand shares (progress bar, JSON out,
// exit status). Each src/cli/<name>.cpp registers itself with a static Registration, so
// subcommands can be added without editing main.cpp.

#include <CLI/CLI.hpp>
#include <functional>
#include <jingwei/progress.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace jw::cli {

/// Exit codes, documented in docs/cli.md; only main.cpp and Outcome use them.
enum ExitCode : int {
    exit_ok = 0,
    exit_usage = 1,         // bad flags or arguments
    exit_rows_rejected = 2, // finished, but some rows went to the rejects file
    exit_input = 3,         // the input is unusable: nothing was written
    exit_environment = 4,   // a library, the disk or the system refused
    exit_internal = 5,      // a bug: please report it
};

/// Options every subcommand has.
struct Common {
    bool quiet = false;
    bool json = false;
};

/// Adds a subcommand under `parent` ("" = top level, "solve" = under `jingwei solve`).
struct Registration {
    Registration(std::string parent, std::function<void(CLI::App&, Common&)> add);
};

/// Builds the whole command tree (called by main.cpp).
void build_app(CLI::App& app, Common& common);

/// Sets the process exit status a successful subcommand wants (e.g. exit_rows_rejected).
void set_exit_status(int code);
int exit_status();

/// A GDAL-style progress bar on stderr, only when stderr is a terminal and not --quiet.
Progress progress_bar(const Common& common);

/// Prints one JSON document on stdout (pretty, UTF-8 as is).
void print_json(const nlohmann::json& doc);

/// A number with `decimals` decimals for tables; "" for NaN or infinity (no value).
std::string fixed(double value, int decimals);

/// Prints a plain-language line on stderr unless --quiet.
void note(const Common& common, const std::string& line);

} // namespace jw::cli
