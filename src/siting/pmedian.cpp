#include "deadline.hpp"
#include "glpk_mip.hpp"
#include "random.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <jingwei/error.hpp>
#include <jingwei/parallel.hpp>
#include <jingwei/siting/pmedian.hpp>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <thread>

namespace jw::siting {
namespace {

using detail::Deadline;
using detail::derive_seed;
using detail::uniform_index;

constexpr std::uint32_t no_site = std::numeric_limits<std::uint32_t>::max();
constexpr double infinity = std::numeric_limits<double>::infinity();

// The solver's view of a SitingProblem. Costs are pre-multiplied by the demand weight and stored
// site-major: the interchange evaluates one candidate against every demand, so keeping a
// candidate's column contiguous keeps that inner loop in cache.
struct Instance {
    std::size_t demand_count = 0;
    std::size_t site_count = 0;
    std::vector<double> weighted_costs; // [site * demand_count + demand] = w_i * c_ij
    std::vector<char> is_fixed;         // existing sites: open in every solution
    std::vector<std::uint32_t> fixed_sites;
    std::vector<std::uint32_t> optional_sites;
    std::size_t new_site_count = 0;
    // All weighted costs are integers (OR-Library): any objective is an integer, so a lower
    // bound may be rounded up and fixing may cut at "cannot beat the incumbent by 1".
    bool is_integral = false;

    const double* column(std::size_t site) const {
        return weighted_costs.data() + site * demand_count;
    }
    double tolerance(double cost) const { return 1e-9 * (1.0 + std::abs(cost)); }
    // The best lower bound a value `bound` implies for the objective.
    double usable_bound(double bound) const {
        return is_integral ? std::ceil(bound - 1e-6) : bound;
    }
    bool proves(double bound, double upper) const {
        return usable_bound(bound) >= upper - tolerance(upper);
    }
};

Instance make_instance(const SitingProblem& problem, std::size_t new_site_count) {
    validate(problem);
    Instance inst;
    inst.demand_count = problem.demand_weights.size();
    inst.site_count = problem.sites.size();
    inst.new_site_count = new_site_count;
    if (inst.site_count >= no_site)
        throw InputError("", 0, "sites", "too many candidate sites");
    inst.weighted_costs.resize(inst.demand_count * inst.site_count);
    inst.is_integral = true;
    for (std::size_t i = 0; i < inst.demand_count; ++i) {
        const double* row = problem.costs.row(i);
        for (std::size_t j = 0; j < inst.site_count; ++j) {
            const double value = problem.demand_weights[i] * row[j];
            inst.weighted_costs[j * inst.demand_count + i] = value;
            if (value != std::floor(value) || value > 1e15)
                inst.is_integral = false;
        }
    }
    inst.is_fixed.assign(inst.site_count, 0);
    for (std::size_t j = 0; j < inst.site_count; ++j) {
        if (problem.sites[j].is_existing) {
            inst.is_fixed[j] = 1;
            inst.fixed_sites.push_back(static_cast<std::uint32_t>(j));
        } else {
            inst.optional_sites.push_back(static_cast<std::uint32_t>(j));
        }
    }
    if (new_site_count > inst.optional_sites.size())
        throw InputError("",
                         0,
                         "p",
                         "asked for " + std::to_string(new_site_count) + " new sites but only " +
                             std::to_string(inst.optional_sites.size()) +
                             " optional candidate sites exist");
    if (new_site_count + inst.fixed_sites.size() == 0)
        throw InputError("", 0, "p", "no site would be open: p = 0 and no existing sites");
    return inst;
}

// An open set with every demand's nearest and second-nearest open site, kept up to date across
// swaps (the data fast interchange needs).
class Assignment {
  public:
    Assignment(const Instance& inst, const std::vector<std::uint32_t>& open_sites)
        : m_inst(&inst), m_is_open(inst.site_count, 0), m_open(open_sites),
          m_nearest(inst.demand_count), m_second(inst.demand_count),
          m_nearest_cost(inst.demand_count), m_second_cost(inst.demand_count) {
        for (auto j : m_open)
            m_is_open[j] = 1;
        for (std::size_t i = 0; i < inst.demand_count; ++i)
            reassign(i);
        recompute_cost();
    }

