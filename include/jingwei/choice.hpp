#pragma once
/// Parsing a CLI word into an enum from a list of choices, with an error naming them all.

#include <jingwei/error.hpp>
#include <string>
#include <utility>
#include <vector>

namespace jw {

/// The value whose name is `text`; throws jw::UsageError "<flag>: 'x' is not one of a, b, c".
template <typename E>
E parse_choice(const std::string& text,
               const std::vector<std::pair<const char*, E>>& choices,
               const char* flag) {
    std::string names;
    for (const auto& [name, value] : choices) {
        if (text == name)
            return value;
        names += (names.empty() ? "" : ", ") + std::string(name);
    }
    throw UsageError(std::string(flag) + ": '" + text + "' is not one of " + names);
}

} // namespace jw
