// jingwei synth teams WS
#include "command.hpp"

#include <jingwei/store/workspace.hpp>
#include <jingwei/synth/teams.hpp>

namespace {
struct Args {
    std::string workspace;
    jw::synth::TeamOptions options;
};

void run(const Args& a, const jw::cli::Common& common) {
    auto ws = jw::store::Workspace::open(a.workspace);
    const auto r = jw::synth::synthesize_teams(ws, a.options, jw::cli::progress_bar(common));
    if (common.json) {
        jw::cli::print_json({{"teams_created", r.teams_created},
                             {"already_had_team", r.already_had_team},
                             {"centres_without_unit", r.centres_without_unit}});
        return;
    }
    jw::cli::note(common,
                  std::to_string(r.teams_created) +
                      " SYNTHETIC teams (synthetic=1), one per township/community health "
                      "centre; " +
                      std::to_string(r.already_had_team) + " centres already had a team");
    if (!r.centres_without_unit.empty())
        jw::cli::note(common,
                      std::to_string(r.centres_without_unit.size()) +
                          " centres have no township: their team has no unit_code (first: " +
                          r.centres_without_unit.front() + ")");
}

jw::cli::Registration reg{
    "synth", [](CLI::App& synth, jw::cli::Common& common) {
        auto args = std::make_shared<Args>();
        auto* c = synth.add_subcommand(
            "teams", "Create one SYNTHETIC visiting team per township / community health centre");
        c->add_option("workspace", args->workspace, "workspace file")->required();
        c->add_option(
            "--shape",
            args->options.shape_path,
            "file with the [team] table (default: the bundled data/synth/register_shape.toml)");
        c->add_flag("--json", common.json, "print the summary as JSON on stdout");
        c->add_flag("-q,--quiet", common.quiet, "no progress or notes on stderr");
        c->footer("Example:\n  jingwei synth teams out/shanwei/workspace.sqlite");
        c->callback([args, &common] { run(*args, common); });
    }};
} // namespace
