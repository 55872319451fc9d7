// jingwei solve vrptw: reads a Solomon file, runs the VRP solver (fewest vehicles, then distance),
// prints one JSON object.

#include "command.hpp"
#include "search_options.hpp"

#include <chrono>
#include <jingwei/io/solomon.hpp>
#include <jingwei/routing/vrp.hpp>
#include <memory>

namespace {

struct VrptwArgs {
    std::string file;
    jw::routing::VrpOptions options;
};

void run(const VrptwArgs& args) {
    const auto started = std::chrono::steady_clock::now();
    const auto instance = jw::io::read_solomon(args.file);
    const auto solution = jw::routing::solve_vrp(jw::io::to_problem(instance), args.options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    nlohmann::json routes = nlohmann::json::array();
    for (const auto& route : solution.routes) {
        nlohmann::json customers = nlohmann::json::array();
        for (const auto& visit : route.visits)
            customers.push_back(visit.job + 1); // job j is customer j+1; the depot is 0
        routes.push_back(customers);
    }
    nlohmann::json unassigned = nlohmann::json::array();
    for (const auto& u : solution.unassigned)
        unassigned.push_back({{"customer", u.job + 1}, {"reason", to_string(u.reason)}});
    jw::cli::print_json({{"instance", instance.name},
                         {"vehicles", solution.routes.size()},
                         {"cost", solution.cost},
                         {"seconds", seconds},
                         {"seed", args.options.search.seed},
                         {"iterations", solution.iterations},
                         {"routes", routes},
                         {"unassigned", unassigned}});
}

const jw::cli::Registration registration{
    "solve", [](CLI::App& solve, jw::cli::Common& common) {
        auto args = std::make_shared<VrptwArgs>();
        auto* c = solve.add_subcommand(
            "vrptw", "Solve a Solomon VRPTW instance (fewest vehicles first, then distance)");
        c->add_option("file", args->file, "Solomon .txt file")->required();
        jw::cli::add_search_options(c, args->options.search, "ruin-and-recreate steps");
        c->add_flag("--json", common.json, "print JSON (the only output format; kept for scripts)");
        c->footer(R"(Prints one JSON object: vehicles, cost (total Euclidean distance, unrounded),
seconds, seed, iterations, routes (customer numbers per vehicle, depot omitted), unassigned.
Examples:
  jingwei solve vrptw ../shared/data/bench/solomon/C101.txt --time-limit 10 --json
  jingwei solve vrptw R101.txt --time-limit 0 --max-iterations 5000 --seed 3 --threads 1)");
        c->callback([args] { run(*args); });
    }};

} // namespace
