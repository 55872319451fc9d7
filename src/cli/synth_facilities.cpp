// jingwei synth facilities WS
#include "command.hpp"

#include <jingwei/store/workspace.hpp>
#include <jingwei/synth/facilities.hpp>

namespace {
void run(const std::string& workspace, const jw::cli::Common& common) {
    auto ws = jw::store::Workspace::open(workspace);
    const auto r = jw::synth::synthesize_facility_locations(ws, jw::cli::progress_bar(common));
    if (common.json) {
        jw::cli::print_json({{"placed_at_township", r.placed_at_township},
                             {"placed_at_county", r.placed_at_county},
                             {"unplaced", r.unplaced}});
        return;
    }
    jw::cli::note(common,
                  std::to_string(r.placed_at_township) +
                      " facilities placed at their township's seat, " +
                      std::to_string(r.placed_at_county) +
                      " at their county's (location_quality='derived', derived=1)");
    if (!r.unplaced.empty())
        jw::cli::note(common,
                      std::to_string(r.unplaced.size()) +
                          " facilities have no township or county with a location and stay "
                          "without one (first: " +
                          r.unplaced.front() + ")");
}

jw::cli::Registration reg{
    "synth", [](CLI::App& synth, jw::cli::Common& common) {
        auto workspace = std::make_shared<std::string>();
        auto* c = synth.add_subcommand(
            "facilities",
            "Give facilities without a location their township's seat point, or their county's "
            "(location_quality='derived', derived=1)");
        c->add_option("workspace", *workspace, "workspace file")->required();
        c->add_flag("--json", common.json, "print the summary as JSON on stdout");
        c->add_flag("-q,--quiet", common.quiet, "no progress or notes on stderr");
        c->footer("Example:\n  jingwei synth facilities out/shanwei/workspace.sqlite");
        c->callback([workspace, &common] { run(*workspace, common); });
    }};
} // namespace