    double cost() const { return m_cost; }
    bool is_open(std::size_t site) const { return m_is_open[site] != 0; }
    const std::vector<std::uint32_t>& open_sites() const { return m_open; }
    std::uint32_t nearest(std::size_t demand) const { return m_nearest[demand]; }
    double nearest_cost(std::size_t demand) const { return m_nearest_cost[demand]; }
    double second_cost(std::size_t demand) const { return m_second_cost[demand]; }

    void swap_sites(std::uint32_t closing, std::uint32_t opening) {
        m_is_open[closing] = 0;
        m_is_open[opening] = 1;
        *std::find(m_open.begin(), m_open.end(), closing) = opening;
        const double* col = m_inst->column(opening);
        for (std::size_t i = 0; i < m_inst->demand_count; ++i) {
            if (m_nearest[i] == closing || m_second[i] == closing) {
                reassign(i);
            } else if (col[i] < m_nearest_cost[i]) {
                m_second[i] = m_nearest[i];
                m_second_cost[i] = m_nearest_cost[i];
                m_nearest[i] = opening;
                m_nearest_cost[i] = col[i];
            } else if (col[i] < m_second_cost[i]) {
                m_second[i] = opening;
                m_second_cost[i] = col[i];
            }
        }
        recompute_cost(); // summed afresh so rounding never drifts over many swaps
    }

    std::vector<std::size_t> sorted_open_sites() const {
        std::vector<std::size_t> out(m_open.begin(), m_open.end());
        std::sort(out.begin(), out.end());
        return out;
    }

  private:
    void reassign(std::size_t i) {
        std::uint32_t best = no_site, second = no_site;
        double best_cost = infinity, second_cost = infinity;
        for (auto j : m_open) {
            const double c = m_inst->column(j)[i];
            // Ties go to the lower index so that the state never depends on opening order.
            if (c < best_cost || (c == best_cost && j < best)) {
                second = best;
                second_cost = best_cost;
                best = j;
                best_cost = c;
            } else if (c < second_cost || (c == second_cost && j < second)) {
                second = j;
                second_cost = c;
            }
        }
        m_nearest[i] = best;
        m_second[i] = second;
        m_nearest_cost[i] = best_cost;
        m_second_cost[i] = second_cost;
    }
    void recompute_cost() {
        m_cost = std::accumulate(m_nearest_cost.begin(), m_nearest_cost.end(), 0.0);
    }

