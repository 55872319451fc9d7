// jingwei access WS --facility psych_beds|psychiatrist|rehab|clinic [--threshold 30,60]
//   [--method nearest,2sfca,e2sfca,coverage] [--level cell|village|township|county] [-o FILE]

#include "command.hpp"

#include <cmath>
#include <cstdio>
#include <jingwei/access/study.hpp>
#include <jingwei/error.hpp>
#include <jingwei/io/table_writer.hpp>
#include <jingwei/siting/study.hpp>
#include <sstream>

namespace {

struct AccessCli {
    std::string workspace, facility, thresholds = "30,60", methods = "all", level = "township",
                                     output, profile = "national", weights;
    double catchment = 0, capacity = 0;
    bool include_planned = false, no_isochrones = false, no_referrals = false, no_save = false;
    unsigned threads = 2;
};

using jw::cli::fixed;

std::string minutes_label(double t) {
    return fixed(t, t == std::floor(t) ? 0 : 1);
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

jw::io::OutputTable unit_table(const jw::access::AccessResult& r) {
    const auto& o = r.options;
    jw::io::OutputTable t;
    t.name = "access_" + jw::access::level_name(o.level);
    t.epsg = r.epsg;
    t.columns = {
        "unit_code", "name", "population", "mean_min", "median_min", "unreachable_population"};
    for (const double th : o.thresholds_min) {
        t.columns.push_back("population_within_" + minutes_label(th) + "min");
        t.columns.push_back("share_within_" + minutes_label(th) + "min");
    }
    t.columns.push_back("patients");
    for (const double th : o.thresholds_min)
        t.columns.push_back("patients_within_" + minutes_label(th) + "min");
    if (o.fca2)
        t.columns.push_back("access_2sfca");
    if (o.e2sfca)
        t.columns.push_back("access_e2sfca");
    if (o.coverage) {
        t.columns.push_back("covered");
        t.columns.push_back("uncovered");
        t.columns.push_back("coverage_share");
    }
    t.columns.push_back("travel_method");
    for (const auto& u : r.units) {
        std::vector<std::string> row{u.code,
                                     u.name,
                                     fixed(u.population, 0),
                                     fixed(u.mean_min, 1),
                                     fixed(u.median_min, 1),
                                     fixed(u.unreachable_population, 0)};
        for (std::size_t k = 0; k < o.thresholds_min.size(); ++k) {
            row.push_back(fixed(u.population_within[k], 0));
            row.push_back(u.population > 0 ? fixed(u.population_within[k] / u.population, 3) : "");
        }
        row.push_back(
            jw::access::shown_count(u.patients,
                                    jw::access::is_small_count(u.patients, r.min_cell_count),
                                    r.min_cell_count));
        for (const auto n : u.patients_within)
            row.push_back(jw::access::shown_count(
                n,
                jw::access::is_suppressed_within(n, u.patients, r.min_cell_count),
                r.min_cell_count));
        if (o.fca2)
            row.push_back(fixed(u.access_2sfca, 3));
        if (o.e2sfca)
            row.push_back(fixed(u.access_e2sfca, 3));
        if (o.coverage) {
            row.push_back(fixed(u.covered, 0));
            row.push_back(fixed(u.population - u.covered, 0));
            row.push_back(u.population > 0 ? fixed(u.covered / u.population, 3) : "");
        }
        row.push_back(r.travel_method);
        t.rows.push_back(std::move(row));
        t.points.push_back(u.point);
    }
    return t;
}

jw::io::OutputTable point_table(const jw::access::AccessResult& r) {
    const auto& o = r.options;
    jw::io::OutputTable t;
    t.name = r.demand_at == "cells" ? "access_cells" : "access_villages";
    t.epsg = r.epsg;
    t.columns = {"point_id", "unit_code", "population", "nearest_facility_id", "nearest_min"};
    for (const double th : o.thresholds_min)
        t.columns.push_back("within_" + minutes_label(th) + "min");
    if (o.fca2)
        t.columns.push_back("access_2sfca");
    if (o.e2sfca)
        t.columns.push_back("access_e2sfca");
    if (o.coverage)
        t.columns.push_back("covered");
    t.columns.push_back("travel_method");
    for (const auto& p : r.points) {
        std::vector<std::string> row{
            p.id, p.unit_code, fixed(p.population, 1), p.nearest_id, fixed(p.nearest_min, 1)};
        for (const double th : o.thresholds_min)
            row.push_back(jw::access::is_within(p.nearest_min, th) ? "1" : "0");
        if (o.fca2)
            row.push_back(fixed(p.access_2sfca, 3));
        if (o.e2sfca)
            row.push_back(fixed(p.access_e2sfca, 3));
        if (o.coverage)
            row.push_back(fixed(p.covered, 1));
        row.push_back(r.travel_method);
        t.rows.push_back(std::move(row));
        t.points.emplace_back(std::make_pair(p.x, p.y));
    }
    return t;
}

jw::io::OutputTable facility_table(const jw::access::AccessResult& r) {
    jw::io::OutputTable t{"access_facilities",
                          {"facility_id",
                           "name",
                           "kind",
                           "supply",
                           "ratio_2sfca",
                           "ratio_e2sfca",
                           "capacity_people",
                           "priority",
                           "population_in_reach",
                           "absorbed",
                           "travel_method"},
                          {},
                          {},
                          r.epsg};
    for (const auto& f : r.facilities) {
        t.rows.push_back({f.id,
                          f.name,
                          f.kind,
                          fixed(f.supply, 0),
                          r.options.fca2 ? fixed(f.ratio_2sfca, 3) : "",
                          r.options.e2sfca ? fixed(f.ratio_e2sfca, 3) : "",
                          r.options.coverage ? fixed(f.capacity_people, 0) : "",
                          r.options.coverage ? std::to_string(f.priority) : "",
                          r.options.coverage ? fixed(f.population_in_reach, 0) : "",
                          r.options.coverage ? fixed(f.absorbed, 0) : "",
                          r.travel_method});
        t.points.emplace_back(std::make_pair(f.x, f.y));
    }
    return t;
}

jw::io::OutputTable referral_table(const jw::access::AccessResult& r) {
    jw::io::OutputTable t{"access_referrals",
                          {"from_facility_id",
                           "from_name",
                           "to_facility_id",
                           "to_name",
                           "kind",
                           "minutes",
                           "travel_method"},
                          {},
                          {},
                          r.epsg};
    for (const auto& f : r.referrals) {
        t.rows.push_back({f.from_id,
                          f.from_name,
                          f.to_id,
                          f.to_name,
                          f.kind,
                          fixed(f.minutes, 1),
                          r.travel_method});
        t.points.emplace_back(std::make_pair(f.from_x, f.from_y));
    }
    return t;
}

void run(const AccessCli& a, const jw::cli::Common& common) {
    jw::access::AccessOptions o;
    o.facility = jw::access::parse_facility_kind(a.facility);
    o.level = jw::access::parse_level(a.level);
    o.thresholds_min.clear();
    for (const auto& t : split(a.thresholds))
        o.thresholds_min.push_back(jw::siting::parse_minutes(t));
    if (a.catchment > 0)
        o.catchment_min = a.catchment;
    if (a.methods != "all") {
        o.nearest = o.fca2 = o.e2sfca = o.coverage = false;
        for (const auto& m : split(a.methods)) {
            if (m == "nearest")
                o.nearest = true;
            else if (m == "2sfca")
                o.fca2 = true;
            else if (m == "e2sfca")
                o.e2sfca = true;
            else if (m == "coverage")
                o.coverage = true;
            else
                throw jw::UsageError("--method: '" + m +
                                     "' is not one of nearest, 2sfca, e2sfca, coverage, all");
        }
    }
    o.people_per_supply = a.capacity;
    o.profile = a.profile;
    if (!a.weights.empty())
        o.zones = jw::access::DecayZones::parse(a.weights);
    o.include_planned = a.include_planned;
    o.isochrones = !a.no_isochrones;
    o.referrals = !a.no_referrals;
    o.threads = a.threads;
    o.save = !a.no_save;

    auto ws = jw::store::Workspace::open(a.workspace);
    const auto r = jw::access::run_access(ws, o, jw::cli::progress_bar(common));
    if (o.save)
        jw::access::save_access(ws, r);
    if (!a.output.empty()) {
        const bool csv = a.output.size() >= 4 && a.output.substr(a.output.size() - 4) == ".csv";
        const auto primary = o.level == jw::access::Level::cell ? point_table(r) : unit_table(r);
        if (csv)
            jw::io::write_tables(a.output, {primary});
        else if (o.level == jw::access::Level::cell)
            jw::io::write_tables(a.output, {primary, facility_table(r), referral_table(r)});
        else
            jw::io::write_tables(a.output,
                                 {primary, point_table(r), facility_table(r), referral_table(r)});
    }

    double within_first = 0, covered = 0;
    for (const auto& p : r.points) {
        if (jw::access::is_within(p.nearest_min, r.options.thresholds_min.front()))
            within_first += p.population;
        covered += p.covered;
    }
    if (common.json) {
        nlohmann::json units = nlohmann::json::array();
        for (const auto& u : r.units) {
            nlohmann::json within = nlohmann::json::object();
            for (std::size_t k = 0; k < r.options.thresholds_min.size(); ++k)
                within[minutes_label(r.options.thresholds_min[k])] = {
                    {"population", u.population_within[k]},
                    {"patients",
                     jw::access::shown_count(u.patients_within[k],
                                             jw::access::is_suppressed_within(u.patients_within[k],
                                                                              u.patients,
                                                                              r.min_cell_count),
                                             r.min_cell_count)}};
            units.push_back(
                {{"code", u.code},
                 {"name", u.name},
                 {"population", u.population},
                 {"patients",
                  jw::access::shown_count(u.patients,
                                          jw::access::is_small_count(u.patients, r.min_cell_count),
                                          r.min_cell_count)},
                 {"mean_min",
                  std::isfinite(u.mean_min) ? nlohmann::json(u.mean_min) : nlohmann::json()},
                 {"median_min",
                  std::isfinite(u.median_min) ? nlohmann::json(u.median_min) : nlohmann::json()},
                 {"within", within},
                 {"access_2sfca", u.access_2sfca},
                 {"access_e2sfca", u.access_e2sfca},
                 {"covered", u.covered}});
        }
        nlohmann::json referrals = nlohmann::json::array();
        for (const auto& f : r.referrals)
            referrals.push_back(
                {{"from", f.from_id},
                 {"to", f.to_id},
                 {"kind", f.kind},
                 {"minutes",
                  std::isfinite(f.minutes) ? nlohmann::json(f.minutes) : nlohmann::json()}});
        jw::cli::print_json({{"facility", jw::access::facility_kind_name(o.facility)},
                             {"travel_method", r.travel_method},
                             {"travel_label", r.travel_label},
                             {"thresholds_min", r.options.thresholds_min},
                             {"catchment_min", r.catchment_min},
                             {"demand_at", r.demand_at},
                             {"demand_points", r.points.size()},
                             {"facilities", r.facilities.size()},
                             {"population", r.total_population},
                             {"population_within_first_threshold", within_first},
                             {"covered", covered},
                             {"access_unit", r.access_unit},
                             {"capacity_source", r.capacity_source},
                             {"min_cell_count", r.min_cell_count},
                             {"level", jw::access::level_name(o.level)},
                             {"units", units},
                             {"isochrones", r.isochrones.size()},
                             {"referrals", referrals},
                             {"notes", r.notes},
                             {"saved", o.save},
                             {"output", a.output}});
        return;
    }
    jw::cli::note(common, "travel times: " + r.travel_label);
    for (const auto& n : r.notes)
        jw::cli::note(common, "note: " + n);
    jw::cli::note(common,
                  std::to_string(r.facilities.size()) + " facilities (" + r.supply_name + "), " +
                      std::to_string(r.points.size()) + " demand points (" + r.demand_at +
                      "), population " + fixed(r.total_population, 0));
    if (r.total_population > 0)
        jw::cli::note(common,
                      "within " + minutes_label(r.options.thresholds_min.front()) +
                          " min of the nearest: " + fixed(within_first, 0) + " (" +
                          fixed(100 * within_first / r.total_population, 1) + " %)");
    if (o.coverage && r.total_population > 0)
        jw::cli::note(common,
                      "covered with capacity within " + minutes_label(r.catchment_min) + " min: " +
                          fixed(covered, 0) + " (" + fixed(100 * covered / r.total_population, 1) +
                          " %); " + r.capacity_source);
    jw::cli::note(common,
                  std::to_string(r.isochrones.size()) + " service areas, " +
                      std::to_string(r.referrals.size()) + " referral times" +
                      (o.save ? "; saved in the workspace (access_* layers)" : ""));
}

const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto a = std::make_shared<AccessCli>();
        auto* c = app.add_subcommand(
            "access", "Travel time to care per cell and unit: nearest, 2SFCA, E2SFCA, coverage");
        c->add_option("workspace", a->workspace, "Workspace .sqlite file")->required();
        c->add_option("--facility",
                      a->facility,
                      "psych_beds (beds, open else authorised), psychiatrist, rehab, clinic")
            ->required();
        c->add_option("--threshold", a->thresholds, "Minutes, comma list, inclusive")
            ->capture_default_str();
        c->add_option(
             "--method", a->methods, "Comma list of nearest, 2sfca, e2sfca, coverage (default all)")
            ->capture_default_str();
        c->add_option("--level", a->level, "cell, village, township or county (tables, -o)")
            ->capture_default_str();
        c->add_option("-o,--output",
                      a->output,
                      ".csv (the --level table), .xlsx or .gpkg (units, points, facilities, "
                      "referrals)");
        c->add_option("--catchment",
                      a->catchment,
                      "Minutes for 2SFCA, E2SFCA and coverage (default the largest threshold)");
        c->add_option("--capacity",
                      a->capacity,
                      "Coverage: people one bed / psychiatrist / facility serves (default from "
                      "the profile's per-capita target, else unlimited)");
        c->add_option("--profile", a->profile, "Policy profile: small-count threshold, capacity")
            ->capture_default_str();
        c->add_option("--e2sfca-weights",
                      a->weights,
                      "Zone weights, equal zones of the catchment (default 1,0.68,0.22)");
        c->add_flag("--include-planned",
                    a->include_planned,
                    "What-if: planned and required facilities count as open");
        c->add_flag("--no-isochrones", a->no_isochrones, "Skip service-area polygons");
        c->add_flag("--no-referrals", a->no_referrals, "Skip referral times");
        c->add_flag("--no-save", a->no_save, "Do not write the workspace layers");
        c->add_option("--threads", a->threads, "Threads for the matrix")->capture_default_str();
        c->add_flag("-q,--quiet", common.quiet, "No messages");
        c->add_flag("--json", common.json, "Print a JSON summary");
        c->footer(
            R"(Travel times come from the workspace's road network, or straight line x detour factor at a speed
when none is loaded: every output says which (travel_method, --json). Patient counts of 1..k-1
are shown as "<k" (k from the profile). Formulas: docs/access.md.
Examples:
  jingwei access ws.sqlite --facility psych_beds --threshold 30,60 -o access.xlsx
  jingwei access ws.sqlite --facility rehab --method nearest,coverage --capacity 20000 --level village -o rehab.csv)");
        c->callback([a, &common] { run(*a, common); });
    }};
} // namespace
