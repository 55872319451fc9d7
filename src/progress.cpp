#include <algorithm>
#include <jingwei/progress.hpp>

namespace jw {

Progress no_progress() {
    return [](double, std::string_view) { return true; };
}

Progress sub_progress(const Progress& parent, double from, double to) {
    if (!parent)
        return no_progress();
    return [parent, from, to](double fraction, std::string_view stage) {
        return parent(from + (to - from) * std::clamp(fraction, 0.0, 1.0), stage);
    };
}

int gdal_progress(double fraction, const char* message, void* progress) {
    const auto* p = static_cast<const Progress*>(progress);
    if (p == nullptr || !*p)
        return 1;
    return (*p)(fraction, message ? std::string_view(message) : std::string_view()) ? 1 : 0;
}

} // namespace jw
