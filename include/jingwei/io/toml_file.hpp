#pragma once
/// Reading a TOML file (policy profiles, speed tables) with parse errors as jw::InputError.

#include <string>
#include <toml++/toml.h>

namespace jw::io {

/// The file's root table; throws jw::InputError with the file and the line of a syntax error.
toml::table parse_toml_file(const std::string& file);

} // namespace jw::io
