// jingwei synth population WS [--year 2020] [--kind resident]
#include "command.hpp"

#include <jingwei/store/workspace.hpp>
#include <jingwei/synth/population.hpp>

namespace {
struct Args {
    std::string workspace;
    jw::synth::PopulationOptions options;
};

void run(const Args& a, const jw::cli::Common& common) {
    auto ws = jw::store::Workspace::open(a.workspace);
    const auto r = jw::synth::synthesize_population(ws, a.options, jw::cli::progress_bar(common));
    if (common.json) {
        nlohmann::json negative = nlohmann::json::array();
        for (const auto& n : r.negative_residuals)
            negative.push_back({{"code", n.code},
                                {"parent_count", n.parent_count},
                                {"known_children_sum", n.known_children_sum}});
        jw::cli::print_json({{"year", r.year},
                             {"rows_inserted", r.rows_inserted},
                             {"villages_filled", r.villages_filled},
                             {"special_units_filled", r.special_units_filled},
                             {"zero_share_units", r.zero_share_units},
                             {"units_without_count", r.units_without_count},
                             {"negative_residuals", negative}});
        return;
    }
    jw::cli::note(common,
                  "population " + std::to_string(r.year) + ": " + std::to_string(r.rows_inserted) +
                      " derived rows (derived=1), " + std::to_string(r.villages_filled) +
                      " of them villages, " + std::to_string(r.special_units_filled) +
                      " farms/forest farms/zones");
    if (r.zero_share_units > 0)
        jw::cli::note(common,
                      std::to_string(r.zero_share_units) +
                          " units got 0 because their parent's known children already "
                          "account for its whole count");
    for (const auto& n : r.negative_residuals)
        jw::cli::note(common,
                      "warning: " + n.code + ": children add up to " +
                          std::to_string(n.known_children_sum) + ", more than its count " +
                          std::to_string(n.parent_count) + "; its children without a count got 0");
    if (!r.units_without_count.empty())
        jw::cli::note(common,
                      std::to_string(r.units_without_count.size()) +
                          " units have no count and no ancestor with one; left empty "
                          "(first: " +
                          r.units_without_count.front() + ")");
}

jw::cli::Registration reg{
    "synth", [](CLI::App& synth, jw::cli::Common& common) {
        auto args = std::make_shared<Args>();
        auto* c = synth.add_subcommand(
            "population",
            "Fill missing population top-down: each parent's residual is split over its children "
            "without a count by their number of villages (rows marked derived=1)");
        c->add_option("workspace", args->workspace, "workspace file")->required();
        c->add_option("--year", args->options.year, "census year to read and write")
            ->capture_default_str();
        c->add_option("--kind", args->options.kind, "resident (常住) or registered (户籍)")
            ->capture_default_str();
        c->add_flag("--json", common.json, "print the summary as JSON on stdout");
        c->add_flag("-q,--quiet", common.quiet, "no progress or notes on stderr");
        c->footer("Example:\n  jingwei synth population out/shanwei/workspace.sqlite --year 2020");
        c->callback([args, &common] { run(*args, common); });
    }};
} // namespace
