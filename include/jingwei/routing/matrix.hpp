#pragma once
/// A square travel matrix (seconds, metres or any additive cost), dense or computed on demand.

#include <cstddef>
#include <functional>
#include <vector>

namespace jw::routing {

/// Square matrix indexed by location (0-based). Dense storage answers in one load; a callback
/// serves instances too large to store (n² doubles), at the cost of a call per lookup.
class Matrix {
  public:
    using Callback = std::function<double(std::size_t from, std::size_t to)>;

    Matrix() = default;
    /// Row-major values, size × size of them; throws jw::InternalError when the count differs.
    Matrix(std::size_t size, std::vector<double> row_major);
    /// Values computed on demand; the callback must be pure and thread-safe (solvers call it
    /// from several threads).
    Matrix(std::size_t size, Callback callback);

    std::size_t size() const noexcept { return m_size; }
    bool is_dense() const noexcept { return !m_values.empty() || m_size == 0; }
    bool empty() const noexcept { return m_size == 0; }

    double operator()(std::size_t from, std::size_t to) const {
        return m_values.empty() ? m_callback(from, to) : m_values[from * m_size + to];
    }

  private:
    std::size_t m_size = 0;
    std::vector<double> m_values;
    Callback m_callback;
};

} // namespace jw::routing
