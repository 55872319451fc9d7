#include "catchment.hpp"
#include "deadline.hpp"
#include "glpk_mip.hpp"
#include "random.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <jingwei/error.hpp>
#include <jingwei/siting/mclp.hpp>
#include <limits>
#include <random>
#include <string>

namespace jw::siting {
namespace {

constexpr std::uint32_t no_site = std::numeric_limits<std::uint32_t>::max();

// Coverage by the new sites only: demands the existing sites already cover carry no weight here.
class CoverState {
  public:
    CoverState(const std::vector<std::vector<std::uint32_t>>& reach,
               const std::vector<double>& weight)
        : m_reach(&reach), m_weight(&weight), m_is_open(reach.size(), 0), m_count(weight.size(), 0),
          m_coverer_sum(weight.size(), 0) {}

    bool is_open(std::uint32_t j) const { return m_is_open[j] != 0; }
    const std::vector<std::uint32_t>& open_sites() const { return m_open; }
    double covered() const { return m_covered; }

    // Weight site j would add (sites open or not: counts only uncovered demands).
    double gain(std::uint32_t j) const {
        double total = 0.0;
        for (auto i : (*m_reach)[j])
            if (m_count[i] == 0)
                total += (*m_weight)[i];
        return total;
    }
    // Weight lost if open site j closed.
    double loss(std::uint32_t j) const {
        double total = 0.0;
        for (auto i : (*m_reach)[j])
            if (m_count[i] == 1)
                total += (*m_weight)[i];
        return total;
    }
    void open(std::uint32_t j) {
        m_is_open[j] = 1;
        m_open.push_back(j);
        for (auto i : (*m_reach)[j]) {
            if (m_count[i]++ == 0)
                m_covered += (*m_weight)[i];
            m_coverer_sum[i] += j;
        }
    }
    void close(std::uint32_t j) {
        m_is_open[j] = 0;
        m_open.erase(std::find(m_open.begin(), m_open.end(), j));
        for (auto i : (*m_reach)[j]) {
            if (--m_count[i] == 0)
                m_covered -= (*m_weight)[i];
            m_coverer_sum[i] -= j;
        }
    }
    std::uint32_t count(std::uint32_t i) const { return m_count[i]; }
    // The only open site covering i, valid when count(i) == 1.
    std::uint32_t sole_coverer(std::uint32_t i) const {
        return static_cast<std::uint32_t>(m_coverer_sum[i]);
    }

