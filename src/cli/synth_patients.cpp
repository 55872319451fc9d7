// jingwei synth patients WS --prevalence 5.0 --seed N [--as-of 2026-11-30]
#include "command.hpp"

#include <cstdio>
#include <jingwei/store/workspace.hpp>
#include <jingwei/synth/patients.hpp>

namespace {
struct Args {
    std::string workspace;
    jw::synth::PatientOptions options;
};

void run(const Args& a, const jw::cli::Common& common) {
    auto ws = jw::store::Workspace::open(a.workspace);
    const auto r = jw::synth::synthesize_patients(ws, a.options, jw::cli::progress_bar(common));
    if (common.json) {
        nlohmann::json risk;
        for (const auto& [level, n] : r.by_risk)
            risk[std::to_string(level)] = n;
        jw::cli::print_json({{"seed", r.seed},
                             {"prevalence_per_mille", r.prevalence_per_mille},
                             {"as_of", r.as_of},
                             {"population_year", r.year},
                             {"villages", r.villages},
                             {"expected_patients", r.expected_patients},
                             {"patients", r.patients},
                             {"replaced", r.replaced},
                             {"without_home", r.without_home},
                             {"villages_without_population", r.villages_without_population},
                             {"by_diagnosis", r.by_diagnosis},
                             {"by_stability", r.by_stability},
                             {"by_management", r.by_management},
                             {"by_medication", r.by_medication},
                             {"by_risk", risk}});
        return;
    }
    char expected[64], rate[32];
    std::snprintf(expected, sizeof expected, "%.1f", r.expected_patients);
    std::snprintf(rate, sizeof rate, "%g", r.prevalence_per_mille);
    jw::cli::note(common,
                  std::to_string(r.patients) + " SYNTHETIC patients (synthetic=1; expected " +
                      expected + " at " + rate + "‰ of the " + std::to_string(r.year) +
                      " population) in " + std::to_string(r.villages) + " villages, seed " +
                      std::to_string(r.seed) + ", as of " + r.as_of);
    if (r.without_home > 0)
        jw::cli::note(common,
                      std::to_string(r.without_home) +
                          " patients have no home point: their village has no seat (run "
                          "'jingwei synth townships' first)");
    if (!r.villages_without_population.empty())
        jw::cli::note(common,
                      std::to_string(r.villages_without_population.size()) +
                          " villages have no population and got no patients (run 'jingwei "
                          "synth population' first)");
}

jw::cli::Registration reg{
    "synth", [](CLI::App& synth, jw::cli::Common& common) {
        auto args = std::make_shared<Args>();
        auto* c = synth.add_subcommand(
            "patients",
            "Generate a SYNTHETIC pseudonymous register (synthetic=1) at a prevalence per mille of "
            "each village's population, with distributions from data/synth/register_shape.toml");
        c->add_option("workspace", args->workspace, "workspace file")->required();
        c->add_option("--prevalence",
                      args->options.prevalence_per_mille,
                      "registered patients per 1000 residents (‰)")
            ->capture_default_str();
        c->add_option("--seed", args->options.seed, "random seed")->capture_default_str();
        c->add_option("--as-of", args->options.as_of, "date the register describes (YYYY-MM-DD)")
            ->capture_default_str();
        c->add_option("--year", args->options.year, "population year (0 = latest)")
            ->capture_default_str();
        c->add_option("--shape",
                      args->options.shape_path,
                      "distribution file (default: the bundled data/synth/register_shape.toml)");
        c->add_flag("--replace", args->options.replace, "delete earlier synthetic patients first");
        c->add_flag("--json", common.json, "print the summary as JSON on stdout");
        c->add_flag("-q,--quiet", common.quiet, "no progress or notes on stderr");
        c->footer("Example:\n  jingwei synth patients out/shanwei/workspace.sqlite --prevalence "
                  "5.0 --seed 1");
        c->callback([args, &common] { run(*args, common); });
    }};
} // namespace
