#pragma once
/// The solvers' only source of randomness: mt19937_64 plus our own range helpers, because
/// std::uniform_int_distribution differs between standard libraries and would make a seed give
/// different solutions on different machines.

#include <cstdint>
#include <random>

namespace jw::routing {

class Random {
  public:
    explicit Random(std::uint64_t seed) : m_engine(seed) {}

    /// Uniform integer in [0, bound); bound must be > 0. Rejection sampling: no modulo bias.
    std::uint64_t below(std::uint64_t bound) {
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
        std::uint64_t x = m_engine();
        while (x >= limit)
            x = m_engine();
        return x % bound;
    }
    /// Uniform integer in [low, high] (inclusive).
    std::int64_t between(std::int64_t low, std::int64_t high) {
        return low + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(high - low) + 1));
    }
    /// Uniform double in [0, 1) from the top 53 bits.
    double unit() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
    bool chance(double probability) { return unit() < probability; }

  private:
    std::mt19937_64 m_engine;
};

/// Derives independent seeds for parallel workers from one user seed (SplitMix64 finaliser).
inline std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

} // namespace jw::routing
