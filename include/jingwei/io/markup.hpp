#pragma once
/// Escaping text for XML and HTML (QGIS styles, KML-like documents, the HTML report).

#include <string>
#include <string_view>

namespace jw::io {

/// & < > " ' replaced by entities: safe in element text and in either kind of attribute quote.
std::string escape_markup(std::string_view text);

} // namespace jw::io
