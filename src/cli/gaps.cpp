// jingwei gaps WS --profile NAME [--level county|township|village|city ...] [-o FILE]
#include "command.hpp"

#include <algorithm>
#include <iostream>
#include <jingwei/error.hpp>
#include <jingwei/io/gap_table.hpp>
#include <jingwei/policy/gaps.hpp>
#include <jingwei/policy/profile.hpp>
#include <jingwei/store/workspace.hpp>
#include <sstream>

namespace {
struct Args {
    std::string workspace, profile, output, as_of, profile_dir;
    std::vector<std::string> levels;
    int top = 15;
    bool save = false;
};

std::vector<std::string> split_levels(const std::vector<std::string>& raw) {
    std::vector<std::string> out;
    for (const auto& r : raw) {
        std::stringstream ss(r);
        std::string part;
        while (std::getline(ss, part, ','))
            if (!part.empty())
                out.push_back(part);
    }
    if (out.empty())
        out.push_back("county");
    return out;
}

void run(const Args& a, const jw::cli::Common& common) {
    const auto profile = a.profile_dir.empty() ? jw::policy::load_profile(a.profile)
                                               : jw::policy::load_profile(a.profile, a.profile_dir);
    auto ws = jw::store::Workspace::open(a.workspace, !a.save);
    const auto levels = split_levels(a.levels);
    const bool with_cells = std::find(levels.begin(), levels.end(), "cell") != levels.end();
    const auto area = jw::policy::load_area(ws, a.as_of, with_cells);
    std::vector<jw::policy::GapTable> tables;
    for (const auto& level : levels)
        tables.push_back(
            jw::policy::compute_gaps(area, profile, jw::policy::parse_gap_level(level)));
    if (a.save)
        for (const auto& t : tables)
            jw::policy::save_gaps(ws, t);
    if (!a.output.empty()) {
        jw::io::UnitGeometries geometries;
        if (a.output.size() > 5 && a.output.substr(a.output.size() - 5) == ".gpkg")
            geometries = jw::io::load_unit_geometries(ws);
        jw::io::write_gap_tables(a.output, tables, geometries);
    }
    nlohmann::json summary = nlohmann::json::array();
    for (const auto& t : tables) {
        std::map<std::string, int> by_status;
        for (const auto& r : t.rows)
            ++by_status[jw::policy::gap_status_name(r.status)];
        summary.push_back({{"level", t.level},
                           {"rows", t.rows.size()},
                           {"gap", by_status["gap"]},
                           {"unknown", by_status["unknown"]},
                           {"suppressed", by_status["suppressed"]},
                           {"met", by_status["met"]},
                           {"has_synthetic_patients", t.has_synthetic}});
    }
    if (common.json) {
        jw::cli::print_json({{"profile", profile.name},
                             {"as_of", area.as_of},
                             {"min_cell_count", profile.rules.min_cell_count},
                             {"output", a.output},
                             {"tables", summary}});
        return;
    }
    for (const auto& t : tables) {
        std::cout << "Profile " << profile.name << " (" << profile.title << "), " << t.level
                  << " level, as of " << t.as_of << "\n";
        const auto& columns = jw::io::gap_columns();
        auto col = [&](const char* key) {
            for (std::size_t i = 0; i < columns.size(); ++i)
                if (std::string(columns[i].key) == key)
                    return i;
            return std::size_t{0};
        };
        int shown = 0;
        for (const auto& r : t.rows) {
            if (r.status != jw::policy::GapStatus::gap || shown++ >= a.top)
                break;
            const auto cells = jw::io::gap_cells(r, t.min_cell_count);
            std::cout << "  " << cells[col("rank")] << ". " << cells[col("unit_name")] << " "
                      << cells[col("indicator")] << ": " << cells[col("value")] << " "
                      << cells[col("unit")] << " vs " << cells[col("target")] << " "
                      << cells[col("unit")] << " -> " << cells[col("closes_amount")] << " "
                      << cells[col("closes_what")] << "\n";
        }
        const auto& s = summary[&t - &tables[0]];
        std::cout << "  " << s["gap"].get<int>() << " gaps, " << s["unknown"].get<int>()
                  << " unknown, " << s["suppressed"].get<int>() << " suppressed, "
                  << s["met"].get<int>() << " met\n";
        if (t.has_suppressed)
            std::cout << "  Patient counts 1-" << t.min_cell_count - 1 << " are suppressed (<"
                      << t.min_cell_count << ").\n";
        if (t.has_synthetic)
            std::cout << "  The register holds SYNTHETIC patients: patient indicators are "
                         "illustrations.\n";
    }
    if (!a.output.empty())
        jw::cli::note(common, "Wrote " + a.output);
}

const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto args = std::make_shared<Args>();
        auto* c = app.add_subcommand(
            "gaps", "Indicators per unit against a policy profile: gap and what closes it");
        c->add_option("workspace", args->workspace, "workspace file")->required();
        c->add_option("--profile",
                      args->profile,
                      "profile name in data/policies (shanwei, nanjing, shanting, "
                      "yichun, tianjin, national) or a .toml path")
            ->required();
        c->add_option("--level",
                      args->levels,
                      "city, county, township, village or cell (after jingwei grid); repeat or "
                      "comma-separate "
                      "for one sheet/layer each in .xlsx/.gpkg (default county)");
        c->add_option("-o,--output",
                      args->output,
                      "write the table: .csv (UTF-8 with BOM), .md, .xlsx, .gpkg");
        c->add_option("--as-of",
                      args->as_of,
                      "YYYY-MM-DD; the period is 1 January to this day "
                      "(default: the register's latest date)");
        c->add_option(
            "--profile-dir", args->profile_dir, "folder of profile .toml files (default: bundled)");
        c->add_option("--top", args->top, "gaps to list on stdout (default 15)");
        c->add_flag("--save",
                    args->save,
                    "also keep the rows in the workspace table gap_results (for maps)");
        c->add_flag("--json", common.json, "print the summary as JSON on stdout");
        c->add_flag("-q,--quiet", common.quiet, "no notes on stderr");
        c->footer("Example:\n  jingwei gaps out/shanwei/workspace.sqlite --profile shanwei --level "
                  "county "
                  "-o out/shanwei/gaps_county.csv");
        c->callback([args, &common] { run(*args, common); });
    }};
} // namespace
