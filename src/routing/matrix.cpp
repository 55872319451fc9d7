#include <jingwei/error.hpp>
#include <jingwei/routing/matrix.hpp>
#include <string>
#include <utility>

namespace jw::routing {

Matrix::Matrix(std::size_t size, std::vector<double> row_major)
    : m_size(size), m_values(std::move(row_major)) {
    if (m_values.size() != size * size)
        throw InternalError("matrix of size " + std::to_string(size) + " given " +
                            std::to_string(m_values.size()) + " values");
}

Matrix::Matrix(std::size_t size, Callback callback)
    : m_size(size), m_callback(std::move(callback)) {
    if (size > 0 && !m_callback)
        throw InternalError("matrix callback is empty");
}

} // namespace jw::routing
