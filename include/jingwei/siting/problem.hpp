#pragma once
/// The siting models' input: demand points, candidate sites and a dense demand × site cost
/// matrix. Plain values only, so the OR-Library reader, the workspace loader and tests all fill
/// the same struct and the benchmarks run the product's solver.

#include <cstddef>
#include <limits>
#include <vector>

namespace jw::siting {

/// Dense demand × site matrix of travel costs, row-major (one row per demand point). The unit is
/// the caller's (metres, seconds, OR-Library edge lengths); every model uses it unchanged, and a
/// coverage threshold is in the same unit.
class CostMatrix {
  public:
    CostMatrix() = default;
    /// A demand_count × site_count matrix filled with `fill`.
    CostMatrix(std::size_t demand_count, std::size_t site_count, double fill = 0.0)
        : m_demand_count(demand_count), m_site_count(site_count),
          m_values(demand_count * site_count, fill) {}

    std::size_t demand_count() const noexcept { return m_demand_count; }
    std::size_t site_count() const noexcept { return m_site_count; }
    double operator()(std::size_t demand, std::size_t site) const noexcept {
        return m_values[demand * m_site_count + site];
    }
    double& operator()(std::size_t demand, std::size_t site) noexcept {
        return m_values[demand * m_site_count + site];
    }
    /// The costs from one demand point to every site (site_count values).
    const double* row(std::size_t demand) const noexcept {
        return m_values.data() + demand * m_site_count;
    }

  private:
    std::size_t m_demand_count = 0;
    std::size_t m_site_count = 0;
    std::vector<double> m_values;
};

/// A place where a facility is or could be.
struct CandidateSite {
    /// An existing facility: always open, never counted among the p new sites.
    bool is_existing = false;
    /// How much demand weight (patients or population) the site can serve; only the
    /// capacity-aware scaling-up uses it. Infinity = uncapacitated.
    double capacity = std::numeric_limits<double>::infinity();
    /// Opening cost in the caller's unit (yuan, beds); reported, used to break ties.
    double opening_cost = 0.0;
};

/// One siting instance. demand_weights[i] is the population or patient count of demand point i;
/// costs(i, j) the travel cost from demand i to site j.
struct SitingProblem {
    std::vector<double> demand_weights;
    std::vector<CandidateSite> sites;
    CostMatrix costs;
};

/// Throws jw::InputError when sizes disagree, a weight or cost is negative or not finite, or a
/// capacity is negative. Every solver calls it first.
void validate(const SitingProblem& problem);

/// Indices of the existing sites, ascending.
std::vector<std::size_t> existing_sites(const SitingProblem& problem);

} // namespace jw::siting
