#pragma once
// Which demands each site reaches within a threshold: shared by MCLP, LSCP and scaling-up.

#include <cstdint>
#include <jingwei/siting/problem.hpp>
#include <vector>

namespace jw::siting::detail {

/// For each site, the demands with cost <= threshold, nearest first (ties: lower index).
/// Throws jw::InputError if the threshold is negative or not finite.
std::vector<std::vector<std::uint32_t>> catchments(const SitingProblem& problem, double threshold);

} // namespace jw::siting::detail
