#pragma once
/// Options shared by every route solver: when to stop, the seed, and how many threads.

#include <chrono>
#include <cstdint>

namespace jw::routing {

/// The search follows one trajectory per worker, fixed by the seed; the clock never steers it and
/// only decides where it stops. With max_iterations set (and the time limit not reached) the
/// result is the same on every run and machine.
struct SearchOptions {
    double time_limit_seconds = 10.0; ///< wall-clock budget; <= 0 means no limit
    std::uint64_t max_iterations = 0; ///< per worker; 0 means no limit
    std::uint64_t seed = 1;
    unsigned threads = 2; ///< independent workers (seeds derived from seed); best one wins
};

namespace detail {
/// Decides when a worker stops; the only place the solvers read the clock.
class StopRule {
  public:
    /// Throws jw::UsageError when neither a time limit nor an iteration limit is set.
    explicit StopRule(const SearchOptions& options);
    bool should_stop(std::uint64_t iterations) const;
    double elapsed_seconds() const;

  private:
    std::chrono::steady_clock::time_point m_start;
    double m_time_limit_seconds;
    std::uint64_t m_max_iterations;
};
} // namespace detail

} // namespace jw::routing
