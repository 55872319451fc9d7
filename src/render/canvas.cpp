#include "canvas.hpp"

#include <jingwei/error.hpp>

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <mutex>

namespace jw::render {
namespace {

void check(cairo_status_t status, const std::string& what) {
    if (status != CAIRO_STATUS_SUCCESS)
        throw EnvironmentError(what + ": " + cairo_status_to_string(status));
}

// Fontconfig always answers with some font; only a family naming CJK has the glyphs we need.
cairo_font_face_t* load_cjk_face(bool bold) {
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(
        bold ? "Noto Sans CJK SC:weight=bold" : "Noto Sans CJK SC:weight=regular"));
    if (pattern == nullptr) throw InternalError("fontconfig could not parse the CJK font pattern");
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    FcPatternDestroy(pattern);
    FcChar8* family = nullptr;
    if (match == nullptr || FcPatternGetString(match, FC_FAMILY, 0, &family) != FcResultMatch ||
        std::string(reinterpret_cast<const char*>(family)).find("CJK") == std::string::npos) {
        if (match != nullptr) FcPatternDestroy(match);
        throw EnvironmentError(
            "no font with Chinese glyphs: install Debian's fonts-noto-cjk (scripts/install-deps)");
    }
    cairo_font_face_t* face = cairo_ft_font_face_create_for_pattern(match);
    FcPatternDestroy(match); // the face holds its own reference
    check(cairo_font_face_status(face), "Cairo font face");
    return face;
}

} // namespace

Format format_for(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".png") return Format::png;
    if (ext == ".svg") return Format::svg;
    if (ext == ".pdf") return Format::pdf;
    throw UsageError(file.string() + ": unknown image format '" + ext + "' (use .png, .svg or .pdf)");
}

cairo_font_face_t* cjk_font_face(bool bold) {
    // Loaded once per weight; Cairo font faces are reference-counted and thread-safe to share.
    static std::once_flag once[2];
    static cairo_font_face_t* faces[2] = {nullptr, nullptr};
    const int i = bold ? 1 : 0;
    std::call_once(once[i], [&] { faces[i] = load_cjk_face(bold); });
    return faces[i];
}

Canvas::Canvas(std::filesystem::path file, double width_pt, double height_pt, double dpi)
    : file_(std::move(file)), format_(format_for(file_)), width_(width_pt), height_(height_pt) {
    if (!(width_pt > 0 && height_pt > 0 && dpi > 0))
        throw UsageError("page size and dpi must be positive");
    const std::string path = file_.string();
    switch (format_) {
    case Format::png: {
        const double scale = dpi / 72.0;
        surface_.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
                                                  static_cast<int>(std::lround(width_pt * scale)),
                                                  static_cast<int>(std::lround(height_pt * scale))));
        check(cairo_surface_status(surface_.get()), path);
        cr_.reset(cairo_create(surface_.get()));
        cairo_scale(cr_.get(), scale, scale);
        break;
    }
    case Format::svg:
        surface_.reset(cairo_svg_surface_create(path.c_str(), width_pt, height_pt));
        break;
    case Format::pdf:
        surface_.reset(cairo_pdf_surface_create(path.c_str(), width_pt, height_pt));
        break;
    }
    check(cairo_surface_status(surface_.get()), path);
    if (!cr_) cr_.reset(cairo_create(surface_.get()));
    check(cairo_status(cr_.get()), path);
}

Canvas::~Canvas() = default;

void Canvas::font(double size_pt, bool bold) {
    cairo_set_font_face(cr_.get(), cjk_font_face(bold));
    cairo_set_font_size(cr_.get(), size_pt);
}

double Canvas::text_width(const std::string& utf8) const {
    cairo_text_extents_t extents;
    cairo_text_extents(cr_.get(), utf8.c_str(), &extents);
    return extents.x_advance;
}

void Canvas::text(double x, double y, const std::string& utf8) {
    cairo_move_to(cr_.get(), x, y);
    cairo_show_text(cr_.get(), utf8.c_str());
}

void Canvas::next_page() {
    if (format_ != Format::pdf)
        throw UsageError(file_.string() + ": only PDF output has several pages");
    cairo_show_page(cr_.get());
}

void Canvas::finish() {
    if (finished_) return;
    finished_ = true;
    check(cairo_status(cr_.get()), file_.string());
    if (format_ == Format::png) {
        check(cairo_surface_write_to_png(surface_.get(), file_.string().c_str()), file_.string());
    } else {
        cairo_show_page(cr_.get());
        cairo_surface_finish(surface_.get());
        check(cairo_surface_status(surface_.get()), file_.string());
    }
}

} // namespace jw::render
