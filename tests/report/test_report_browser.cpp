// The report in a real browser: Debian's headless Chromium opens the file (no network: the page's
// CSP forbids it), runs Leaflet, and we read back the DOM and a screenshot. Chromium is a test
// dependency (scripts/install-deps); its absence fails the test rather than skipping it.

#include "report/report_workspace.hpp"

#include <cairo.h>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <memory>
#include <regex>

using jw::test::quoted;
using jw::test::run_cli;
using jw::test::TempDir;

namespace {

std::string chromium() {
    for (const char* name : {"chromium", "chromium-browser"}) {
        const std::string probe = std::string("command -v ") + name + " >/dev/null 2>&1";
        if (std::system(probe.c_str()) == 0)
            return name;
    }
    FAIL("chromium is not installed: run scripts/install-deps (Debian package chromium)");
    return "";
}

/// Runs headless Chromium on `page` with `what` (--dump-dom or --screenshot=FILE); stdout to `out`.
int run_chromium(const TempDir& tmp,
                 const std::filesystem::path& page,
                 const std::string& what,
                 const std::filesystem::path& out) {
    const std::string cmd =
        chromium() +
        " --headless --no-sandbox --disable-gpu --no-first-run "
        "--user-data-dir=" +
        quoted(tmp / "profile") + " --virtual-time-budget=5000 --window-size=1200,1500 " + what +
        " 'file://" + page.string() + "' >" + quoted(out) + " 2>" + quoted(tmp / "chromium.err");
    return std::system(("timeout 120 " + cmd).c_str());
}

std::filesystem::path make_report(const TempDir& tmp) {
    const auto ws = jw::test::report_workspace(tmp);
    const auto out = tmp / "report.html";
    const auto r = run_cli("report " + quoted(ws) + " --profile shanwei --level township -o " +
                           quoted(out) + " -q");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return out;
}

} // namespace

TEST_CASE("report in headless Chromium: the map draws an SVG path per township, no errors",
          "[report][browser]") {
    TempDir tmp;
    const auto page = make_report(tmp);
    const auto dom_file = tmp / "dom.html";
    REQUIRE(run_chromium(tmp, page, "--dump-dom", dom_file) == 0);
    const auto dom = jw::test::read_file(dom_file);
    INFO(jw::test::read_file(tmp / "chromium.err"));
    REQUIRE(dom.find("id=\"jw-map\"") != std::string::npos);
    // The error recorder ran first and saw nothing (script errors, blocked fetches, console.error).
    CHECK(dom.find("data-jw-errors=\"[]\"") != std::string::npos);
    // Two townships have outlines and the hospital a location: three SVG paths in the map.
    std::smatch m;
    REQUIRE(std::regex_search(dom, m, std::regex(R"re(data-jw-paths="(\d+)")re")));
    CHECK(std::stoi(m[1]) == 3);
    CHECK(dom.find("data-jw-layer=\"township:psychiatric_beds\"") != std::string::npos);
    const auto map_start = dom.find("id=\"jw-map\"");
    const auto map_html = dom.substr(map_start, dom.find("id=\"gaps\"") - map_start);
    std::size_t paths = 0;
    for (auto p = map_html.find("<path"); p != std::string::npos; p = map_html.find("<path", p + 1))
        ++paths;
    CHECK(paths == 3);
    CHECK(map_html.find("leaflet-overlay-pane") != std::string::npos);
    CHECK(map_html.find("id=\"jw-level\"") != std::string::npos); // the layer switcher
}

TEST_CASE("report in headless Chromium: the screenshot shows both townships in the >50 % gap "
          "colour",
          "[report][browser]") {
    TempDir tmp;
    const auto page = make_report(tmp);
    const auto shot = tmp / "shot.png";
    REQUIRE(run_chromium(tmp, page, "--screenshot=" + shot.string(), tmp / "stdout.txt") == 0);
    REQUIRE(std::filesystem::exists(shot));
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> img(
        cairo_image_surface_create_from_png(shot.c_str()), &cairo_surface_destroy);
    REQUIRE(cairo_surface_status(img.get()) == CAIRO_STATUS_SUCCESS);
    const int w = cairo_image_surface_get_width(img.get());
    const int h = cairo_image_surface_get_height(img.get());
    CHECK(w == 1200);
    cairo_surface_flush(img.get());
    const auto* data = cairo_image_surface_get_data(img.get());
    const int stride = cairo_image_surface_get_stride(img.get());
    // Both townships lack beds by more than half the target (64 % and 100 %): fill #b2182b at
    // opacity 0.85 over the map's #f4f4f0 = (0.85·178 + 0.15·244, 0.85·24 + 0.15·244,
    // 0.85·43 + 0.15·240) ≈ (188, 57, 73).
    long matching = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const auto* px = data + y * stride + 4 * x; // ARGB32, little endian: B G R A
            if (std::abs(px[2] - 188) <= 6 && std::abs(px[1] - 57) <= 6 &&
                std::abs(px[0] - 73) <= 6)
                ++matching;
        }
    // The two squares fill a good part of the 1200-pixel-wide map: far more than 5000 pixels.
    CHECK(matching > 5000);
}

TEST_CASE("report in headless Chromium: an access layer (mean minutes) opens from a link",
          "[report][browser]") {
    TempDir tmp;
    const auto ws = jw::test::report_workspace(tmp);
    jw::test::add_access_results(ws);
    const auto page = tmp / "report.html";
    REQUIRE(run_cli("report " + quoted(ws) + " --profile shanwei --level township -o " +
                    quoted(page) + " -q")
                .exit_code == 0);
    const auto dom_file = tmp / "dom.html";
    REQUIRE(run_chromium(tmp,
                         page.string() + "#level=township&indicator=access:rehab",
                         "--dump-dom",
                         dom_file) == 0);
    const auto dom = jw::test::read_file(dom_file);
    CHECK(dom.find("data-jw-errors=\"[]\"") != std::string::npos);
    CHECK(dom.find("data-jw-layer=\"township:access:rehab\"") != std::string::npos);
    CHECK(dom.find("data-jw-paths=\"3\"") != std::string::npos);
    // The access legend replaces the gap legend: 梅陇镇's 7.3 min falls in 0–15, 联安镇's 21.5
    // in 15–30 (fills #edf8fb and #b3cde3).
    CHECK(dom.find("fill=\"#edf8fb\"") != std::string::npos);
    CHECK(dom.find("fill=\"#b3cde3\"") != std::string::npos);
    CHECK(dom.find("id=\"jw-legend-gap\" style=\"display: none;\"") != std::string::npos);
}