    const Instance* m_inst;
    std::vector<char> m_is_open;
    std::vector<std::uint32_t> m_open;
    std::vector<std::uint32_t> m_nearest, m_second;
    std::vector<double> m_nearest_cost, m_second_cost;
    double m_cost = 0.0;
};

// Greedy addition (Kuehn & Hamburger 1963): open the site that lowers the cost most, p times.
std::vector<std::uint32_t> greedy_start(const Instance& inst) {
    std::vector<std::uint32_t> open = inst.fixed_sites;
    std::vector<double> best(inst.demand_count, infinity);
    std::vector<char> is_open(inst.site_count, 0);
    for (auto j : open) {
        is_open[j] = 1;
        const double* col = inst.column(j);
        for (std::size_t i = 0; i < inst.demand_count; ++i)
            best[i] = std::min(best[i], col[i]);
    }
    for (std::size_t k = 0; k < inst.new_site_count; ++k) {
        std::uint32_t chosen = no_site;
        double chosen_total = infinity;
        for (auto j : inst.optional_sites) {
            if (is_open[j])
                continue;
            const double* col = inst.column(j);
            double total = 0.0;
            for (std::size_t i = 0; i < inst.demand_count; ++i)
                total += std::min(best[i], col[i]);
            if (total < chosen_total) {
                chosen_total = total;
                chosen = j;
            }
        }
        open.push_back(chosen);
        is_open[chosen] = 1;
        const double* col = inst.column(chosen);
        for (std::size_t i = 0; i < inst.demand_count; ++i)
            best[i] = std::min(best[i], col[i]);
    }
    return open;
}

// Whitaker's fast interchange (1983), as in Hansen & Mladenović (1997): one pass over the
// demands prices opening a candidate and, at once, closing each open site with it; the best
// closing is applied as soon as the pair improves. Candidates are tried cyclically from
// `start`, and the search ends after a full cycle without improvement. Returns the moves made.
std::int64_t local_search(const Instance& inst,
                          Assignment& a,
                          std::size_t start,
                          std::vector<double>& closing_loss) {
    if (inst.new_site_count == 0 || inst.new_site_count == inst.optional_sites.size())
        return 0; // nothing can be swapped
    closing_loss.assign(inst.site_count, 0.0);
    const std::size_t candidate_count = inst.optional_sites.size();
    std::int64_t moves = 0;
    std::size_t since_improvement = 0;
    for (std::size_t step = start; since_improvement < candidate_count; ++step) {
        const std::uint32_t opening = inst.optional_sites[step % candidate_count];
        ++since_improvement;
        if (a.is_open(opening))
            continue;
        for (auto j : a.open_sites())
            closing_loss[j] = 0.0;
        const double* col = inst.column(opening);
        double opening_gain = 0.0;
        for (std::size_t i = 0; i < inst.demand_count; ++i) {
            const double d1 = a.nearest_cost(i);
            if (col[i] < d1)
                opening_gain += d1 - col[i];
            else
                closing_loss[a.nearest(i)] += std::min(col[i], a.second_cost(i)) - d1;
        }
        std::uint32_t closing = no_site;
        double closing_cost = infinity;
        for (auto j : a.open_sites()) {
            if (inst.is_fixed[j])
                continue;
            if (closing_loss[j] < closing_cost ||
                (closing_loss[j] == closing_cost && j < closing)) {
                closing_cost = closing_loss[j];
                closing = j;
            }
        }
        if (closing != no_site && closing_cost - opening_gain < -inst.tolerance(a.cost())) {
            a.swap_sites(closing, opening);
            ++moves;
            since_improvement = 0;
        }
    }
    return moves;
}

// One variable-neighbourhood-search trajectory (Hansen & Mladenović 1997): shake the best
// solution by k random swaps, descend with fast interchange, accept if better (k = 1) or widen
// the neighbourhood (k + 1, back to 1 after k_max).
struct SearchStream {
    SearchStream(std::uint64_t seed, const Assignment& start) : rng(seed), best(start) {}

    std::mt19937_64 rng;
    Assignment best;
    std::size_t k = 1;
    std::int64_t iterations = 0;
    std::vector<double> scratch;
    std::vector<std::uint32_t> removable; // scratch: open optional sites

    void run(const Instance& inst,
             std::int64_t iteration_count,
             const Deadline& deadline,
             double phase_end_s,
             double target_cost) {
        const std::size_t k_max =
            std::max<std::size_t>(1, std::min<std::size_t>(inst.new_site_count, 10));
        for (std::int64_t it = 0; it < iteration_count; ++it) {
            if (best.cost() <= target_cost + inst.tolerance(target_cost) ||
                deadline.elapsed_s() >= phase_end_s)
                return;
            Assignment current = best;
            for (std::size_t s = 0; s < k; ++s) {
                removable.clear();
                for (auto j : current.open_sites())
                    if (!inst.is_fixed[j])
                        removable.push_back(j);
                const std::uint32_t closing = removable[uniform_index(rng, removable.size())];
                std::uint32_t opening = no_site;
                do {
                    opening = inst.optional_sites[uniform_index(rng, inst.optional_sites.size())];
                } while (current.is_open(opening));
                current.swap_sites(closing, opening);
            }
            local_search(inst, current, uniform_index(rng, inst.optional_sites.size()), scratch);
            ++iterations;
            if (current.cost() < best.cost() - inst.tolerance(best.cost())) {
                best = std::move(current);
                k = 1;
            } else {
                k = k >= k_max ? 1 : k + 1;
            }
        }
    }
};

// Demands of each site in increasing weighted cost: the Lagrangian sums stop at the first demand
// whose cost exceeds every multiplier, which is early for most sites.
std::vector<std::uint32_t> sort_columns(const Instance& inst) {
    std::vector<std::uint32_t> order(inst.site_count * inst.demand_count);
    for (std::size_t j = 0; j < inst.site_count; ++j) {
        auto* first = order.data() + j * inst.demand_count;
        std::iota(first, first + inst.demand_count, 0u);
        const double* col = inst.column(j);
        std::sort(first, first + inst.demand_count, [col](std::uint32_t a, std::uint32_t b) {
            return col[a] < col[b] || (col[a] == col[b] && a < b);
        });
    }
    return order;
}

// Lagrangian relaxation of the assignment constraints (Beasley 1993; Cornuéjols, Fisher &
// Nemhauser 1977): with multipliers lambda_i, L = sum lambda_i + sum over the p cheapest
// sites of rho_j = sum_i min(0, w_i c_ij - lambda_i), existing sites always counted.
struct Lagrangian {
    const Instance& inst;
    const std::vector<std::uint32_t>& sorted;
    std::vector<double> rho;           // per site
    std::vector<std::uint32_t> chosen; // optional sites of the subproblem's solution
    std::vector<std::uint32_t> by_rho; // optional sites sorted by (rho, index)

