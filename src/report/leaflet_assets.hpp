#pragma once
// Leaflet as vendored into every HTML report; the definitions are generated at configure time
// by cmake/leaflet.cmake from node_modules/leaflet (BSD-2-Clause).

#include <string>
#include <vector>

namespace jw::report::detail {

struct LeafletImage {
    const char* name; // as the CSS names it: url(images/<name>)
    std::string bytes;
};

const char* leaflet_version();
const char* leaflet_license_id();
const char* leaflet_js();
const char* leaflet_css();
const char* leaflet_license_text();
const std::vector<LeafletImage>& leaflet_images();

} // namespace jw::report::detail
