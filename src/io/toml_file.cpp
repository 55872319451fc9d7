// One place that turns toml++'s parse errors into the project's InputError.

#include <jingwei/error.hpp>
#include <jingwei/io/toml_file.hpp>

namespace jw::io {

toml::table parse_toml_file(const std::string& file) {
    try {
        return toml::parse_file(file);
    } catch (const toml::parse_error& e) {
        throw InputError(file,
                         static_cast<std::int64_t>(e.source().begin.line),
                         "",
                         std::string(e.description()));
    }
}

} // namespace jw::io
