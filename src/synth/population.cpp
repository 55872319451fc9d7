#include "units.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <jingwei/error.hpp>
#include <jingwei/store/workspace.hpp>
#include <jingwei/synth/population.hpp>
#include <numeric>
#include <optional>

namespace jw::synth {

std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights) {
    std::vector<std::int64_t> out(weights.size(), 0);
    if (weights.empty() || total <= 0)
        return out;
    double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<double> w = weights;
    if (!(sum > 0)) {
        std::fill(w.begin(), w.end(), 1.0);
        sum = static_cast<double>(w.size());
    }
    std::vector<std::pair<double, std::size_t>> remainders;
    std::int64_t assigned = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        const double exact = static_cast<double>(total) * std::max(0.0, w[i]) / sum;
        out[i] = static_cast<std::int64_t>(std::floor(exact));
        assigned += out[i];
        remainders.emplace_back(exact - std::floor(exact), i);
    }
    // Largest remainder first; equal remainders go to the lower index, so results are stable.
    std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
        return a.first > b.first;
    });
    for (std::size_t k = 0; assigned < total; k = (k + 1) % remainders.size()) {
        ++out[remainders[k].second];
        ++assigned;
    }
    return out;
}

namespace {

bool is_special_township(const detail::Unit& u) {
    // Digits 7–9 of the statistical code: 400–599 are 类似乡级 units (farms, forest farms, zones).
    if (u.level != "township" || u.code.size() != 12)
        return false;
    const int digits = std::stoi(u.code.substr(6, 3));
    return digits >= 400 && digits <= 599;
}

} // namespace

PopulationReport synthesize_population(store::Workspace& ws,
                                       const PopulationOptions& options,
                                       const Progress& progress) {
    if (options.kind != "resident" && options.kind != "registered")
        throw UsageError("--kind: '" + options.kind + "' is not resident or registered");
    PopulationReport report;
    report.year = options.year;
    const auto tree = detail::load_units(ws);
    const auto known = detail::load_population(ws, options.year, options.kind);
    const std::size_t n = tree.units.size();

    // Village-level descendants per unit (a unit with no children counts itself as one place).
    std::vector<double> villages(n, 0.0);
    std::function<double(std::size_t)> count_villages = [&](std::size_t i) -> double {
        const auto& u = tree.units[i];
        if (u.children.empty())
            return villages[i] = 1.0;
        double s = 0;
        for (const auto c : u.children)
            s += count_villages(c);
        return villages[i] = s;
    };
    for (const auto r : tree.roots)
        count_villages(r);

    std::vector<std::optional<std::int64_t>> count(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto it = known.find(tree.units[i].code);
        if (it != known.end())
            count[i] = it->second;
    }
    std::vector<std::string> rule(n); // the source text of derived rows

    std::size_t visited = 0;
    std::function<void(std::size_t)> descend = [&](std::size_t i) {
        detail::report(
            progress, static_cast<double>(++visited) / static_cast<double>(n + 1), "population");
        const auto& u = tree.units[i];
        if (count[i] && !u.children.empty()) {
            std::int64_t known_sum = 0;
            std::vector<std::size_t> missing;
            for (const auto c : u.children) {
                if (count[c])
                    known_sum += *count[c];
                else
                    missing.push_back(c);
            }
            std::int64_t residual = *count[i] - known_sum;
            if (residual < 0) {
                report.negative_residuals.push_back({u.code, *count[i], known_sum});
                residual = 0;
            }
            if (!missing.empty()) {
                std::vector<double> weights;
                for (const auto c : missing)
                    weights.push_back(villages[c]);
                const auto shares = apportion(residual, weights);
                const std::string text =
                    "derived by jingwei synth population: residual of " + u.code + " (" +
                    std::to_string(*count[i]) + " minus " + std::to_string(known_sum) +
                    " known in children) split over " + std::to_string(missing.size()) +
                    " children without a count by number of village-level units";
                for (std::size_t k = 0; k < missing.size(); ++k) {
                    count[missing[k]] = shares[k];
                    rule[missing[k]] = text;
                }
            }
        }
        for (const auto c : u.children)
            descend(c);
    };
    for (const auto r : tree.roots)
        descend(r);

    store::Transaction tx(ws.db());
    auto insert = ws.db().prepare("INSERT INTO population (unit_code, year, count, kind, quality, "
                                  "derived, synthetic, source) "
                                  "VALUES (?, ?, ?, ?, 'derived', 1, 0, ?)");
    for (std::size_t i = 0; i < n; ++i) {
        const auto& u = tree.units[i];
        if (!count[i]) {
            report.units_without_count.push_back(u.code);
            continue;
        }
        if (rule[i].empty())
            continue; // a known count
        insert.bind(1, u.code)
            .bind(2, options.year)
            .bind(3, *count[i])
            .bind(4, options.kind)
            .bind(5, rule[i])
            .run();
        ++report.rows_inserted;
        if (u.level == "village")
            ++report.villages_filled;
        if (is_special_township(u))
            ++report.special_units_filled;
        if (*count[i] == 0)
            ++report.zero_share_units;
    }
    tx.commit();
    detail::report(progress, 1.0, "population");
    return report;
}

} // namespace jw::synth
