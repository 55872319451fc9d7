#include "catchment.hpp"
#include "deadline.hpp"
#include "glpk_mip.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <jingwei/error.hpp>
#include <jingwei/siting/lscp.hpp>
#include <limits>

namespace jw::siting {

LscpResult
solve_lscp(const SitingProblem& problem, double threshold, const SolverOptions& options) {
    const detail::Deadline deadline(options.time_limit_s);
    validate(problem);
    const auto reach = detail::catchments(problem, threshold);
    const std::size_t demand_count = problem.demand_weights.size();
    constexpr std::uint32_t no_site = std::numeric_limits<std::uint32_t>::max();

    // Demands to cover: positive weight, not reached by an existing site, reachable by some
    // optional site (the others are reported as uncoverable).
    std::vector<char> is_done(demand_count, 0), is_reachable(demand_count, 0);
    std::vector<std::uint32_t> candidates;
    for (std::size_t i = 0; i < demand_count; ++i)
        is_done[i] = problem.demand_weights[i] <= 0.0;
    for (std::size_t j = 0; j < problem.sites.size(); ++j) {
        if (problem.sites[j].is_existing) {
            for (auto i : reach[j])
                is_done[i] = 1;
        } else {
            candidates.push_back(static_cast<std::uint32_t>(j));
            for (auto i : reach[j])
                is_reachable[i] = 1;
        }
    }
    LscpResult result;
    std::vector<char> must_cover(demand_count, 0);
    std::size_t to_cover = 0;
    for (std::size_t i = 0; i < demand_count; ++i) {
        if (is_done[i])
            continue;
        if (!is_reachable[i]) {
            result.uncoverable_demands.push_back(i);
        } else {
            must_cover[i] = 1;
            ++to_cover;
        }
    }

    // Greedy (Chvátal 1979): the site covering most uncovered demands; ties: more weight, lower
    // opening cost, lower index.
    std::vector<std::uint32_t> count(demand_count, 0);
    std::vector<char> is_open(problem.sites.size(), 0);
    std::vector<std::uint32_t> chosen;
    std::size_t covered = 0;
    while (covered < to_cover) {
        std::uint32_t best = no_site;
        std::size_t best_new = 0;
        double best_weight = 0.0;
        for (auto j : candidates) {
            if (is_open[j])
                continue;
            std::size_t fresh = 0;
            double fresh_weight = 0.0;
            for (auto i : reach[j])
                if (must_cover[i] && count[i] == 0) {
                    ++fresh;
                    fresh_weight += problem.demand_weights[i];
                }
            const bool is_better =
                fresh > best_new ||
                (fresh == best_new && fresh > 0 &&
                 (fresh_weight > best_weight ||
                  (fresh_weight == best_weight &&
                   problem.sites[j].opening_cost < problem.sites[best].opening_cost)));
            if (is_better) {
                best = j;
                best_new = fresh;
                best_weight = fresh_weight;
            }
        }
        is_open[best] = 1; // best exists: every remaining demand is reachable
        chosen.push_back(best);
        for (auto i : reach[best])
            if (must_cover[i] && count[i]++ == 0)
                ++covered;
    }
    // Drop sites made redundant by later ones, last added first.
    for (auto it = chosen.rbegin(); it != chosen.rend();) {
        const bool is_redundant = std::all_of(reach[*it].begin(), reach[*it].end(), [&](auto i) {
            return !must_cover[i] || count[i] >= 2;
        });
        if (is_redundant) {
            for (auto i : reach[*it])
                --count[i];
            is_open[*it] = 0;
            it = decltype(it)(chosen.erase(std::next(it).base()));
        } else {
            ++it;
        }
    }

    auto& solution = result.solution;
    std::string method = "greedy";
    std::vector<std::uint32_t> best_sites = chosen;
    // Any cover needs at least one site; the LP or the MIP may prove more.
    double lower = to_cover > 0 ? 1.0 : 0.0;
    bool is_proven = best_sites.size() <= lower;
    if (!is_proven && options.use_exact) {
        detail::MipModel model(detail::MipModel::Sense::minimise);
        std::vector<std::size_t> y_column(problem.sites.size(), SIZE_MAX);
        std::vector<std::vector<std::pair<std::size_t, double>>> rows(demand_count);
        std::size_t nonzeros = 0;
        for (auto j : candidates) {
            for (auto i : reach[j]) {
                if (!must_cover[i])
                    continue;
                if (y_column[j] == SIZE_MAX)
                    y_column[j] = model.add_binary(1.0);
                rows[i].push_back({y_column[j], 1.0});
                ++nonzeros;
            }
        }
        if (nonzeros <= options.exact_max_nonzeros) {
            method += "+glpk";
            for (std::size_t i = 0; i < demand_count; ++i)
                if (must_cover[i])
                    model.add_row(rows[i], 1.0, std::numeric_limits<double>::infinity());
            const auto mip = detail::solve_mip(model, deadline.remaining_s());
            using Status = detail::MipResult::Status;
            if (mip.status == Status::optimal || mip.status == Status::feasible) {
                std::vector<std::uint32_t> sites;
                for (auto j : candidates)
                    if (y_column[j] != SIZE_MAX && mip.values[y_column[j]] > 0.5)
                        sites.push_back(j);
                if (sites.size() < best_sites.size())
                    best_sites = sites;
            }
            if (mip.status == Status::optimal)
                lower = static_cast<double>(best_sites.size());
            else if (mip.has_lp_bound)
                lower = std::max(lower, std::ceil(mip.lp_bound - 1e-6)); // site counts are whole
            is_proven = best_sites.size() <= lower;
        }
    }

    solution.new_sites.assign(best_sites.begin(), best_sites.end());
    std::sort(solution.new_sites.begin(), solution.new_sites.end());
    solution.open_sites = existing_sites(problem);
    solution.open_sites.insert(
        solution.open_sites.end(), solution.new_sites.begin(), solution.new_sites.end());
    std::sort(solution.open_sites.begin(), solution.open_sites.end());
    solution.objective = static_cast<double>(solution.new_sites.size());
    solution.bound = is_proven ? solution.objective : lower;
    solution.gap = relative_gap(solution.objective, *solution.bound);
    solution.is_proven_optimal = is_proven;
    solution.method = method;
    solution.seconds = deadline.elapsed_s();
    return result;
}

} // namespace jw::siting
