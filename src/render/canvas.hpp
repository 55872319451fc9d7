#pragma once
// Cairo behind RAII, and the one place that finds a font with Chinese glyphs. Private to the
// library (Cairo's headers are not a public dependency): maps, and the printable route sheets,
// include it as "../render/canvas.hpp".

#include <cairo.h>

#include <filesystem>
#include <memory>
#include <string>

namespace jw::render {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;

enum class Format { png, svg, pdf };

/// The output format from the file's extension (.png, .svg, .pdf); UsageError otherwise.
Format format_for(const std::filesystem::path& file);

/// Noto Sans CJK SC (Debian fonts-noto-cjk) as a Cairo font face, found through fontconfig and
/// kept for the life of the process. EnvironmentError naming the package when the match has no
/// CJK glyphs: a map whose labels are boxes is worse than no map.
cairo_font_face_t* cjk_font_face(bool bold = false);

/// A page to draw on in points (1/72 inch), whatever the output: PNG pixels are points × dpi/72,
/// so one drawing routine serves screen PNG, 300-dpi print PNG, SVG and (multi-page) PDF.
class Canvas {
public:
    Canvas(std::filesystem::path file, double width_pt, double height_pt, double dpi = 96);
    Canvas(const Canvas&) = delete;
    Canvas& operator=(const Canvas&) = delete;
    ~Canvas();

    cairo_t* cr() const { return cr_.get(); }
    double width() const { return width_; }
    double height() const { return height_; }
    Format format() const { return format_; }

    /// Chinese-capable sans at size_pt for the following text calls.
    void font(double size_pt, bool bold = false);
    /// Advance width of utf8 in the current font, in points.
    double text_width(const std::string& utf8) const;
    /// Draws utf8 with its baseline starting at (x, y).
    void text(double x, double y, const std::string& utf8);

    /// Ends the page and starts another (PDF; other formats keep one page: UsageError).
    void next_page();
    /// Writes the file (PNG is written here, PDF/SVG are flushed and closed); EnvironmentError
    /// with the path when Cairo reports a failure. Must be called: the destructor does not write.
    void finish();

private:
    std::filesystem::path file_;
    Format format_;
    double width_, height_;
    SurfacePtr surface_;
    ContextPtr cr_;
    bool finished_ = false;
};

} // namespace jw::render
