#pragma once
// Small random siting instances and a subset enumerator for brute-force checks.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <jingwei/siting/problem.hpp>
#include <random>
#include <vector>

namespace jw::test {

/// Demand and site points on a 100 × 100 square; costs are rounded Euclidean distances.
inline siting::SitingProblem random_problem(std::uint64_t seed,
                                            std::size_t demand_count,
                                            std::size_t site_count,
                                            std::size_t existing_count = 0) {
    std::mt19937_64 rng(seed);
    auto coord = [&] { return static_cast<double>(rng() % 101); };
    siting::SitingProblem p;
    std::vector<std::pair<double, double>> demands(demand_count), sites(site_count);
    for (auto& d : demands)
        d = {coord(), coord()};
    for (auto& s : sites)
        s = {coord(), coord()};
    for (std::size_t i = 0; i < demand_count; ++i)
        p.demand_weights.push_back(static_cast<double>(1 + rng() % 9));
    for (std::size_t j = 0; j < site_count; ++j) {
        siting::CandidateSite site;
        site.is_existing = j < existing_count;
        site.capacity = static_cast<double>(10 + rng() % 30);
        site.opening_cost = static_cast<double>(rng() % 5);
        p.sites.push_back(site);
    }
    p.costs = siting::CostMatrix(demand_count, site_count);
    for (std::size_t i = 0; i < demand_count; ++i)
        for (std::size_t j = 0; j < site_count; ++j)
            p.costs(i, j) = std::round(
                std::hypot(demands[i].first - sites[j].first, demands[i].second - sites[j].second));
    return p;
}

/// Calls visit(subset) for every k-subset of `items`, in lexicographic order.
inline void for_each_subset(const std::vector<std::size_t>& items,
                            std::size_t k,
                            const std::function<void(const std::vector<std::size_t>&)>& visit) {
    std::vector<std::size_t> chosen;
    std::function<void(std::size_t)> recurse = [&](std::size_t from) {
        if (chosen.size() == k) {
            visit(chosen);
            return;
        }
        for (std::size_t t = from; t < items.size(); ++t) {
            chosen.push_back(items[t]);
            recurse(t + 1);
            chosen.pop_back();
        }
    };
    recurse(0);
}

/// The optional (non-existing) site indices.
inline std::vector<std::size_t> optional_sites(const siting::SitingProblem& p) {
    std::vector<std::size_t> out;
    for (std::size_t j = 0; j < p.sites.size(); ++j)
        if (!p.sites[j].is_existing)
            out.push_back(j);
    return out;
}

/// Existing sites plus `added`, ascending.
inline std::vector<std::size_t> with_existing(const siting::SitingProblem& p,
                                              std::vector<std::size_t> added) {
    for (std::size_t j = 0; j < p.sites.size(); ++j)
        if (p.sites[j].is_existing)
            added.push_back(j);
    std::sort(added.begin(), added.end());
    return added;
}

} // namespace jw::test
