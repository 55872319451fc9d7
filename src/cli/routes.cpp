// jingwei routes WS --month YYYY-MM -o DIR [--team ID ...] [--format ...] [--with-identity]:
// the month's plan as files for each team (GeoJSON/GPX/KML/CSV per day, XLSX, A4 sheets).
#include "command.hpp"

#include <iostream>
#include <jingwei/error.hpp>
#include <jingwei/plan/export.hpp>
#include <jingwei/store/workspace.hpp>
#include <sstream>

namespace {
struct Args {
    std::string workspace, month, out_dir, formats = "geojson,gpx,kml,csv,xlsx,pdf";
    std::vector<std::string> teams;
    bool with_identity = false;
};

void run(const Args& a, const jw::cli::Common& common) {
    jw::plan::RouteExportOptions o;
    o.month = a.month;
    o.out_dir = a.out_dir;
    o.teams = a.teams;
    o.with_identity = a.with_identity;
    o.formats.clear();
    std::stringstream list(a.formats);
    for (std::string f; std::getline(list, f, ',');)
        if (!f.empty())
            o.formats.insert(f);
    if (a.with_identity)
        std::cerr << "警告 Warning: --with-identity puts patients' names, addresses and phone numbers "
                     "into the route files; give each team only its own folder and destroy the "
                     "printouts after use (Mental Health Law art. 4, PIPL).\n";
    auto ws = jw::store::Workspace::open(a.workspace);
    const auto s = jw::plan::export_routes(ws, o);
    if (common.json) {
        nlohmann::json files = nlohmann::json::array();
        for (const auto& f : s.files)
            files.push_back(f.string());
        jw::cli::print_json({{"month", a.month},
                             {"teams", s.teams},
                             {"team_days", s.team_days},
                             {"visits", s.visits},
                             {"travel_source", s.travel_source},
                             {"with_identity", a.with_identity},
                             {"files", files}});
        return;
    }
    jw::cli::note(common, "Wrote " + std::to_string(s.files.size()) + " files for " +
                              std::to_string(s.teams) + " teams, " + std::to_string(s.team_days) +
                              " team-days, " + std::to_string(s.visits) + " visits to " +
                              a.out_dir + " (travel: " + s.travel_source + ")");
}

const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto args = std::make_shared<Args>();
        auto* c = app.add_subcommand(
            "routes", "Export a month's visit plan for the teams: maps, GPS files, tables, sheets");
        c->add_option("workspace", args->workspace, "workspace file")->required();
        c->add_option("--month", args->month, "the planned month, YYYY-MM")->required();
        c->add_option("-o,--output", args->out_dir, "folder; one sub-folder per team")->required();
        c->add_option("--team", args->teams, "only these team ids (repeatable)");
        c->add_option("--format", args->formats, "comma list of geojson,gpx,kml,csv,xlsx,pdf")
            ->capture_default_str();
        c->add_flag("--with-identity",
                    args->with_identity,
                    "add names, addresses and phones to each team's own files (sensitive)");
        c->add_flag("--json", common.json, "print a JSON summary on stdout");
        c->add_flag("-q,--quiet", common.quiet, "no notes on stderr");
        c->footer("Example:\n  jingwei routes out/shanwei/workspace.sqlite --month 2026-12 -o "
                  "out/shanwei/routes");
        c->callback([args, &common] { run(*args, common); });
    }};
} // namespace
