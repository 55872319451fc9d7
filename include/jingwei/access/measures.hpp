#pragma once
/// Accessibility measures on a travel-time matrix (demand points x facilities): nearest
/// facility, two-step floating catchment (2SFCA, Luo & Wang 2003), enhanced 2SFCA with
/// distance-decay zones (Luo & Qi 2009), and AccessMod-style geographic coverage with capacity.
/// Plain structs in, plain structs out: the workspace and the road graph stay outside.
/// Formulas and choices: docs/access.md.

#include <cstddef>
#include <string>
#include <vector>

namespace jw::access {

/// Travel minutes, row-major: rows = demand points, columns = facilities; NaN = no time
/// (a point farther from any road than the snap limit).
struct MinutesMatrix {
    std::size_t rows = 0, cols = 0;
    std::vector<double> minutes;
    double at(std::size_t row, std::size_t col) const { return minutes[row * cols + col]; }
};

/// Thresholds are inclusive: a point at exactly the threshold is inside. The tolerance absorbs
/// the millisecond rounding of road times (1e-6 min = 0.06 ms).
bool is_within(double minutes, double threshold_minutes);

/// Nearest facility per demand point: minutes (NaN when none is reachable) and its column
/// (-1 when none). Ties go to the lower column.
struct Nearest {
    std::vector<double> minutes;
    std::vector<long> facility;
};
Nearest nearest(const MinutesMatrix& times);

/// Distance-decay zones of the enhanced 2SFCA: zone k holds times in
/// (upper[k-1], upper[k]] x threshold, weighted weights[k]. Default: Luo & Qi's three equal
/// zones with Gaussian weights 1.00, 0.68, 0.22.
struct DecayZones {
    std::vector<double> upper_fraction{1.0 / 3.0, 2.0 / 3.0, 1.0};
    std::vector<double> weights{1.00, 0.68, 0.22};
    /// Weight of a trip of `minutes` under `threshold_minutes`; 0 beyond it or without time.
    double weight(double minutes, double threshold_minutes) const;
    /// "1.00,0.68,0.22" -> three equal zones with these weights; throws jw::UsageError.
    static DecayZones parse(const std::string& weights);
};

/// Supply-to-demand ratio per facility and accessibility per demand point.
struct FloatingCatchment {
    /// R_j = S_j / sum_i P_i W_ij; 0 when nobody is within reach (its supply serves no one).
    std::vector<double> facility_ratio;
    /// A_i = sum_j R_j W_ij: supply per person reachable from point i.
    std::vector<double> accessibility;
};

/// 2SFCA: W_ij = 1 when t_ij <= threshold, else 0.
FloatingCatchment two_step_fca(const MinutesMatrix& times,
                               const std::vector<double>& population,
                               const std::vector<double>& supply,
                               double threshold_minutes);
/// Enhanced 2SFCA: W_ij = zones.weight(t_ij, threshold) in both steps.
FloatingCatchment enhanced_two_step_fca(const MinutesMatrix& times,
                                        const std::vector<double>& population,
                                        const std::vector<double>& supply,
                                        double threshold_minutes,
                                        const DecayZones& zones = {});

/// Geographic coverage with capacity (AccessMod 5 "geographic coverage analysis"): facilities
/// in `order` each absorb the not yet covered population within the threshold, nearest first
/// (ties: lower row), until their capacity (people) is used up; a point can be split between
/// facilities. The rest is uncovered.
struct Coverage {
    std::vector<double> covered;             ///< per demand point, people
    std::vector<long> first_facility;        ///< per demand point: first facility absorbing it, -1
    std::vector<double> absorbed;            ///< per facility, people
    std::vector<double> population_in_reach; ///< per facility: people within the threshold
};
Coverage capacity_coverage(const MinutesMatrix& times,
                           const std::vector<double>& population,
                           const std::vector<double>& capacity,
                           const std::vector<std::size_t>& order,
                           double threshold_minutes);

/// Population-weighted mean and median of minutes (NaN entries and weight 0 left out); NaN
/// when nothing remains. The median is the lower weighted median (first value at which the
/// cumulative weight reaches half).
struct WeightedSummary {
    double mean, median, weight;
};
WeightedSummary weighted_summary(const std::vector<double>& minutes,
                                 const std::vector<double>& weights);

} // namespace jw::access
