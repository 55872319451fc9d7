#pragma once
/// `jingwei access`: who is how far from care. On the workspace: demand points (grid cells, else
/// village seats) and open facilities of one kind -> travel times (road network, or a labelled
/// straight line) -> nearest facility, population and registered patients within each
/// threshold, 2SFCA / enhanced 2SFCA, coverage with capacity, service areas, referral times ->
/// results per point and per unit, saved as workspace layers. docs/access.md.

#include <jingwei/access/measures.hpp>
#include <jingwei/progress.hpp>
#include <jingwei/store/workspace.hpp>
#include <optional>
#include <string>
#include <vector>

namespace jw::access {

enum class FacilityKind { psych_beds, psychiatrist, rehab, clinic };
enum class Level { cell, village, township, county };

/// Parsers for the CLI words; throw jw::UsageError naming the choices.
FacilityKind parse_facility_kind(const std::string& text);
Level parse_level(const std::string& text);
std::string facility_kind_name(FacilityKind kind);
std::string level_name(Level level);

struct AccessOptions {
    FacilityKind facility = FacilityKind::psych_beds;
    std::vector<double> thresholds_min{30, 60}; ///< ascending
    /// Catchment of 2SFCA, E2SFCA and coverage; 0 = the largest threshold.
    double catchment_min = 0;
    bool nearest = true, fca2 = true, e2sfca = true, coverage = true;
    bool isochrones = true, referrals = true;
    /// What-if: facilities with status planned or required count as open.
    bool include_planned = false;
    Level level = Level::township;
    std::string profile = "national"; ///< small-count threshold and coverage capacity
    /// Coverage: people one unit of supply (a bed, a psychiatrist, a facility) serves; 0 = from
    /// the profile's target for the supply (e.g. 28 beds per 100k -> 3 571 people per bed);
    /// without one, unlimited.
    double people_per_supply = 0;
    DecayZones zones;
    unsigned threads = 2;
    bool save = true; ///< write the workspace layers (one transaction)
};

struct FacilityResult {
    std::string id, name, kind, unit_code;
    double x = 0, y = 0;
    double supply = 0;                            ///< beds, psychiatrists, or 1 per facility
    double capacity_people = 0;                   ///< coverage capacity (inf = unlimited)
    int priority = 0;                             ///< 1 = absorbs first
    double population_in_reach = 0, absorbed = 0; ///< coverage, within the catchment
    double ratio_2sfca = 0, ratio_e2sfca = 0;     ///< supply per person in its catchment
};

struct PointResult {
    std::string id;        ///< "cell:<id>" or a village code
    std::string unit_code; ///< unit of the largest share (cells) or the village
    double x = 0, y = 0;
    long cell_col = -1, cell_row = -1; ///< cells only
    double population = 0;
    double nearest_min = 0; ///< NaN when no facility is reachable
    std::string nearest_id;
    double access_2sfca = 0, access_e2sfca = 0; ///< supply per access_scale people
    double covered = 0;                         ///< people covered (capacity coverage)
};

struct UnitResult {
    std::string code, name;
    double population = 0;
    double mean_min = 0, median_min = 0;   ///< population-weighted; NaN when nobody has a time
    double unreachable_population = 0;     ///< no time at all (beyond the snap limit)
    std::vector<double> population_within; ///< per threshold
    std::int64_t patients = 0;             ///< registered, at home
    std::vector<std::int64_t> patients_within;
    double access_2sfca = 0, access_e2sfca = 0; ///< population-weighted mean
    double covered = 0;
    std::optional<std::pair<double, double>> point; ///< seat or centroid, for point layers
};

struct Isochrone {
    std::string facility_id;
    double threshold_min = 0;
    std::vector<unsigned char> wkb; ///< MultiPolygon in the workspace CRS
    double area_km2 = 0;
};

struct Referral {
    std::string from_id, from_name, to_id, to_name;
    std::string kind;   ///< "nearest" or "designated"
    double minutes = 0; ///< NaN when no time
    double from_x = 0, from_y = 0, to_x = 0, to_y = 0;
};

struct AccessResult {
    AccessOptions options;
    double catchment_min = 0;
    std::string travel_method, travel_label;
    std::string demand_at;       ///< "cells" or "villages"
    std::string supply_name;     ///< "beds (open, else authorised)", ...
    std::string access_unit;     ///< "beds per 10 000 people", ...
    double access_scale = 0;     ///< 10 000 or 100 000
    std::string capacity_source; ///< where the coverage capacity comes from
    int min_cell_count = 0;      ///< patient counts 1..k-1 are suppressed
    std::string profile;
    int epsg = 0;
    std::vector<FacilityResult> facilities;
    std::vector<PointResult> points;
    std::vector<UnitResult> units; ///< at options.level (empty for cell)
    std::vector<Isochrone> isochrones;
    std::vector<Referral> referrals;
    std::vector<std::string> notes; ///< what the planner must know
    double total_population = 0;
};

/// Throws jw::InputError when the workspace lacks what the analysis needs (no CRS, no demand
/// points, no facility of the kind), naming the command that provides it.
AccessResult run_access(store::Workspace& ws,
                        const AccessOptions& options,
                        const Progress& progress = no_progress());

/// Replaces the results for this facility kind in the workspace layers (access_runs,
/// access_points, access_units, access_thresholds, access_facilities, access_isochrones,
/// access_referrals) in one transaction.
void save_access(store::Workspace& ws, const AccessResult& result);

/// True when a patient count must not be shown: 1..k-1 (docs/privacy.md).
bool is_small_count(std::int64_t count, int min_cell_count);
/// Patients within a threshold are also hidden when the rest of the unit's patients (total -
/// within) is a small count: otherwise the two shown numbers would give it away.
bool is_suppressed_within(std::int64_t within, std::int64_t total, int min_cell_count);
/// A patient count as shown in aggregated outputs: "<k" when suppressed, else the number.
std::string shown_count(std::int64_t count, bool is_suppressed, int min_cell_count);

} // namespace jw::access
