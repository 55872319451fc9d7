#include "support/support.hpp"

#include <render/canvas.hpp>

#include <jingwei/error.hpp>

#include <catch2/catch.hpp>

namespace {

// Counts pixels darker than mid-grey in a region of an ARGB32 image.
int dark_pixels(cairo_surface_t* img, int x0, int y0, int x1, int y1) {
    cairo_surface_flush(img);
    const unsigned char* data = cairo_image_surface_get_data(img);
    const int stride = cairo_image_surface_get_stride(img);
    int n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const auto* px = data + y * stride + x * 4; // B G R A, premultiplied
            if (px[3] > 128 && px[0] + px[1] + px[2] < 3 * 128) ++n;
        }
    return n;
}

} // namespace

TEST_CASE("canvas draws Chinese text with a CJK font, at the requested dpi", "[render]") {
    jw::test::TempDir dir;
    const auto png = dir / "label.png";
    {
        jw::render::Canvas c(png, 200, 50, 144); // 144 dpi: 2 pixels per point
        cairo_set_source_rgb(c.cr(), 1, 1, 1);
        cairo_paint(c.cr());
        cairo_set_source_rgb(c.cr(), 0, 0, 0);
        c.font(20);
        const double w = c.text_width("海丰县");
        // CJK glyphs are square: three of them at 20 pt advance about 60 pt (a fallback font
        // drawing boxes or nothing would not).
        CHECK(w == Approx(60).margin(3));
        c.text(10, 35, "海丰县");
        c.finish();
    }
    jw::render::SurfacePtr img(cairo_image_surface_create_from_png(png.string().c_str()));
    REQUIRE(cairo_surface_status(img.get()) == CAIRO_STATUS_SUCCESS);
    CHECK(cairo_image_surface_get_width(img.get()) == 400);
    CHECK(cairo_image_surface_get_height(img.get()) == 100);
    // Ink where the text is, none right of it.
    CHECK(dark_pixels(img.get(), 20, 20, 140, 80) > 300);
    CHECK(dark_pixels(img.get(), 200, 0, 400, 100) == 0);
}

TEST_CASE("canvas writes multi-page PDF and refuses pages elsewhere and unknown formats", "[render]") {
    jw::test::TempDir dir;
    {
        jw::render::Canvas c(dir / "sheets.pdf", 595, 842);
        c.font(12, true);
        c.text(50, 50, "第一页");
        c.next_page();
        c.text(50, 50, "第二页");
        c.finish();
    }
    const std::string pdf = jw::test::read_file(dir / "sheets.pdf");
    REQUIRE(pdf.rfind("%PDF", 0) == 0);
    CHECK(pdf.find("/Count 2") != std::string::npos);

    jw::render::Canvas svg(dir / "one.svg", 100, 100);
    CHECK_THROWS_AS(svg.next_page(), jw::UsageError);
    CHECK_THROWS_AS(jw::render::Canvas(dir / "map.bmp", 100, 100), jw::UsageError);
}