    Lagrangian(const Instance& i, const std::vector<std::uint32_t>& s)
        : inst(i), sorted(s), rho(i.site_count) {}

    double evaluate(const std::vector<double>& lambda) {
        const double lambda_max = *std::max_element(lambda.begin(), lambda.end());
        for (std::size_t j = 0; j < inst.site_count; ++j) {
            const double* col = inst.column(j);
            const std::uint32_t* order = sorted.data() + j * inst.demand_count;
            double sum = 0.0;
            for (std::size_t k = 0; k < inst.demand_count; ++k) {
                const std::uint32_t i = order[k];
                if (col[i] >= lambda_max)
                    break;
                if (col[i] < lambda[i])
                    sum += col[i] - lambda[i];
            }
            rho[j] = sum;
        }
        by_rho = inst.optional_sites;
        std::sort(by_rho.begin(), by_rho.end(), [this](std::uint32_t a, std::uint32_t b) {
            return rho[a] < rho[b] || (rho[a] == rho[b] && a < b);
        });
        chosen.assign(by_rho.begin(),
                      by_rho.begin() + static_cast<std::ptrdiff_t>(inst.new_site_count));
        double value = std::accumulate(lambda.begin(), lambda.end(), 0.0);
        for (auto j : inst.fixed_sites)
            value += rho[j];
        for (auto j : chosen)
            value += rho[j];
        return value;
    }

