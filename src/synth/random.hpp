#pragma once
// Seeded randomness that gives the same numbers with every standard library: std::mt19937_64 is
// specified bit for bit, but std::uniform_*_distribution and std::normal_distribution are not.

#include <cmath>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace jw::synth::detail {

/// SplitMix64 finaliser: turns (seed, key) pairs into well-mixed 64-bit seeds.
inline std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// FNV-1a of a string, so a stream can be keyed by a unit code.
inline std::uint64_t hash_text(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

/// A seed for the stream of one unit: independent of the order units are processed in, so
/// adding a village elsewhere does not change this village's rows.
inline std::uint64_t stream_seed(std::uint64_t seed, std::string_view key) {
    return splitmix64(splitmix64(seed) ^ hash_text(key));
}

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}
    std::uint64_t bits() { return m_engine(); }
    /// Uniform in [0, 1), 53 random bits.
    double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Uniform integer in [lo, hi], unbiased (rejection).
    std::int64_t integer(std::int64_t lo, std::int64_t hi) {
        const std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1;
        if (span == 0)
            return static_cast<std::int64_t>(m_engine());
        const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % span);
        std::uint64_t r;
        do
            r = m_engine();
        while (r >= limit);
        return lo + static_cast<std::int64_t>(r % span);
    }
    bool chance(double p) { return uniform() < p; }
    /// Standard normal by Box–Muller (no cached second value, so the stream stays simple).
    double normal() {
        double u1 = uniform();
        while (u1 <= 0.0)
            u1 = uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    }
    /// Index drawn with probability proportional to weights (which need not sum to 1).
    std::size_t pick(const std::vector<double>& weights) {
        double total = 0;
        for (const double w : weights)
            total += w;
        double r = uniform() * total;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (r < weights[i])
                return i;
            r -= weights[i];
        }
        return weights.empty() ? 0 : weights.size() - 1;
    }

  private:
    std::mt19937_64 m_engine;
};

} // namespace jw::synth::detail
