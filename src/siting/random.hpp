#pragma once
// Deterministic random helpers for the siting heuristics. std::uniform_int_distribution is not
// used: its output differs between standard libraries, and results must repeat everywhere.

#include <cstddef>
#include <cstdint>
#include <random>

namespace jw::siting::detail {

/// Uniform integer in [0, n), n > 0, without modulo bias (rejects the short top range).
inline std::size_t uniform_index(std::mt19937_64& rng, std::size_t n) {
    const std::uint64_t range = n;
    const std::uint64_t threshold = (0 - range) % range; // 2^64 mod n
    std::uint64_t x = rng();
    while (x < threshold)
        x = rng();
    return static_cast<std::size_t>(x % range);
}

/// SplitMix64: derives well-spread seeds for parallel streams from one user seed.
inline std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

} // namespace jw::siting::detail
