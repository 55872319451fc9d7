#pragma once
/// A siting study on the workspace (`jingwei site`): where to add rehab centres, bed sites or
/// psychiatric clinics so the most under-served people gain access. Demand points are village
/// seats weighted by population or registered patients; candidates are township seats or
/// health centres; travel times come from the road network, or straight line x detour factor
/// when none is loaded (always labelled).

#include <jingwei/progress.hpp>
#include <jingwei/siting/options.hpp>
#include <jingwei/siting/solution.hpp>
#include <jingwei/store/workspace.hpp>
#include <limits>
#include <string>
#include <vector>

namespace jw::siting {

enum class Need { rehab, beds, clinic };
enum class Model { pmedian, mclp, lscp, scaleup };
enum class DemandWeight { population, patients };
enum class Candidates { townships, centres, cells };
/// Where demand sits: grid cells (population or patients per cell, `jingwei grid`) or village
/// seats; `automatic` takes cells when the workspace has a grid.
enum class DemandAt { automatic, cells, villages };

/// Parsers for the CLI words; throw jw::UsageError naming the choices.
Need parse_need(const std::string& text);
Model parse_model(const std::string& text);
DemandWeight parse_demand_weight(const std::string& text);
Candidates parse_candidates(const std::string& text);
DemandAt parse_demand_at(const std::string& text);
/// "30min", "30", "1h", "90 min" -> minutes.
double parse_minutes(const std::string& text);
std::string need_name(Need need);
std::string model_name(Model model);

struct StudyOptions {
    Need need = Need::rehab;
    Model model = Model::mclp;
    std::size_t add = 1;           ///< new sites (p-median, MCLP, scaling-up)
    double threshold_minutes = 30; ///< coverage threshold (MCLP, LSCP, scaling-up, summaries)
    DemandWeight weight = DemandWeight::population;
    Candidates candidates = Candidates::townships;
    DemandAt demand_at = DemandAt::automatic;
    double capacity = std::numeric_limits<double>::infinity(); ///< per new site (scaling-up)
    SolverOptions solver;
};

/// A site open after the study: an existing facility, or a new one at a candidate.
struct StudySite {
    std::string id; ///< facility id, or "new:<unit code or facility id>"
    std::string name;
    std::string unit_code; ///< township of the site
    double x = 0, y = 0;   ///< workspace CRS
    bool is_existing = false;
    int order = 0;            ///< 1.. for new sites in the order chosen (scaling-up) or listed
    double newly_covered = 0; ///< weight within the threshold of it and of no earlier site
};

/// Before/after for one county: weight, share within the threshold, weighted mean minutes.
struct CountyAccess {
    std::string code, name;
    double weight = 0;
    double covered_before = 0, covered_after = 0;           ///< weight within the threshold
    double mean_minutes_before = 0, mean_minutes_after = 0; ///< NaN when no site is reachable
};

struct StudyResult {
    StudyOptions options;
    std::string travel_label;  ///< "road network (...)" or "straight line x 1.4 at 30 km/h: ..."
    std::string travel_method; ///< "road_network" or "straight_line"
    std::string demand_at;     ///< "cells" or "villages": what the demand points are
    std::size_t demand_points = 0;
    std::size_t unreachable_demand_points = 0; ///< no time to any site (not snapped)
    double total_weight = 0;
    std::vector<StudySite> existing, added;
    std::vector<CountyAccess> counties;
    SitingSolution solution;
    std::vector<std::string> notes; ///< what the planner must know (derived rows, fallbacks)
};

/// Throws jw::InputError when the workspace lacks what the study needs (no CRS, no village
/// seats with population, no candidates), naming the command that provides it.
StudyResult run_study(store::Workspace& ws,
                      const StudyOptions& options,
                      const Progress& progress = no_progress());

/// Keeps the study in the workspace (siting_runs / siting_sites / siting_counties, migration 7)
/// for the report, replacing an earlier study of the same facility, model and demand, in one
/// transaction. Counts are stored raw; outputs suppress small patient counts. Returns the run id.
std::int64_t save_study(store::Workspace& ws, const StudyResult& result);

} // namespace jw::siting
