#include <jingwei/error.hpp>
#include <jingwei/routing/search.hpp>

namespace jw::routing::detail {

StopRule::StopRule(const SearchOptions& options)
    : m_start(std::chrono::steady_clock::now()), m_time_limit_seconds(options.time_limit_seconds),
      m_max_iterations(options.max_iterations) {
    if (m_time_limit_seconds <= 0.0 && m_max_iterations == 0)
        throw UsageError("the search needs a time limit or an iteration limit");
}

bool StopRule::should_stop(std::uint64_t iterations) const {
    if (m_max_iterations > 0 && iterations >= m_max_iterations)
        return true;
    return m_time_limit_seconds > 0.0 && elapsed_seconds() >= m_time_limit_seconds;
}

double StopRule::elapsed_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

} // namespace jw::routing::detail
