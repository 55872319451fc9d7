#pragma once
/// Choropleth classes and their colours: diverging around a policy target (ColorBrewer RdBu,
/// red = short of the target) and sequential for counts (ColorBrewer YlGnBu). Both palettes are
/// marked colour-blind safe by ColorBrewer 2.0 (Cynthia Brewer, Penn State, colorbrewer2.org,
/// Apache-2.0 licence). docs/maps.md explains the breaks.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jw::render {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
    bool operator==(const Rgb& o) const { return r == o.r && g == o.g && b == o.b; }
    std::string hex() const; ///< "#rrggbb"
};

/// Fills for units without a class.
inline constexpr Rgb unknown_fill{240, 240, 240};    ///< input missing (drawn hatched)
inline constexpr Rgb suppressed_fill{189, 189, 189}; ///< small patient count hidden
inline constexpr Rgb zero_fill{255, 255, 255};       ///< a count of 0

/// One legend entry: values v with lower ≤ v < upper (the last class includes its upper end).
struct MapClass {
    double lower = 0, upper = 0;
    Rgb colour;
    std::string label; ///< e.g. "25.2 – 28", "< -50%"
};

struct Classification {
    std::vector<MapClass> classes;
    std::string palette; ///< e.g. "ColorBrewer RdBu (8)"
    /// Index of the class holding v; values below the first / above the last class fall into it.
    int class_of(double v) const;
};

/// How far a value is from its target, in percent of the target, signed so that positive is
/// better: (value − target) ÷ target × 100 for "at least" targets, the opposite for "at most".
/// Throws jw::InputError for a target ≤ 0 (the relative gap is undefined).
double percent_of_target(double value, double target, bool at_most);

/// The relative breaks of every target map, in percent of the target.
const std::vector<double>& target_breaks_percent(); // -50, -25, -10, 0, 10, 25, 50

/// Eight RdBu classes of percent_of_target() (breaks ±10, ±25, ±50 %). Labels are the value
/// ranges in `unit` (or, with `as_gap`, the percent ranges), so the legend reads in the
/// indicator's own terms. The class boundary at 0 % is the target.
Classification target_classes(double target, bool at_most, bool as_gap, const std::string& unit);

/// Two classes for a yes/no coverage (every unit 0 % or 100 % against a 100 % target, e.g.
/// "has a community rehab institution" per township): the two ends of RdBu, on the same
/// percent_of_target() scale, so eight classes of which six are empty are not shown.
Classification presence_classes();

/// Up to five YlGnBu classes for counts ≥ floor (quantile breaks rounded to two significant
/// figures, duplicates merged); values below `floor` are not classed (zero or suppressed).
Classification count_classes(std::vector<double> values, double floor);

/// Rounds to `digits` significant figures (for legend breaks a reader can repeat).
double round_significant(double v, int digits);

/// A number for a label or legend: up to `decimals` decimals, trailing zeros dropped.
std::string format_number(double v, int decimals = 1);

} // namespace jw::render
