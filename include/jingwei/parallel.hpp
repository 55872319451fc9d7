#pragma once
/// Splits [0, n) into contiguous ranges, one per thread, as the library's data-parallel loops do.

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace jw {

/// `requested` threads, or every hardware thread when 0; never fewer than 1.
inline unsigned thread_count(unsigned requested) {
    return std::max(1u, requested ? requested : std::thread::hardware_concurrency());
}

/// Calls body(t, begin, end) for min(n, threads) contiguous ranges of [0, n), range 0 on the
/// calling thread. Waits for all; then rethrows the exception of the lowest range that threw,
/// so which error is reported does not depend on timing (the VROOM pattern: workers catch
/// into std::exception_ptr, the caller rethrows).
template <typename Body> void parallel_ranges(std::size_t n, unsigned threads, Body&& body) {
    threads = static_cast<unsigned>(std::clamp<std::size_t>(n, 1, std::max(1u, threads)));
    const std::size_t chunk = (n + threads - 1) / threads;
    std::vector<std::exception_ptr> errors(threads);
    const auto run = [&](unsigned t) {
        try {
            body(t, std::min(n, t * chunk), std::min(n, (t + 1) * chunk));
        } catch (...) {
            errors[t] = std::current_exception();
        }
    };
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t)
        workers.emplace_back(run, t);
    run(0);
    for (auto& w : workers)
        w.join();
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
}

} // namespace jw
