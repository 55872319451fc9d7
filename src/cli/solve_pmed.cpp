// jingwei solve pmed: reads an OR-Library p-median instance and prints the solution as JSON.

#include "command.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <jingwei/io/orlib.hpp>
#include <jingwei/siting/pmedian.hpp>

namespace {

// Integral costs print as integers, as the instance's own convention.
nlohmann::json number(double value) {
    if (std::abs(value) < 9.0e15 && value == std::floor(value))
        return static_cast<std::int64_t>(value);
    return value;
}

struct PmedArgs {
    std::string file;
    double time_limit_s = 10.0;
    std::uint64_t seed = 1;
    std::int64_t max_iterations = 0;
    unsigned threads = 2;
};

void run(const PmedArgs& args) {
    const auto start = std::chrono::steady_clock::now();
    const auto instance = jw::io::read_orlib_pmedian(args.file);
    const double read_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    jw::siting::PMedianOptions options;
    // The limit covers the whole command, reading and shortest paths included; the solver gets
    // 85 % of what is left because its last step (a GLPK call, a search round) may overrun.
    options.time_limit_s = std::max(0.05, (args.time_limit_s - read_s) * 0.85 - 0.05);
    options.seed = args.seed;
    options.max_iterations = args.max_iterations;
    options.threads = args.threads;
    const auto solution =
        jw::siting::solve_pmedian(instance.problem, instance.median_count, options);
    nlohmann::json doc;
    doc["cost"] = number(solution.objective);
    auto& facilities = doc["facilities"] = nlohmann::json::array();
    for (auto j : solution.open_sites)
        facilities.push_back(j + 1);
    if (solution.bound)
        doc["bound"] = number(*solution.bound);
    if (solution.gap)
        doc["gap"] = *solution.gap;
    doc["proven_optimal"] = solution.is_proven_optimal;
    doc["method"] = solution.method;
    doc["iterations"] = solution.iterations;
    doc["seed"] = args.seed;
    doc["seconds"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    jw::cli::print_json(doc);
}

jw::cli::Registration registration{
    "solve", [](CLI::App& solve, jw::cli::Common& common) {
        auto args = std::make_shared<PmedArgs>();
        auto* cmd = solve.add_subcommand(
            "pmed", "Solve an OR-Library p-median instance (pmedN.txt) and print JSON");
        cmd->add_option("FILE", args->file, "OR-Library pmedN.txt: 'n m p' then m lines 'i j cost'")
            ->required()
            ->check(CLI::ExistingFile);
        cmd->add_option("--time-limit", args->time_limit_s, "wall-clock seconds for the whole run")
            ->capture_default_str()
            ->check(CLI::PositiveNumber);
        cmd->add_option("--seed", args->seed, "seed for the randomised search")
            ->capture_default_str();
        cmd->add_option("--max-iterations",
                        args->max_iterations,
                        "search iterations per thread (0 = until the time limit); fixes the result "
                        "for a given seed whatever the machine's speed")
            ->capture_default_str();
        cmd->add_option("--threads", args->threads, "search threads")
            ->capture_default_str()
            ->check(CLI::Range(1u, 64u));
        cmd->add_flag("--json",
                      common.json,
                      "print JSON (the only output format; accepted for "
                      "compatibility with the other solve commands)");
        cmd->footer("Prints one JSON object: cost, facilities (1-based vertex ids), bound (a lower "
                    "bound), gap, proven_optimal, seconds, seed.\n"
                    "Example: jingwei solve pmed ../shared/data/bench/pmed/pmed1.txt "
                    "--time-limit 2 --seed 1 --json");
        cmd->callback([args] { run(*args); });
    }};

} // namespace