  private:
    const std::vector<std::vector<std::uint32_t>>* m_reach;
    const std::vector<double>* m_weight;
    std::vector<char> m_is_open;
    std::vector<std::uint32_t> m_open;
    std::vector<std::uint32_t> m_count;
    std::vector<std::uint64_t> m_coverer_sum; // sum of covering site indices: the one when count 1
    double m_covered = 0.0;
};

double tolerance(double value) {
    return 1e-9 * (1.0 + std::abs(value));
}

// 1-swap local search: for each closed candidate, one pass over its catchment prices opening it
// together with closing each open site (Whitaker's idea, for coverage). First improvement over
// candidates, tried cyclically from `start`; ends after a full cycle without improvement.
std::int64_t swap_search(const std::vector<std::uint32_t>& candidates,
                         const std::vector<std::vector<std::uint32_t>>& reach,
                         const std::vector<double>& weight,
                         CoverState& state,
                         std::size_t start) {
    std::int64_t moves = 0;
    if (state.open_sites().empty() || candidates.size() <= state.open_sites().size())
        return moves;
    std::vector<double> credit(reach.size(), 0.0), loss(reach.size(), 0.0);
    for (auto r : state.open_sites())
        loss[r] = state.loss(r);
    std::size_t since_improvement = 0;
    for (std::size_t step = start; since_improvement < candidates.size(); ++step) {
        const std::uint32_t f = candidates[step % candidates.size()];
        ++since_improvement;
        if (state.is_open(f))
            continue;
        for (auto r : state.open_sites())
            credit[r] = 0.0;
        double base_gain = 0.0;
        for (auto i : reach[f]) {
            if (state.count(i) == 0)
                base_gain += weight[i];
            else if (state.count(i) == 1)
                credit[state.sole_coverer(i)] += weight[i];
        }
        std::uint32_t best = no_site;
        double best_delta = 0.0;
        for (auto r : state.open_sites()) {
            const double delta = base_gain + credit[r] - loss[r];
            if (delta > best_delta + tolerance(state.covered()) ||
                (best != no_site && delta == best_delta && r < best)) {
                best_delta = delta;
                best = r;
            }
        }
        if (best != no_site) {
            state.close(best);
            state.open(f);
            ++moves;
            since_improvement = 0;
            for (auto r : state.open_sites())
                loss[r] = state.loss(r);
        }
    }
    return moves;
}

} // namespace

double covered_weight(const SitingProblem& problem,
                      double threshold,
                      const std::vector<std::size_t>& open_sites) {
    double total = 0.0;
    for (std::size_t i = 0; i < problem.demand_weights.size(); ++i)
        for (auto j : open_sites)
            if (problem.costs(i, j) <= threshold) {
                total += problem.demand_weights[i];
                break;
            }
    return total;
}

SitingSolution solve_mclp(const SitingProblem& problem,
                          double threshold,
                          std::size_t new_site_count,
                          const SolverOptions& options) {
    const detail::Deadline deadline(options.time_limit_s);
    validate(problem);
    const auto reach = detail::catchments(problem, threshold);
    const std::size_t demand_count = problem.demand_weights.size();
    std::vector<std::uint32_t> candidates;
    std::vector<char> is_covered_by_existing(demand_count, 0);
    for (std::size_t j = 0; j < problem.sites.size(); ++j) {
        if (problem.sites[j].is_existing) {
            for (auto i : reach[j])
                is_covered_by_existing[i] = 1;
        } else {
            candidates.push_back(static_cast<std::uint32_t>(j));
        }
    }
    if (new_site_count > candidates.size())
        throw InputError("",
                         0,
                         "p",
                         "asked for " + std::to_string(new_site_count) + " new sites but only " +
                             std::to_string(candidates.size()) + " optional candidate sites exist");
    double existing_weight = 0.0;
    std::vector<double> weight(demand_count, 0.0); // what a new site can still gain per demand
    for (std::size_t i = 0; i < demand_count; ++i) {
        if (is_covered_by_existing[i])
            existing_weight += problem.demand_weights[i];
        else
            weight[i] = problem.demand_weights[i];
    }

    SitingSolution solution;
    CoverState state(reach, weight);
    // Greedy addition; a site that adds nothing is not opened. Ties: lower opening cost, index.
    std::vector<double> first_gains;
    for (std::size_t k = 0; k < new_site_count; ++k) {
        std::uint32_t chosen = no_site;
        double chosen_gain = 0.0;
        for (auto j : candidates) {
            if (state.is_open(j))
                continue;
            const double g = state.gain(j);
            if (k == 0)
                first_gains.push_back(g);
            if (g > chosen_gain + tolerance(chosen_gain) ||
                (chosen != no_site && std::abs(g - chosen_gain) <= tolerance(chosen_gain) &&
                 problem.sites[j].opening_cost < problem.sites[chosen].opening_cost)) {
                chosen = j;
                chosen_gain = g;
            }
        }
        if (chosen == no_site)
            break;
        state.open(chosen);
    }
    solution.iterations += swap_search(candidates, reach, weight, state, 0);

    // Any p sites add at most the sum of their first-step gains, and at most what is reachable.
    std::sort(first_gains.begin(), first_gains.end(), std::greater<>());
    double reachable = 0.0;
    {
        std::vector<char> is_reachable(demand_count, 0);
        for (auto j : candidates)
            for (auto i : reach[j])
                is_reachable[i] = 1;
        for (std::size_t i = 0; i < demand_count; ++i)
            if (is_reachable[i])
                reachable += weight[i];
    }
    double top_gains = 0.0;
    for (std::size_t k = 0; k < std::min(new_site_count, first_gains.size()); ++k)
        top_gains += first_gains[k];
    double upper = std::min(reachable, top_gains);
    std::string method = "greedy+swap";
    bool is_proven = state.covered() >= upper - tolerance(upper);

    auto best_sites = state.open_sites();
    double best_covered = state.covered();
    if (!is_proven && options.use_exact) {
        detail::MipModel model(detail::MipModel::Sense::maximise);
        std::vector<std::size_t> y_column(problem.sites.size(), SIZE_MAX);
        std::vector<std::vector<std::pair<std::size_t, double>>> rows(demand_count);
        std::size_t nonzeros = 0;
        std::vector<std::pair<std::size_t, double>> budget;
        for (auto j : candidates) {
            bool is_useful = false;
            for (auto i : reach[j])
                is_useful = is_useful || weight[i] > 0;
            if (!is_useful)
                continue;
            y_column[j] = model.add_binary(0.0);
            budget.push_back({y_column[j], 1.0});
            for (auto i : reach[j])
                if (weight[i] > 0) {
                    rows[i].push_back({y_column[j], -1.0});
                    ++nonzeros;
                }
        }
        if (nonzeros <= options.exact_max_nonzeros) {
            method += "+glpk";
            model.add_row(budget,
                          -std::numeric_limits<double>::infinity(),
                          static_cast<double>(new_site_count));
            for (std::size_t i = 0; i < demand_count; ++i) {
                if (rows[i].empty())
                    continue;
                const std::size_t z = model.add_continuous(0.0, 1.0, weight[i]);
                rows[i].push_back({z, 1.0});
                model.add_row(rows[i], -std::numeric_limits<double>::infinity(), 0.0);
            }
            const auto result = detail::solve_mip(model, deadline.remaining_s());
            using Status = detail::MipResult::Status;
            if (result.status == Status::optimal || result.status == Status::feasible) {
                CoverState mip_state(reach, weight);
                for (auto j : candidates)
                    if (y_column[j] != SIZE_MAX && result.values[y_column[j]] > 0.5)
                        mip_state.open(j);
                if (mip_state.covered() > best_covered + tolerance(best_covered)) {
                    best_covered = mip_state.covered();
                    best_sites = mip_state.open_sites();
                }
            }
            if (result.status == Status::optimal)
                upper = std::min(upper, best_covered);
            else if (result.has_lp_bound)
                upper = std::min(upper, result.lp_bound);
            is_proven = best_covered >= upper - tolerance(upper);
        }
    }

    // Perturbation loop (iterated local search): k random swaps, swap search, keep if better.
    if (!is_proven && !best_sites.empty() && candidates.size() > best_sites.size()) {
        method += "+ils";
        std::mt19937_64 rng(options.seed);
        std::size_t k = 1;
        const std::size_t k_max = std::min<std::size_t>(best_sites.size(), 5);
        for (std::int64_t it = 0; options.max_iterations <= 0 || it < options.max_iterations;
             ++it) {
            if (deadline.is_expired() || best_covered >= upper - tolerance(upper))
                break;
            CoverState current(reach, weight);
            for (auto j : best_sites)
                current.open(j);
            for (std::size_t s = 0; s < k; ++s) {
                const auto& open = current.open_sites();
                const std::uint32_t closing = open[detail::uniform_index(rng, open.size())];
                std::uint32_t opening = no_site;
                do {
                    opening = candidates[detail::uniform_index(rng, candidates.size())];
                } while (current.is_open(opening));
                current.close(closing);
                current.open(opening);
            }
            swap_search(
                candidates, reach, weight, current, detail::uniform_index(rng, candidates.size()));
            ++solution.iterations;
            if (current.covered() > best_covered + tolerance(best_covered)) {
                best_covered = current.covered();
                best_sites = current.open_sites();
                k = 1;
            } else {
                k = k >= k_max ? 1 : k + 1;
            }
        }
        is_proven = best_covered >= upper - tolerance(upper);
    }

    solution.new_sites.assign(best_sites.begin(), best_sites.end());
    std::sort(solution.new_sites.begin(), solution.new_sites.end());
    solution.open_sites = existing_sites(problem);
    solution.open_sites.insert(
        solution.open_sites.end(), solution.new_sites.begin(), solution.new_sites.end());
    std::sort(solution.open_sites.begin(), solution.open_sites.end());
    solution.objective = covered_weight(problem, threshold, solution.open_sites);
    solution.bound = is_proven ? solution.objective : existing_weight + upper;
    solution.gap = relative_gap(solution.objective, *solution.bound);
    solution.is_proven_optimal = is_proven;
    solution.method = method;
    solution.seconds = deadline.elapsed_s();
    return solution;
}

} // namespace jw::siting
