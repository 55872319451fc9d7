// jingwei due WS --month YYYY-MM [--profile NAME] [-o FILE.csv|.xlsx]: who must be visited in
// the month and why, stored in due_visits for `jingwei plan`.
#include "command.hpp"

#include <iostream>
#include <jingwei/plan/due.hpp>
#include <jingwei/policy/profile.hpp>
#include <jingwei/store/workspace.hpp>
#include <map>

namespace {
struct Args {
    std::string workspace, month, profile = "national", profile_dir, output;
};

void run(const Args& a, const jw::cli::Common& common) {
    const auto month = jw::plan::Month::parse(a.month);
    const auto profile = a.profile_dir.empty() ? jw::policy::load_profile(a.profile)
                                               : jw::policy::load_profile(a.profile, a.profile_dir);
    const auto rules = jw::plan::load_followup_rules(profile);
    auto ws = jw::store::Workspace::open(a.workspace);
    const auto list = jw::plan::compute_and_store_due(ws, month, rules);
    if (!a.output.empty())
        jw::plan::write_due_list(ws, list.visits, month, list.has_synthetic, a.output);

    std::map<std::string, long long> by_kind;
    long long overdue = 0;
    for (const auto& v : list.visits) {
        ++by_kind[jw::plan::kind_name(v.kind)];
        overdue += v.is_overdue ? 1 : 0;
    }
    const int k = profile.rules.min_cell_count;
    const auto shown = [k](long long n) { return jw::plan::shown_count(n, k); };
    if (common.json) {
        nlohmann::json kinds = nlohmann::json::object();
        for (const auto& [kind, n] : by_kind)
            kinds[kind] = shown(n);
        jw::cli::print_json({{"month", list.month},
                             {"profile", list.profile},
                             {"due", shown(static_cast<long long>(list.visits.size()))},
                             {"by_kind", kinds},
                             {"overdue", shown(overdue)},
                             {"min_cell_count", k},
                             {"synthetic", list.has_synthetic},
                             {"output", a.output}});
        return;
    }
    std::cout << "Due in " << list.month << " (profile " << list.profile
              << "): " << shown(static_cast<long long>(list.visits.size())) << " tasks\n";
    for (const auto& [kind, n] : by_kind)
        std::cout << "  " << kind << ": " << shown(n) << "\n";
    std::cout << "  overdue (deadline moved into the first days): " << shown(overdue) << "\n";
    std::cout << "  Counts 1-" << k - 1 << " are shown as <" << k << ".\n";
    if (list.has_synthetic)
        std::cout << "  The register holds SYNTHETIC patients.\n";
    if (!a.output.empty())
        jw::cli::note(common, "Wrote " + a.output);
}

const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto args = std::make_shared<Args>();
        auto* c = app.add_subcommand(
            "due", "Who must be visited in a month, with the rule and deadline (stored for plan)");
        c->add_option("workspace", args->workspace, "workspace file")->required();
        c->add_option("--month", args->month, "YYYY-MM")->required();
        c->add_option("--profile",
                      args->profile,
                      "profile with the follow-up rules (default national; shanwei, nanjing, "
                      "shanting, yichun, tianjin) or a .toml path");
        c->add_option(
            "--profile-dir", args->profile_dir, "folder of profile .toml files (default: bundled)");
        c->add_option("-o,--output",
                      args->output,
                      "write the list: .csv (UTF-8 with BOM) or .xlsx; patient keys, no identity");
        c->add_flag("--json", common.json, "print the summary as JSON on stdout");
        c->add_flag("-q,--quiet", common.quiet, "no notes on stderr");
        c->footer("Example:\n  jingwei due out/shanwei/workspace.sqlite --month 2026-12 "
                  "--profile shanwei -o out/shanwei/due_2026-12.csv");
        c->callback([args, &common] { run(*args, common); });
    }};
} // namespace
