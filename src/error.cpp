#include <jingwei/error.hpp>
#include <utility>

namespace jw {
namespace {
std::string compose(const std::string& file,
                    std::int64_t row,
                    const std::string& field,
                    const std::string& reason) {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (row > 0)
            out += ":" + std::to_string(row);
        out += ": ";
    }
    if (!field.empty())
        out += field + ": ";
    out += reason;
    return out;
}
} // namespace

InputError::InputError(std::string file_,
                       std::int64_t row_,
                       std::string field_,
                       std::string reason_)
    : Error(compose(file_, row_, field_, reason_)), file(std::move(file_)), row(row_),
      field(std::move(field_)), reason(std::move(reason_)) {}

InputError::InputError(std::string reason_) : InputError("", 0, "", std::move(reason_)) {}

InputError InputError::with_position(std::string file_, std::int64_t row_) const {
    return InputError(std::move(file_), row_, field, reason);
}

} // namespace jw
