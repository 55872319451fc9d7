#pragma once
// Wall-clock budget for a solve. Used only to stop searching, never to make a choice, so that a
// run bounded by iterations repeats exactly.

#include <algorithm>
#include <chrono>

namespace jw::siting::detail {

class Deadline {
  public:
    explicit Deadline(double budget_s)
        : m_start(Clock::now()), m_budget_s(std::max(0.0, budget_s)) {}
    double elapsed_s() const {
        return std::chrono::duration<double>(Clock::now() - m_start).count();
    }
    double remaining_s() const { return std::max(0.0, m_budget_s - elapsed_s()); }
    bool is_expired() const { return elapsed_s() >= m_budget_s; }
    /// The moment `fraction` of the budget has gone, as seconds since the start.
    double at_fraction_s(double fraction) const { return m_budget_s * fraction; }

  private:
    using Clock = std::chrono::steady_clock;
    Clock::time_point m_start;
    double m_budget_s;
};

} // namespace jw::siting::detail
