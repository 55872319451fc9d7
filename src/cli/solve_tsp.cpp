// jingwei solve tsp: reads a TSPLIB file, runs the TSP solver, prints one JSON object.

#include "command.hpp"
#include "search_options.hpp"

#include <chrono>
#include <cmath>
#include <jingwei/io/tsplib.hpp>
#include <jingwei/routing/tsp.hpp>
#include <memory>

namespace {

struct TspArgs {
    std::string file;
    jw::routing::TspOptions options;
};

void run(const TspArgs& args) {
    const auto started = std::chrono::steady_clock::now();
    const auto instance = jw::io::read_tsplib(args.file);
    const auto solution = jw::routing::solve_tsp(instance.distance, args.options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    nlohmann::json tour = nlohmann::json::array();
    for (auto location : solution.tour)
        tour.push_back(location + 1); // TSPLIB node ids are 1-based
    jw::cli::print_json({{"instance", instance.name},
                         {"nodes", instance.dimension},
                         {"cost", std::llround(solution.length)},
                         {"seconds", seconds},
                         {"seed", args.options.search.seed},
                         {"iterations", solution.iterations},
                         {"tour", tour}});
}

const jw::cli::Registration registration{
    "solve", [](CLI::App& solve, jw::cli::Common& common) {
        auto args = std::make_shared<TspArgs>();
        args->options.search.time_limit_seconds = 10.0;
        auto* c = solve.add_subcommand("tsp", "Solve a TSPLIB .tsp instance (symmetric TSP)");
        c->add_option("file", args->file, "TSPLIB file (EUC_2D, CEIL_2D, ATT, GEO, EXPLICIT)")
            ->required();
        jw::cli::add_search_options(c, args->options.search, "kicks");
        c->add_flag("--json", common.json, "print JSON (the only output format; kept for scripts)");
        c->footer(R"(Prints one JSON object: cost (tour length by the TSPLIB rules), seconds, seed,
iterations, tour (1-based node ids; the return to the first node is implied).
Examples:
  jingwei solve tsp ../shared/data/bench/tsplib/berlin52.tsp --time-limit 2 --json
  jingwei solve tsp a280.tsp --time-limit 0 --max-iterations 20000 --seed 7 --threads 1)");
        c->callback([args] { run(*args); });
    }};

} // namespace
