#pragma once
// Whitespace-token helpers for the plain-text benchmark formats (TSPLIB, Solomon).

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace jw::io::detail {

inline std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

inline std::vector<std::string> split(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    std::string token;
    while (in >> token)
        out.push_back(token);
    return out;
}

/// The whole token as a finite number; false for "12a", "", "nan".
inline bool parse_number(const std::string& token, double& value) {
    char* end = nullptr;
    value = std::strtod(token.c_str(), &end);
    return end != token.c_str() && *end == '\0' && std::isfinite(value);
}

} // namespace jw::io::detail