    // g_i = 1 - (number of open sites in the subproblem that take demand i).
    void subgradient(const std::vector<double>& lambda, std::vector<double>& g) const {
        const double lambda_max = *std::max_element(lambda.begin(), lambda.end());
        g.assign(inst.demand_count, 1.0);
        auto count = [&](std::uint32_t j) {
            const double* col = inst.column(j);
            const std::uint32_t* order = sorted.data() + j * inst.demand_count;
            for (std::size_t k = 0; k < inst.demand_count; ++k) {
                const std::uint32_t i = order[k];
                if (col[i] >= lambda_max)
                    break;
                if (col[i] < lambda[i])
                    g[i] -= 1.0;
            }
        };
        for (auto j : inst.fixed_sites)
            count(j);
        for (auto j : chosen)
            count(j);
    }
};

struct BoundResult {
    double bound = -infinity;
    std::vector<double> multipliers;
    std::int64_t iterations = 0;
};

// Subgradient optimisation with Polyak steps (Held, Wolfe & Crowder 1974), the step factor
// halved after 30 iterations without progress. Every few iterations the subproblem's sites seed
// a fast-interchange descent (a Lagrangian heuristic) that may improve the incumbent.
BoundResult lagrangian_bound(const Instance& inst,
                             const std::vector<std::uint32_t>& sorted,
                             Assignment& incumbent,
                             std::int64_t max_iterations,
                             const Deadline& deadline,
                             double phase_end_s) {
    BoundResult out;
    Lagrangian lagrangian(inst, sorted);
    std::vector<double> lambda(inst.demand_count);
    for (std::size_t i = 0; i < inst.demand_count; ++i)
        lambda[i] = incumbent.nearest_cost(i); // what each demand pays now: a good start
    std::vector<double> g, scratch;
    double step_factor = 2.0;
    int since_progress = 0;
    std::int64_t last_heuristic = -1000;
    for (std::int64_t it = 0; it < max_iterations; ++it) {
        if (deadline.elapsed_s() >= phase_end_s)
            break;
        const double value = lagrangian.evaluate(lambda);
        ++out.iterations;
        const bool improved = value > out.bound + inst.tolerance(out.bound);
        if (value > out.bound) {
            out.bound = value;
            out.multipliers = lambda;
        }
        if (improved)
            since_progress = 0;
        else if (++since_progress >= 30) {
            step_factor /= 2.0;
            since_progress = 0;
        }
        if ((improved && it - last_heuristic >= 5) || it - last_heuristic >= 50) {
            last_heuristic = it;
            std::vector<std::uint32_t> open = inst.fixed_sites;
            open.insert(open.end(), lagrangian.chosen.begin(), lagrangian.chosen.end());
            Assignment candidate(inst, open);
            local_search(inst, candidate, 0, scratch);
            if (candidate.cost() < incumbent.cost() - inst.tolerance(incumbent.cost()))
                incumbent = std::move(candidate);
        }
        if (inst.proves(out.bound, incumbent.cost()) || step_factor < 1e-4)
            break;
        lagrangian.subgradient(lambda, g);
        const double norm2 = std::inner_product(g.begin(), g.end(), g.begin(), 0.0);
        if (norm2 == 0.0) {
            // Every demand is assigned exactly once: the subproblem's solution is feasible and
            // its cost equals the bound, so it is optimal.
            std::vector<std::uint32_t> open = inst.fixed_sites;
            open.insert(open.end(), lagrangian.chosen.begin(), lagrangian.chosen.end());
            Assignment candidate(inst, open);
            if (candidate.cost() < incumbent.cost())
                incumbent = std::move(candidate);
            break;
        }
        const double step = step_factor * (incumbent.cost() - value) / norm2;
        for (std::size_t i = 0; i < inst.demand_count; ++i)
            lambda[i] = std::max(0.0, lambda[i] + step * g[i]);
    }
    return out;
}

struct ExactResult {
    bool ran = false;
    bool is_optimal = false;  // incumbent (possibly replaced) is proven optimal
    double bound = -infinity; // valid lower bound on the optimum
};

// Reduced-cost fixing from the best multipliers (Beasley 1993), then the remaining model as a
// MIP in Elloumi's (2010) per-demand distance-level form: z_ik = 1 when demand i has no open site
// closer than its k-th distinct cost. Only sites that can still beat the incumbent stay free, so
// the MIP is small when the Lagrangian bound is tight.
ExactResult exact_search(const Instance& inst,
                         const std::vector<std::uint32_t>& sorted,
                         const BoundResult& lagrangian_result,
                         Assignment& incumbent,
                         std::size_t max_nonzeros,
                         const Deadline& deadline) {
    ExactResult out;
    const double upper = incumbent.cost();
    // A solution must cost at most `cutoff` to beat the incumbent.
    const double cutoff = inst.is_integral ? upper - 1.0 + 1e-6 : upper - inst.tolerance(upper);
    std::vector<char> is_closed(inst.site_count, 0), is_forced_open(inst.site_count, 0);
    if (!lagrangian_result.multipliers.empty() && inst.new_site_count > 0) {
        Lagrangian lagrangian(inst, sorted);
        const double value = lagrangian.evaluate(lagrangian_result.multipliers);
        const auto& by_rho = lagrangian.by_rho;
        const std::size_t p = inst.new_site_count;
        const double last_in = lagrangian.rho[by_rho[p - 1]];
        const double first_out = p < by_rho.size() ? lagrangian.rho[by_rho[p]] : infinity;
        for (std::size_t k = 0; k < by_rho.size(); ++k) {
            const std::uint32_t j = by_rho[k];
            if (k >= p && value - last_in + lagrangian.rho[j] > cutoff)
                is_closed[j] = 1; // opening j cannot beat the incumbent
            if (k < p && value - lagrangian.rho[j] + first_out > cutoff)
                is_forced_open[j] = 1; // closing j cannot beat the incumbent
        }
    }
    std::vector<std::uint32_t> open_fixed = inst.fixed_sites;
    std::vector<std::uint32_t> free_sites;
    for (auto j : inst.optional_sites) {
        if (is_forced_open[j])
            open_fixed.push_back(j);
        else if (!is_closed[j])
            free_sites.push_back(j);
    }
    const std::size_t forced = open_fixed.size() - inst.fixed_sites.size();
    const std::size_t to_choose = inst.new_site_count - forced;
    if (to_choose > free_sites.size()) {
        // Nothing can beat the incumbent.
        out.ran = true;
        out.is_optimal = true;
        out.bound = upper;
        return out;
    }
    if (to_choose == 0) {
        Assignment candidate(inst, open_fixed);
        if (candidate.cost() < incumbent.cost())
            incumbent = std::move(candidate);
        out.ran = true;
        out.is_optimal = true;
        out.bound = incumbent.cost();
        return out;
    }

    // Per demand: the cost cap from the sites that are open anyway, and the free sites below it.
    std::vector<double> cap(inst.demand_count, infinity);
    for (auto j : open_fixed) {
        const double* col = inst.column(j);
        for (std::size_t i = 0; i < inst.demand_count; ++i)
            cap[i] = std::min(cap[i], col[i]);
    }
    std::size_t nonzeros = free_sites.size();
    for (std::size_t i = 0; i < inst.demand_count; ++i)
        for (auto j : free_sites)
            if (inst.column(j)[i] < cap[i])
                nonzeros += 3; // y in one level row, z in two rows at most
    if (nonzeros > max_nonzeros || deadline.remaining_s() <= 0.0)
        return out;

    detail::MipModel model(detail::MipModel::Sense::minimise);
    std::vector<std::size_t> y_column(inst.site_count);
    std::vector<std::pair<std::size_t, double>> terms;
    for (auto j : free_sites) {
        y_column[j] = model.add_binary(0.0);
        terms.push_back({y_column[j], 1.0});
    }
    model.add_row(terms, static_cast<double>(to_choose), static_cast<double>(to_choose));
    double constant = 0.0;
    std::vector<std::pair<double, std::uint32_t>> relevant;
    for (std::size_t i = 0; i < inst.demand_count; ++i) {
        relevant.clear();
        for (auto j : free_sites)
            if (inst.column(j)[i] < cap[i])
                relevant.push_back({inst.column(j)[i], j});
        if (relevant.empty()) {
            constant += cap[i];
            continue;
        }
        std::sort(relevant.begin(), relevant.end());
        constant += relevant.front().first;
        // Walk the distinct levels; each level's sites may cover the step to the next level.
        std::size_t previous_z = SIZE_MAX;
        std::size_t k = 0;
        while (k < relevant.size()) {
            const double level = relevant[k].first;
            terms.clear();
            for (; k < relevant.size() && relevant[k].first == level; ++k)
                terms.push_back({y_column[relevant[k].second], 1.0});
            const double next_level = k < relevant.size() ? relevant[k].first : cap[i];
            if (!std::isfinite(next_level))
                break; // the last level: some free site is open, as to_choose >= 1
            const std::size_t z = model.add_continuous(0.0, 1.0, next_level - level);
            terms.push_back({z, 1.0});
            if (previous_z == SIZE_MAX) {
                model.add_row(terms, 1.0, infinity); // z + sum y >= 1
            } else {
                terms.push_back({previous_z, -1.0});
                model.add_row(terms, 0.0, infinity); // z >= z_prev - sum y
            }
            previous_z = z;
        }
    }
    model.set_objective_constant(constant);
    const auto result = detail::solve_mip(model, deadline.remaining_s());
    out.ran = true;
    using Status = detail::MipResult::Status;
    if (result.status == Status::optimal || result.status == Status::feasible) {
        std::vector<std::uint32_t> open = open_fixed;
        for (auto j : free_sites)
            if (result.values[y_column[j]] > 0.5)
                open.push_back(j);
        Assignment candidate(inst, open);
        if (candidate.cost() < incumbent.cost() - inst.tolerance(incumbent.cost()))
            incumbent = std::move(candidate);
    }
    if (result.status == Status::optimal || result.status == Status::infeasible) {
        out.is_optimal = true;
        out.bound = incumbent.cost();
    } else if (result.has_lp_bound) {
        // The LP bounds only the solutions that beat the incumbent.
        out.bound = std::min(incumbent.cost(), result.lp_bound);
    }
    return out;
}

struct VnsPhase {
    double end_s = 0.0;                // stop once this much of the budget has gone
    double target_cost = -infinity;    // stop when reached (a proven lower bound)
    std::int64_t iteration_budget = 0; // per thread; 0 = unlimited
    int stall_rounds = 0;              // stop after this many rounds without progress; 0 = never
};

struct VnsOutcome {
    std::int64_t iterations = 0;        // summed over threads
    std::int64_t rounds_iterations = 0; // per thread, as counted against the budget
};

// Runs the VNS streams in rounds of fixed length; threads meet after each round, so the outcome
// depends on the seed and the iteration counts only, never on which thread ran faster.
VnsOutcome parallel_vns(const Instance& inst,
                        Assignment& incumbent,
                        const PMedianOptions& options,
                        const Deadline& deadline,
                        const VnsPhase& phase) {
    const double phase_end_s = phase.end_s;
    const double target_cost = phase.target_cost;
    const std::size_t stream_count = std::max(1u, options.threads);
    std::vector<SearchStream> streams;
    for (std::size_t t = 0; t < stream_count; ++t)
        streams.emplace_back(derive_seed(options.seed, t), incumbent);
    constexpr std::int64_t round_iterations = 32;
    std::int64_t done = 0;
    int stalled_rounds = 0;
    const bool is_limited = phase.iteration_budget > 0;
    while (!is_limited || done < phase.iteration_budget) {
        const std::int64_t this_round =
            is_limited ? std::min(round_iterations, phase.iteration_budget - done)
                       : round_iterations;
        parallel_ranges(stream_count,
                        static_cast<unsigned>(stream_count),
                        [&](unsigned, std::size_t first, std::size_t last) {
                            for (std::size_t t = first; t < last; ++t)
                                streams[t].run(
                                    inst, this_round, deadline, phase_end_s, target_cost);
                        });
        done += this_round;
        // Reduce in thread order; streams that fell behind restart from the best.
        std::size_t best = 0;
        for (std::size_t t = 1; t < stream_count; ++t)
            if (streams[t].best.cost() <
                streams[best].best.cost() - inst.tolerance(streams[best].best.cost()))
                best = t;
        if (streams[best].best.cost() < incumbent.cost() - inst.tolerance(incumbent.cost())) {
            incumbent = streams[best].best;
            stalled_rounds = 0;
        } else {
            ++stalled_rounds;
        }
        for (auto& s : streams)
            if (s.best.cost() > incumbent.cost() + inst.tolerance(incumbent.cost())) {
                s.best = incumbent;
                s.k = 1;
            }
        if (incumbent.cost() <= target_cost + inst.tolerance(target_cost) ||
            deadline.elapsed_s() >= phase_end_s ||
            (phase.stall_rounds > 0 && stalled_rounds >= phase.stall_rounds))
            break;
    }
    VnsOutcome out;
    out.rounds_iterations = done;
    for (const auto& s : streams)
        out.iterations += s.iterations;
    return out;
}

} // namespace

double pmedian_cost(const SitingProblem& problem, const std::vector<std::size_t>& open_sites) {
    if (open_sites.empty())
        throw InputError("", 0, "open_sites", "no open site");
    for (auto j : open_sites)
        if (j >= problem.sites.size())
            throw InputError(
                "", 0, "open_sites", "site index " + std::to_string(j) + " out of range");
    double total = 0.0;
    for (std::size_t i = 0; i < problem.demand_weights.size(); ++i) {
        double best = infinity;
        for (auto j : open_sites)
            best = std::min(best, problem.costs(i, j));
        total += problem.demand_weights[i] * best;
    }
    return total;
}

SitingSolution solve_pmedian(const SitingProblem& problem,
                             std::size_t new_site_count,
                             const PMedianOptions& options) {
    const Deadline deadline(options.time_limit_s);
    const Instance inst = make_instance(problem, new_site_count);
    SitingSolution solution;
    std::string method = "greedy+interchange";

    std::vector<double> scratch;
    Assignment incumbent(inst, greedy_start(inst));
    solution.iterations += local_search(inst, incumbent, 0, scratch);

    const bool can_swap =
        inst.new_site_count > 0 && inst.new_site_count < inst.optional_sites.size();
    double lower = -infinity;
    bool is_proven = !can_swap; // nothing to choose: the only solution is optimal
    BoundResult lagrangian_result;
    std::vector<std::uint32_t> sorted;
    if (!is_proven && options.lagrangian_iterations > 0) {
        method += "+lagrangian";
        sorted = sort_columns(inst);
        lagrangian_result = lagrangian_bound(inst,
                                             sorted,
                                             incumbent,
                                             options.lagrangian_iterations,
                                             deadline,
                                             deadline.at_fraction_s(0.35));
        lower = lagrangian_result.bound;
        is_proven = inst.proves(lower, incumbent.cost());
    }
    // The search runs until it stalls when a MIP may follow (the MIP proves faster than more
    // search finds), then, if the MIP did not settle it, resumes with what is left.
    const bool will_try_exact = options.use_exact && !sorted.empty();
    std::int64_t search_iterations_left = options.max_iterations; // 0 = unlimited
    VnsPhase phase;
    phase.target_cost = std::isfinite(lower) ? inst.usable_bound(lower) : -infinity;
    if (!is_proven) {
        method += "+vns";
        phase.end_s = deadline.at_fraction_s(will_try_exact ? 0.6 : 1.0);
        phase.iteration_budget = options.max_iterations;
        phase.stall_rounds = will_try_exact ? 4 : 0;
        const auto outcome = parallel_vns(inst, incumbent, options, deadline, phase);
        solution.iterations += outcome.iterations;
        if (options.max_iterations > 0)
            search_iterations_left = options.max_iterations - outcome.rounds_iterations;
        is_proven = std::isfinite(lower) && inst.proves(lower, incumbent.cost());
    }
    if (!is_proven && will_try_exact) {
        const auto exact = exact_search(
            inst, sorted, lagrangian_result, incumbent, options.exact_max_nonzeros, deadline);
        if (exact.ran) {
            method += "+glpk";
            lower = std::max(lower, exact.bound);
            is_proven = exact.is_optimal || inst.proves(lower, incumbent.cost());
        }
        const bool has_iterations_left = options.max_iterations == 0 || search_iterations_left > 0;
        if (!is_proven && has_iterations_left && !deadline.is_expired()) {
            phase.end_s = deadline.at_fraction_s(1.0);
            phase.iteration_budget = options.max_iterations == 0 ? 0 : search_iterations_left;
            phase.stall_rounds = 0;
            solution.iterations +=
                parallel_vns(inst, incumbent, options, deadline, phase).iterations;
            is_proven = std::isfinite(lower) && inst.proves(lower, incumbent.cost());
        }
    }

    solution.open_sites = incumbent.sorted_open_sites();
    for (auto j : solution.open_sites)
        if (!inst.is_fixed[j])
            solution.new_sites.push_back(j);
    solution.objective = incumbent.cost();
    if (is_proven) {
        solution.bound = solution.objective;
    } else if (std::isfinite(lower)) {
        solution.bound = std::min(solution.objective, inst.usable_bound(lower));
    }
    if (solution.bound)
        solution.gap = relative_gap(solution.objective, *solution.bound);
    solution.is_proven_optimal = is_proven;
    solution.method = method;
    solution.seconds = deadline.elapsed_s();
    return solution;
}

} // namespace jw::siting
