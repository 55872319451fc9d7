#include <algorithm>
#include <cmath>
#include <cstdio>
#include <jingwei/error.hpp>
#include <jingwei/render/classes.hpp>
#include <limits>

namespace jw::render {
namespace {

// ColorBrewer 2.0 (colorbrewer2.org), diverging RdBu with 8 classes and sequential YlGnBu with
// 3-5 classes, both listed there as colour-blind safe.
const Rgb rdbu8[8] = {{178, 24, 43},
                      {214, 96, 77},
                      {244, 165, 130},
                      {253, 219, 199},
                      {209, 229, 240},
                      {146, 197, 222},
                      {67, 147, 195},
                      {33, 102, 172}};
const std::vector<std::vector<Rgb>> ylgnbu = {
    {{237, 248, 177}},
    {{237, 248, 177}, {44, 127, 184}},
    {{237, 248, 177}, {127, 205, 187}, {44, 127, 184}},
    {{255, 255, 204}, {161, 218, 180}, {65, 182, 196}, {34, 94, 168}},
    {{255, 255, 204}, {161, 218, 180}, {65, 182, 196}, {44, 127, 184}, {37, 52, 148}}};

int decimals_for(double magnitude) {
    magnitude = std::fabs(magnitude);
    return magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
}

} // namespace

std::string Rgb::hex() const {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
    return buf;
}

int Classification::class_of(double v) const {
    if (classes.empty())
        return -1;
    for (std::size_t i = 0; i + 1 < classes.size(); ++i)
        if (v < classes[i].upper)
            return static_cast<int>(i);
    return static_cast<int>(classes.size()) - 1;
}

double round_significant(double v, int digits) {
    if (v == 0 || !std::isfinite(v))
        return v;
    const double magnitude = std::pow(10.0, digits - 1 - std::floor(std::log10(std::fabs(v))));
    return std::round(v * magnitude) / magnitude;
}

std::string format_number(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", std::max(decimals, 0), v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0')
            s.pop_back();
        if (!s.empty() && s.back() == '.')
            s.pop_back();
    }
    return s == "-0" ? "0" : s;
}

double percent_of_target(double value, double target, bool at_most) {
    if (!(target > 0))
        throw InputError("a map relative to a target needs a target above 0, not " +
                         format_number(target, 3));
    const double p = (value - target) / target * 100.0;
    return at_most ? -p : p;
}

const std::vector<double>& target_breaks_percent() {
    static const std::vector<double> breaks = {-50, -25, -10, 0, 10, 25, 50};
    return breaks;
}

Classification target_classes(double target, bool at_most, bool as_gap, const std::string& unit) {
    if (!(target > 0))
        percent_of_target(0, target, at_most); // throws the explanation
    const auto& b = target_breaks_percent();
    const int decimals = decimals_for(target);
    auto value_at = [&](double p) { return target * (1 + (at_most ? -p : p) / 100.0); };
    auto value_text = [&](double p) { return format_number(value_at(p), decimals); };
    auto pct_text = [&](double p) { return (p > 0 ? "+" : "") + format_number(p, 0) + "%"; };
    const std::string suffix = as_gap || unit.empty() ? "" : " " + unit;
    Classification out;
    out.palette = "ColorBrewer RdBu (8)";
    const double inf = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i <= b.size(); ++i) {
        MapClass c;
        c.lower = i == 0 ? -inf : b[i - 1];
        c.upper = i == b.size() ? inf : b[i];
        c.colour = rdbu8[i];
        if (as_gap) {
            c.label = i == 0          ? "< " + pct_text(b[0])
                      : i == b.size() ? "≥ " + pct_text(b.back())
                                      : pct_text(c.lower) + " – " + pct_text(c.upper);
        } else if (i == 0) {
            c.label = (at_most ? "> " : "< ") + value_text(b[0]) + suffix;
        } else if (i == b.size()) {
            c.label = (at_most ? "≤ " : "≥ ") + value_text(b.back()) + suffix;
        } else {
            double lo = value_at(c.lower), hi = value_at(c.upper);
            if (lo > hi)
                std::swap(lo, hi);
            c.label = format_number(lo, decimals) + " – " + format_number(hi, decimals) + suffix;
        }
        out.classes.push_back(c);
    }
    return out;
}

Classification presence_classes() {
    const double inf = std::numeric_limits<double>::infinity();
    Classification out;
    out.palette = "ColorBrewer RdBu (2 of 8)";
    out.classes.push_back({-inf, 0, rdbu8[0], "无 none (0%)"});
    out.classes.push_back({0, inf, rdbu8[7], "有 present (100%)"});
    return out;
}

Classification count_classes(std::vector<double> values, double floor) {
    values.erase(std::remove_if(values.begin(),
                                values.end(),
                                [&](double v) { return !(v >= floor) || !std::isfinite(v); }),
                 values.end());
    Classification out;
    if (values.empty())
        return out;
    std::sort(values.begin(), values.end());
    const bool integral =
        std::all_of(values.begin(), values.end(), [](double v) { return v == std::floor(v); });
    std::vector<double> distinct = values;
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    const std::size_t n = std::min<std::size_t>(5, distinct.size());
    // Quantile breaks, rounded so a reader can repeat them; a break must lie strictly inside the
    // range and above the previous one, so merged classes simply disappear.
    std::vector<double> breaks;
    for (std::size_t i = 1; i < n; ++i) {
        double q = round_significant(values[i * values.size() / n], 2);
        if (integral)
            q = std::round(q);
        if (q > values.front() && q <= values.back() && (breaks.empty() || q > breaks.back()))
            breaks.push_back(q);
    }
    const auto& colours = ylgnbu[breaks.size()];
    out.palette = "ColorBrewer YlGnBu (" + std::to_string(colours.size()) + ")";
    const int decimals = integral ? 0 : decimals_for(values.back());
    for (std::size_t i = 0; i <= breaks.size(); ++i) {
        MapClass c;
        c.lower = i == 0 ? values.front() : breaks[i - 1];
        c.upper = i == breaks.size() ? values.back() : breaks[i];
        c.colour = colours[i];
        const bool last = i == breaks.size();
        const double shown_upper = integral && !last ? c.upper - 1 : c.upper;
        c.label = shown_upper <= c.lower ? format_number(c.lower, decimals)
                                         : format_number(c.lower, decimals) + " – " +
                                               format_number(shown_upper, decimals);
        out.classes.push_back(c);
    }
    return out;
}

} // namespace jw::render
