// jingwei report WS --profile NAME -o report.html [--level L ...] [--as-of DATE]
#include "command.hpp"

#include <jingwei/error.hpp>
#include <jingwei/policy/profile.hpp>
#include <jingwei/report/report.hpp>
#include <jingwei/store/workspace.hpp>
#include <sstream>

namespace {
struct Args {
    std::string workspace, profile, profile_dir, output, as_of;
    std::vector<std::string> levels;
    std::size_t max_rows = 400;
};

void run(const Args& a, const jw::cli::Common& common) {
    const auto profile = a.profile_dir.empty() ? jw::policy::load_profile(a.profile)
                                               : jw::policy::load_profile(a.profile, a.profile_dir);
    auto ws = jw::store::Workspace::open(a.workspace, true); // a report never writes the workspace
    jw::report::ReportOptions options;
    for (const auto& raw : a.levels) {
        std::stringstream ss(raw);
        std::string part;
        while (std::getline(ss, part, ','))
            if (!part.empty())
                options.levels.push_back(part);
    }
    options.as_of = a.as_of;
    options.max_table_rows = a.max_rows;
    const auto html = jw::report::build_report(ws, profile, options);
    jw::report::write_report(a.output, html);
    if (common.json) {
        jw::cli::print_json(
            {{"profile", profile.name}, {"output", a.output}, {"bytes", html.size()}});
        return;
    }
    jw::cli::note(common,
                  "Wrote " + a.output + " (" + std::to_string(html.size() / 1024) + " KiB)");
}

const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto args = std::make_shared<Args>();
        auto* c = app.add_subcommand(
            "report",
            "One self-contained HTML report (opens without network): gap tables and map against "
            "a policy profile, access and siting results, methods and sources");
        c->add_option("workspace", args->workspace, "workspace file")->required();
        c->add_option("--profile", args->profile, "profile name in data/policies or a .toml path")
            ->required();
        c->add_option("-o,--output", args->output, "the .html file to write")->required();
        c->add_option("--level",
                      args->levels,
                      "gap levels to show (city, county, township, village, cell; repeat or "
                      "comma-separate). Default: the levels saved by 'jingwei gaps --save', else "
                      "city, county and township");
        c->add_option("--as-of",
                      args->as_of,
                      "YYYY-MM-DD, for levels computed now (saved ones keep their date)");
        c->add_option(
            "--profile-dir", args->profile_dir, "folder of profile .toml files (default: bundled)");
        c->add_option(
            "--max-rows", args->max_rows, "rows per gap table, worst first (default 400)");
        c->add_flag("--json", common.json, "print a JSON summary on stdout");
        c->add_flag("-q,--quiet", common.quiet, "no notes on stderr");
        c->footer("Example:\n  jingwei report out/shanwei/workspace.sqlite --profile shanwei -o "
                  "out/shanwei/report.html");
        c->callback([args, &common] { run(*args, common); });
    }};
} // namespace
