#pragma once
// The route solvers' search flags, one definition for every command that runs a solver.

#include <CLI/CLI.hpp>
#include <jingwei/routing/search.hpp>

#include <string>

namespace jw::cli {

/// --time-limit, --max-iterations (`step` says what one iteration of this solver is), --seed,
/// --threads, with the defaults already in `options`.
inline void add_search_options(CLI::App* c, routing::SearchOptions& options, const std::string& step) {
    c->add_option("--time-limit", options.time_limit_seconds, "seconds")->capture_default_str();
    c->add_option("--max-iterations", options.max_iterations,
                  "stop each worker after this many " + step +
                      " (0: no limit); with it and --time-limit 0 the result is reproducible")
        ->capture_default_str();
    c->add_option("--seed", options.seed, "random seed")->capture_default_str();
    c->add_option("--threads", options.threads, "independent search workers")
        ->capture_default_str()
        ->check(CLI::Range(1u, 64u));
}

} // namespace jw::cli
