// jingwei site WS --facility rehab|beds|clinic --model pmedian|mclp|lscp|scaleup --add K
//               --threshold 30min [--demand population|patients] [--candidates townships|centres]

#include "command.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <jingwei/io/table_writer.hpp>
#include <jingwei/siting/study.hpp>

namespace {

struct SiteCli {
    std::string workspace, facility = "rehab", model = "mclp", threshold = "30min",
                           demand = "population", candidates = "townships", demand_at = "auto",
                           output;
    std::size_t add = 1;
    double capacity = 0;
    double time_limit_s = 10;
    std::uint64_t seed = 1;
    int min_count = 5;
    bool save = false;
};

/// A patient count as published: 1..k-1 become "<k" (docs/privacy.md); 0 and k+ stay.
std::string patient_count(double v, int k) {
    if (v > 0 && v < k)
        return "<" + std::to_string(k);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

std::string fixed(double v, int decimals) {
    if (!std::isfinite(v))
        return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

/// The chosen sites (new first, then existing) and the per-county before/after, as tables.
std::vector<jw::io::OutputTable> tables(const jw::siting::StudyResult& r, int epsg, int k) {
    // Counts of patients are suppressed below k; population figures are public statistics.
    const bool patients = r.options.weight == jw::siting::DemandWeight::patients;
    auto count = [&](double v) { return patients ? patient_count(v, k) : fixed(v, 0); };
    jw::io::OutputTable sites{"sites",
                              {"order",
                               "site_id",
                               "name",
                               "unit_code",
                               "status",
                               "newly_covered",
                               "x",
                               "y",
                               "travel_method"},
                              {},
                              {},
                              epsg};
    auto add_site = [&](const jw::siting::StudySite& s) {
        sites.rows.push_back({s.is_existing ? "" : std::to_string(s.order),
                              s.id,
                              s.name,
                              s.unit_code,
                              s.is_existing ? "existing" : "new",
                              s.is_existing ? "" : count(s.newly_covered),
                              fixed(s.x, 1),
                              fixed(s.y, 1),
                              r.travel_method});
        sites.points.emplace_back(std::make_pair(s.x, s.y));
    };
    for (const auto& s : r.added)
        add_site(s);
    for (const auto& s : r.existing)
        add_site(s);
    jw::io::OutputTable counties{"counties",
                                 {"county_code",
                                  "county",
                                  "weight",
                                  "covered_before",
                                  "covered_after",
                                  "share_before",
                                  "share_after",
                                  "mean_minutes_before",
                                  "mean_minutes_after",
                                  "travel_method"},
                                 {},
                                 {},
                                 0};
    for (const auto& c : r.counties)
        counties.rows.push_back(
            {c.code,
             c.name,
             count(c.weight),
             count(c.covered_before),
             count(c.covered_after),
             !patients && c.weight > 0 ? fixed(c.covered_before / c.weight, 4) : "",
             !patients && c.weight > 0 ? fixed(c.covered_after / c.weight, 4) : "",
             fixed(c.mean_minutes_before, 1),
             fixed(c.mean_minutes_after, 1),
             r.travel_method});
    return {sites, counties};
}

const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto o = std::make_shared<SiteCli>();
        auto* cmd = app.add_subcommand(
            "site",
            "Where to add rehab centres, bed sites or clinics so the most under-served "
            "people gain access (p-median, MCLP, LSCP, scaling-up)");
        cmd->add_option("workspace", o->workspace, "Workspace .sqlite file")->required();
        cmd->add_option("--facility", o->facility, "rehab | beds | clinic")->capture_default_str();
        cmd->add_option("--model",
                        o->model,
                        "pmedian (cut mean travel time), mclp (cover the most within the "
                        "threshold), lscp (fewest "
                        "sites covering all), scaleup (AccessMod-style, capacity-aware)")
            ->capture_default_str();
        cmd->add_option("--add", o->add, "New sites to add (pmedian, mclp, scaleup)")
            ->capture_default_str();
        cmd->add_option("--threshold", o->threshold, "Travel-time threshold, e.g. 30min or 1h")
            ->capture_default_str();
        cmd->add_option("--demand", o->demand, "Weight of each village: population | patients")
            ->capture_default_str();
        cmd->add_option(
               "--demand-at",
               o->demand_at,
               "Demand points: cells (of 'jingwei grid') | villages (seats) | auto (cells when a "
               "grid exists)")
            ->capture_default_str();
        cmd->add_option("--candidates",
                        o->candidates,
                        "Where new sites may go: townships (seats) | centres (health centres) | "
                        "cells (grid)")
            ->capture_default_str();
        cmd->add_option("--capacity",
                        o->capacity,
                        "Capacity of a new site in demand units (scaleup; 0 = unlimited)");
        cmd->add_option("--time-limit", o->time_limit_s, "Solver time limit, seconds")
            ->capture_default_str();
        cmd->add_option("--seed", o->seed, "Random seed")->capture_default_str();
        cmd->add_option(
               "--min-count",
               o->min_count,
               "With --demand patients, patient counts from 1 to this minus 1 are shown as <N")
            ->capture_default_str();
        cmd->add_option(
            "-o,--output",
            o->output,
            "Write sites and per-county access: FILE.gpkg (two layers), FILE.xlsx (two sheets) or "
            "FILE.csv (sites; counties in FILE_counties.csv)");
        cmd->add_flag("--save",
                      o->save,
                      "Also keep the sites and the per-county before/after in the workspace "
                      "(for 'jingwei report'); replaces an earlier study of the same facility, "
                      "model and demand");
        cmd->add_flag("-q,--quiet", common.quiet, "No progress or messages");
        cmd->add_flag("--json", common.json, "Print the result as JSON");
        cmd->footer(R"(Examples:
  jingwei site ws.sqlite --facility rehab --model lscp --threshold 30min -o out/siting/rehab.gpkg
  jingwei site ws.sqlite --facility beds --model pmedian --add 3 -o out/siting/beds.csv
  jingwei site ws.sqlite --facility rehab --model lscp --save    (kept for jingwei report)
  jingwei site ws.sqlite --facility rehab --model scaleup --add 5 --capacity 20000 --threshold 20min
Travel times come from the road network when one is imported, else straight line x detour
factor at a speed; every output says which.)");
        cmd->callback([o, &common] {
            jw::siting::StudyOptions so;
            so.need = jw::siting::parse_need(o->facility);
            so.model = jw::siting::parse_model(o->model);
            so.add = o->add;
            so.threshold_minutes = jw::siting::parse_minutes(o->threshold);
            so.weight = jw::siting::parse_demand_weight(o->demand);
            so.candidates = jw::siting::parse_candidates(o->candidates);
            so.demand_at = jw::siting::parse_demand_at(o->demand_at);
            if (o->capacity > 0)
                so.capacity = o->capacity;
            so.solver.time_limit_s = o->time_limit_s;
            so.solver.seed = o->seed;
            auto ws =
                jw::store::Workspace::open(o->workspace); // read-write: applies pending migrations
            const auto r = jw::siting::run_study(ws, so, jw::cli::progress_bar(common));
            if (o->save)
                jw::siting::save_study(ws, r);
            if (!o->output.empty()) {
                auto t = tables(r, ws.crs_epsg(), o->min_count);
                if (std::filesystem::path(o->output).extension() == ".csv") {
                    auto counties_path = std::filesystem::path(o->output);
                    counties_path.replace_filename(counties_path.stem().string() + "_counties.csv");
                    jw::io::write_tables(o->output, {t[0]});
                    jw::io::write_tables(counties_path.string(), {t[1]});
                } else {
                    jw::io::write_tables(o->output, t);
                }
            }
            const bool patients = so.weight == jw::siting::DemandWeight::patients;
            const int k = o->min_count;
            auto published = [&](double v) -> nlohmann::json {
                if (patients && v > 0 && v < k)
                    return "<" + std::to_string(k);
                return v;
            };
            auto shown = [&](double v) { return patients ? patient_count(v, k) : fixed(v, 0); };
            auto notes = r.notes;
            if (patients)
                notes.push_back("patient counts from 1 to " + std::to_string(k - 1) +
                                " are shown as <" + std::to_string(k) +
                                " (small-count suppression)");
            if (common.json) {
                nlohmann::json added = nlohmann::json::array(), counties = nlohmann::json::array();
                for (const auto& s : r.added)
                    added.push_back({{"order", s.order},
                                     {"site_id", s.id},
                                     {"name", s.name},
                                     {"unit_code", s.unit_code},
                                     {"newly_covered", published(s.newly_covered)},
                                     {"x", s.x},
                                     {"y", s.y}});
                for (const auto& c : r.counties)
                    counties.push_back(
                        {{"county_code", c.code},
                         {"county", c.name},
                         {"weight", published(c.weight)},
                         {"covered_before", published(c.covered_before)},
                         {"covered_after", published(c.covered_after)},
                         {"mean_minutes_before",
                          std::isfinite(c.mean_minutes_before)
                              ? nlohmann::json(c.mean_minutes_before)
                              : nlohmann::json()},
                         {"mean_minutes_after",
                          std::isfinite(c.mean_minutes_after) ? nlohmann::json(c.mean_minutes_after)
                                                              : nlohmann::json()}});
                nlohmann::json doc = {{"facility", o->facility},
                                      {"model", o->model},
                                      {"threshold_minutes", so.threshold_minutes},
                                      {"demand", o->demand},
                                      {"demand_at", r.demand_at},
                                      {"travel_method", r.travel_method},
                                      {"travel_label", r.travel_label},
                                      {"objective", r.solution.objective},
                                      {"proven_optimal", r.solution.is_proven_optimal},
                                      {"existing_sites", r.existing.size()},
                                      {"added", added},
                                      {"counties", counties},
                                      {"notes", notes},
                                      {"seed", o->seed}};
                if (r.solution.bound)
                    doc["bound"] = *r.solution.bound;
                if (r.solution.gap)
                    doc["gap"] = *r.solution.gap;
                jw::cli::print_json(doc);
                return;
            }
            if (common.quiet)
                return;
            std::cout << "Siting study: " << o->facility << ", " << o->model << ", threshold "
                      << so.threshold_minutes << " min, demand = " << o->demand
                      << "\nTravel times: " << r.travel_label << "\n"
                      << r.existing.size() << " existing sites; " << r.added.size() << " added"
                      << (r.solution.is_proven_optimal ? " (proven optimal)" : "") << ":\n";
            for (const auto& s : r.added)
                std::cout << "  " << s.order << ". " << s.name << " (" << s.unit_code << "): +"
                          << shown(s.newly_covered) << " within " << so.threshold_minutes
                          << " min\n";
            std::cout
                << "Per county: within threshold before -> after; mean minutes before -> after\n";
            for (const auto& c : r.counties)
                std::cout << "  " << c.name << " " << c.code.substr(0, 6) << ": "
                          << (patients       ? shown(c.covered_before)
                              : c.weight > 0 ? fixed(100 * c.covered_before / c.weight, 1) + " %"
                                             : "-")
                          << " -> "
                          << (patients       ? shown(c.covered_after)
                              : c.weight > 0 ? fixed(100 * c.covered_after / c.weight, 1) + " %"
                                             : "-")
                          << "; "
                          << (std::isfinite(c.mean_minutes_before) ? fixed(c.mean_minutes_before, 1)
                                                                   : "none")
                          << " -> " << fixed(c.mean_minutes_after, 1) << " min\n";
            for (const auto& n : notes)
                std::cout << "note: " << n << '\n';
        });
    }};
} // namespace
