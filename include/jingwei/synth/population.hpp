#pragma once
/// `jingwei synth population`: fills missing population counts top-down from the nearest
/// ancestor that has one, so every village gets a (derived) denominator.

#include <cstdint>
#include <jingwei/progress.hpp>
#include <string>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::synth {

struct PopulationOptions {
    int year = 2020;               ///< census year whose counts are read and written
    std::string kind = "resident"; ///< 常住 (resident) or 户籍 (registered)
};

/// A parent whose known children already add up to more than the parent itself.
struct NegativeResidual {
    std::string code;
    std::int64_t parent_count = 0;
    std::int64_t known_children_sum = 0;
};

struct PopulationReport {
    int year = 0;
    std::int64_t rows_inserted = 0;
    std::int64_t villages_filled = 0;
    std::int64_t special_units_filled = 0; ///< farms, forest farms, zones (township digits 400–599)
    std::int64_t zero_share_units = 0;     ///< filled with 0 because the parent's residual was 0
    std::vector<std::string> units_without_count;     ///< no ancestor has a count: left empty
    std::vector<NegativeResidual> negative_residuals; ///< flagged; their unknown children got 0
};

/// For each unit with a count whose children lack counts, splits the residual (parent − known
/// children, floored at 0) over the children without a count, in proportion to their number of
/// village-level descendants (a unit without villages counts as one), with largest-remainder
/// rounding so the children add up exactly to the parent; then recurses down to villages.
/// Inserted rows have quality='derived', derived=1 and a source naming the rule.
/// One transaction: all rows or none. Throws jw::Error("cancelled") when progress says stop.
PopulationReport synthesize_population(store::Workspace& ws,
                                       const PopulationOptions& options = {},
                                       const Progress& progress = no_progress());

/// Splits `total` into integers proportional to `weights` (largest remainder; ties to the lower
/// index), so they add up to `total` exactly. All-zero weights split equally.
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights);

} // namespace jw::synth
