// Nearest facility, 2SFCA / enhanced 2SFCA and coverage with capacity on a minutes matrix.

#include <algorithm>
#include <cmath>
#include <jingwei/access/measures.hpp>
#include <jingwei/error.hpp>
#include <numeric>
#include <sstream>

namespace jw::access {

bool is_within(double minutes, double threshold_minutes) {
    return std::isfinite(minutes) && minutes <= threshold_minutes + 1e-6;
}

Nearest nearest(const MinutesMatrix& times) {
    Nearest out;
    out.minutes.assign(times.rows, std::nan(""));
    out.facility.assign(times.rows, -1);
    for (std::size_t i = 0; i < times.rows; ++i)
        for (std::size_t j = 0; j < times.cols; ++j) {
            const double t = times.at(i, j);
            if (std::isfinite(t) && !(t >= out.minutes[i])) {
                out.minutes[i] = t;
                out.facility[i] = static_cast<long>(j);
            }
        }
    return out;
}

double DecayZones::weight(double minutes, double threshold_minutes) const {
    if (!is_within(minutes, threshold_minutes))
        return 0;
    for (std::size_t k = 0; k < upper_fraction.size(); ++k)
        if (is_within(minutes, upper_fraction[k] * threshold_minutes))
            return weights[k];
    return 0;
}

DecayZones DecayZones::parse(const std::string& text) {
    DecayZones z;
    z.weights.clear();
    z.upper_fraction.clear();
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        std::size_t used = 0;
        double w = 0;
        try {
            w = std::stod(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size() || !(w >= 0 && w <= 1))
            throw UsageError("--e2sfca-weights: '" + item + "' is not a weight between 0 and 1");
        z.weights.push_back(w);
    }
    if (z.weights.empty())
        throw UsageError("--e2sfca-weights: give one weight per zone, e.g. 1,0.68,0.22");
    for (std::size_t k = 1; k <= z.weights.size(); ++k)
        z.upper_fraction.push_back(static_cast<double>(k) / static_cast<double>(z.weights.size()));
    return z;
}

namespace {

template <typename Weight>
FloatingCatchment floating_catchment(const MinutesMatrix& times,
                                     const std::vector<double>& population,
                                     const std::vector<double>& supply,
                                     Weight&& weight) {
    if (population.size() != times.rows || supply.size() != times.cols)
        throw InternalError("floating catchment: sizes do not match the matrix");
    FloatingCatchment out;
    out.facility_ratio.assign(times.cols, 0);
    out.accessibility.assign(times.rows, 0);
    // Step 1: each facility's supply over the (weighted) population within its catchment.
    for (std::size_t j = 0; j < times.cols; ++j) {
        double demand = 0;
        for (std::size_t i = 0; i < times.rows; ++i)
            demand += population[i] * weight(times.at(i, j));
        out.facility_ratio[j] = demand > 0 ? supply[j] / demand : 0;
    }
    // Step 2: each point sums the ratios of the facilities it reaches, with the same weights.
    for (std::size_t i = 0; i < times.rows; ++i)
        for (std::size_t j = 0; j < times.cols; ++j)
            out.accessibility[i] += out.facility_ratio[j] * weight(times.at(i, j));
    return out;
}

} // namespace

FloatingCatchment two_step_fca(const MinutesMatrix& times,
                               const std::vector<double>& population,
                               const std::vector<double>& supply,
                               double threshold_minutes) {
    return floating_catchment(times, population, supply, [&](double t) {
        return is_within(t, threshold_minutes) ? 1.0 : 0.0;
    });
}

FloatingCatchment enhanced_two_step_fca(const MinutesMatrix& times,
                                        const std::vector<double>& population,
                                        const std::vector<double>& supply,
                                        double threshold_minutes,
                                        const DecayZones& zones) {
    return floating_catchment(
        times, population, supply, [&](double t) { return zones.weight(t, threshold_minutes); });
}

Coverage capacity_coverage(const MinutesMatrix& times,
                           const std::vector<double>& population,
                           const std::vector<double>& capacity,
                           const std::vector<std::size_t>& order,
                           double threshold_minutes) {
    if (population.size() != times.rows || capacity.size() != times.cols)
        throw InternalError("coverage: sizes do not match the matrix");
    Coverage out;
    out.covered.assign(times.rows, 0);
    out.first_facility.assign(times.rows, -1);
    out.absorbed.assign(times.cols, 0);
    out.population_in_reach.assign(times.cols, 0);
    std::vector<std::size_t> reach;
    for (const auto j : order) {
        reach.clear();
        for (std::size_t i = 0; i < times.rows; ++i)
            if (is_within(times.at(i, j), threshold_minutes)) {
                reach.push_back(i);
                out.population_in_reach[j] += population[i];
            }
        std::stable_sort(reach.begin(), reach.end(), [&](std::size_t a, std::size_t b) {
            return times.at(a, j) < times.at(b, j);
        });
        double left = capacity[j];
        for (const auto i : reach) {
            if (!(left > 0))
                break;
            const double take = std::min(left, population[i] - out.covered[i]);
            if (!(take > 0))
                continue;
            out.covered[i] += take;
            out.absorbed[j] += take;
            left -= take;
            if (out.first_facility[i] < 0)
                out.first_facility[i] = static_cast<long>(j);
        }
    }
    return out;
}

WeightedSummary weighted_summary(const std::vector<double>& minutes,
                                 const std::vector<double>& weights) {
    std::vector<std::pair<double, double>> v;
    for (std::size_t i = 0; i < minutes.size(); ++i)
        if (std::isfinite(minutes[i]) && weights[i] > 0)
            v.push_back({minutes[i], weights[i]});
    WeightedSummary s{std::nan(""), std::nan(""), 0};
    if (v.empty())
        return s;
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (const auto& [m, w] : v) {
        s.weight += w;
        sum += m * w;
    }
    s.mean = sum / s.weight;
    double cumulative = 0;
    for (const auto& [m, w] : v) {
        cumulative += w;
        if (cumulative >= s.weight / 2) {
            s.median = m;
            break;
        }
    }
    return s;
}

} // namespace jw::access
