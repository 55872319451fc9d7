// The map page: choropleth, boundaries, facilities, labels, legend, scale bar, north arrow,
// title, sources and notices, drawn once for PNG, SVG and PDF through the Cairo canvas.

#include "canvas.hpp"
#include "map_export.hpp"
#include "map_layer.hpp"

#include <algorithm>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/geo/geos.hpp>
#include <jingwei/render/map.hpp>
#include <jingwei/store/workspace.hpp>
#include <jingwei/version.hpp>
#include <limits>
#include <map>
#include <system_error>

namespace jw::render {
namespace {

using detail::FeatureStatus;
using detail::MapFacility;
using detail::MapFeature;
using detail::MapLayer;

constexpr double margin = 28;
constexpr double legend_width = 200;
constexpr double gutter = 12;

void set_colour(cairo_t* cr, Rgb c, double alpha = 1) {
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, alpha);
}

struct Transform {
    double scale = 1, offset_x = 0, offset_y = 0;
    double px(double x) const { return offset_x + x * scale; }
    double py(double y) const { return offset_y - y * scale; }
};

void path_polygon(cairo_t* cr, const grid::MultiPolygon& mp, const Transform& t) {
    for (const auto& poly : mp)
        for (const auto& ring : poly.rings) {
            if (ring.empty())
                continue;
            cairo_move_to(cr, t.px(ring[0].x), t.py(ring[0].y));
            for (std::size_t i = 1; i < ring.size(); ++i)
                cairo_line_to(cr, t.px(ring[i].x), t.py(ring[i].y));
            cairo_close_path(cr);
        }
}

// Diagonal hatching inside the current clip: "unknown" must not look like any class.
void hatch(cairo_t* cr, const Box& b) {
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr, 0.5);
    for (double d = -b.height(); d < b.width(); d += 4) {
        cairo_move_to(cr, b.x0 + d, b.y1);
        cairo_line_to(cr, b.x0 + d + b.height(), b.y0);
    }
    cairo_stroke(cr);
}

Box page_box(const grid::MultiPolygon& mp, const Transform& t) {
    Box b{std::numeric_limits<double>::max(),
          std::numeric_limits<double>::max(),
          std::numeric_limits<double>::lowest(),
          std::numeric_limits<double>::lowest()};
    for (const auto& poly : mp)
        for (const auto& ring : poly.rings)
            for (const auto& p : ring) {
                b.x0 = std::min(b.x0, t.px(p.x));
                b.x1 = std::max(b.x1, t.px(p.x));
                b.y0 = std::min(b.y0, t.py(p.y));
                b.y1 = std::max(b.y1, t.py(p.y));
            }
    return b;
}

Rgb fill_of(const MapFeature& f, const Classification& classes) {
    const int id = detail::class_id(f, classes);
    return id == -1   ? suppressed_fill
           : id == -2 ? unknown_fill
           : id == 0  ? zero_fill
                      : classes.classes[static_cast<std::size_t>(id - 1)].colour;
}

// Where a unit's label goes: the centre of its largest inscribed circle (inside even a
// crescent-shaped township), else its seat point.
std::optional<grid::Point> label_anchor(const MapFeature& f) {
    if (f.wkb.empty())
        return f.seat;
    try {
        auto& ctx = geo::GeosContext::this_thread();
        const auto g = geo::from_wkb(f.wkb.data(), f.wkb.size());
        const double tolerance = std::max(1.0, std::sqrt(std::max(f.area_m2, 1.0)) / 100);
        ctx.clear_last_error();
        const auto line = geo::take(GEOSMaximumInscribedCircle_r(ctx.get(), g.get(), tolerance),
                                    "GEOSMaximumInscribedCircle");
        const auto start = geo::take(GEOSGeomGetStartPoint_r(ctx.get(), line.get()), "start point");
        double x = 0, y = 0;
        if (GEOSGeomGetX_r(ctx.get(), start.get(), &x) == 1 &&
            GEOSGeomGetY_r(ctx.get(), start.get(), &y) == 1)
            return grid::Point{x, y};
    } catch (const Error&) {
        // An invalid polygon GEOS refuses still gets its label, at the seat point: a label is
        // not worth failing the map for.
    }
    return f.seat;
}

std::string value_text(const MapFeature& f, const MapLayer& layer) {
    if (f.status == FeatureStatus::suppressed)
        return "<" + std::to_string(layer.min_cell_count);
    if (!f.value)
        return "不详";
    if (layer.as_gap && f.mapped) {
        // One decimal near the target, so −0.3 % and +0.4 % do not both read "0%".
        const std::string n = format_number(*f.mapped, std::fabs(*f.mapped) < 10 ? 1 : 0);
        return (*f.mapped > 0 && n != "0" ? "+" : "") + n + "%";
    }
    const double magnitude = std::fabs(layer.target.value_or(*f.value));
    // Percent and per-mille read better with their sign; per-capita units are in the legend.
    const std::string suffix = layer.unit == "%" || layer.unit == "‰" ? layer.unit : "";
    return format_number(*f.value, magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2) + suffix;
}

// --- facility symbols: the shape says the kind (no colour needed), hollow = not yet open. ---
double facility_radius(const MapFacility& f) {
    if (f.beds && *f.beds > 0)
        return std::clamp(0.45 * std::sqrt(static_cast<double>(*f.beds)), 3.0, 16.0);
    return f.kind == "township_health_centre" || f.kind == "community_health_centre" ? 2.2 : 3.2;
}

void symbol_path(cairo_t* cr, const std::string& kind, double x, double y, double r) {
    if (kind == "psychiatric_hospital") {
        cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
    } else if (kind == "general_hospital_psychiatry") {
        cairo_move_to(cr, x, y - 1.2 * r);
        cairo_line_to(cr, x + 1.1 * r, y + 0.8 * r);
        cairo_line_to(cr, x - 1.1 * r, y + 0.8 * r);
        cairo_close_path(cr);
    } else if (kind == "community_rehab") {
        cairo_move_to(cr, x, y - 1.3 * r);
        cairo_line_to(cr, x + 1.3 * r, y);
        cairo_line_to(cr, x, y + 1.3 * r);
        cairo_line_to(cr, x - 1.3 * r, y);
        cairo_close_path(cr);
    } else if (kind == "prevention_institution") {
        for (int i = 0; i < 10; ++i) { // a five-pointed star
            const double a = -M_PI / 2 + i * M_PI / 5;
            const double rr = i % 2 == 0 ? 1.4 * r : 0.6 * r;
            if (i == 0)
                cairo_move_to(cr, x + rr * std::cos(a), y + rr * std::sin(a));
            else
                cairo_line_to(cr, x + rr * std::cos(a), y + rr * std::sin(a));
        }
        cairo_close_path(cr);
    } else {
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
    }
}

void draw_symbol(cairo_t* cr, const std::string& kind, bool open, double x, double y, double r) {
    symbol_path(cr, kind, x, y, r);
    if (open)
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    else
        cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, open ? 0.6 : 1.0);
    if (open)
        cairo_set_source_rgb(cr, 1, 1, 1);
    else
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_stroke(cr);
}

const char* kind_label(const std::string& kind) {
    static const std::map<std::string, const char*> names = {
        {"psychiatric_hospital", "精神专科医院 psychiatric hospital"},
        {"general_hospital_psychiatry", "综合医院精神科 general hospital psychiatry"},
        {"township_health_centre", "乡镇卫生院 township health centre"},
        {"community_health_centre", "社区卫生服务中心 community health centre"},
        {"community_rehab", "社区康复机构 community rehab"},
        {"prevention_institution", "精防机构 prevention institution"},
        {"other", "其他 other"}};
    const auto it = names.find(kind);
    return it == names.end() ? "其他 other" : it->second;
}

// A line of small print that shrinks to fit the width rather than run off the page.
void fitted_text(
    Canvas& c, double x, double y, double width, const std::string& text, double size) {
    c.font(size);
    const double w = c.text_width(text);
    if (w > width)
        c.font(std::max(4.5, size * width / w));
    c.text(x, y, text);
}

double nice_length(double target) {
    const double p = std::pow(10.0, std::floor(std::log10(target)));
    for (const double m : {5.0, 2.0, 1.0})
        if (m * p <= target)
            return m * p;
    return p;
}

std::string title_for(const MapLayer& layer) {
    std::string t = layer.area_name + (layer.area_name.empty() ? "" : " ") + "各" +
                    detail::level_name_zh(layer.level) + layer.name_zh;
    if (layer.as_gap)
        t += "与目标差距";
    return t;
}

std::string subtitle_for(const MapLayer& layer) {
    std::string s = layer.name_en;
    if (layer.as_gap)
        s += ": gap to target";
    s += " by " + layer.level;
    if (!layer.unit.empty() && !layer.as_gap)
        s += " (" + layer.unit + ")";
    if (!layer.is_count || !layer.profile.empty())
        s += " · " + std::string(layer.is_count ? "k from profile " : "profile ") + layer.profile;
    return s;
}

} // namespace

MapSummary
make_map(store::Workspace& ws, const MapOptions& requested, const std::filesystem::path& output) {
    MapOptions options = requested;
    if (options.level.empty())
        options.level = options.indicator == "population" || options.indicator == "patients"
                            ? "cell"
                            : "county";
    std::string ext = output.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) {
        return static_cast<char>(std::tolower(ch));
    });
    if (ext != ".png" && ext != ".svg" && ext != ".pdf" && ext != ".tif" && ext != ".tiff" &&
        ext != ".gpkg")
        throw UsageError(output.string() + ": unknown map format '" + ext +
                         "' (use .png, .svg, .pdf, .tif or .gpkg)");
    if (ext == ".tif" || ext == ".tiff") {
        if (options.level != "cell")
            throw UsageError(output.string() + ": a GeoTIFF holds grid cells: use --level cell");
    }
    std::error_code same_error;
    if (std::filesystem::exists(output) &&
        std::filesystem::equivalent(output, ws.path(), same_error))
        throw UsageError(output.string() + ": is the workspace itself; choose another output");
    if (!(options.dpi >= 24 && options.dpi <= 1200))
        throw UsageError("--dpi must be between 24 and 1200");

    const MapLayer layer = detail::load_map_layer(ws, options);

    MapSummary sum;
    sum.output = output.string();
    sum.format = ext == ".tiff" ? "tif" : ext.substr(1);
    sum.indicator = layer.indicator;
    sum.level = layer.level;
    sum.profile = layer.profile;
    sum.unit = layer.unit;
    sum.target = layer.target;
    sum.as_of = layer.as_of;
    sum.min_cell_count = layer.min_cell_count;
    sum.epsg = layer.epsg;
    sum.title = options.title.empty() ? title_for(layer) : options.title;
    const bool yes_no =
        layer.target && *layer.target == 100 && layer.unit == "%" && !layer.at_most &&
        !layer.as_gap &&
        std::all_of(layer.features.begin(), layer.features.end(), [](const MapFeature& f) {
            return !f.value || *f.value == 0 || *f.value == 100;
        });
    if (yes_no)
        sum.classes = presence_classes();
    else if (layer.target)
        sum.classes = target_classes(*layer.target, layer.at_most, layer.as_gap, layer.unit);
    else {
        std::vector<double> values;
        for (const auto& f : layer.features)
            if (f.mapped && *f.mapped > 0)
                values.push_back(*f.mapped);
        // Patient counts start at k (smaller ones are suppressed), population at anything > 0.
        const double floor = layer.indicator == "patients" ? std::max(1, layer.min_cell_count)
                                                           : std::numeric_limits<double>::min();
        sum.classes = count_classes(values, floor);
    }
    bool has_zero = false;
    for (const auto& f : layer.features) {
        ++sum.units;
        if (f.status == FeatureStatus::suppressed)
            ++sum.suppressed;
        else if (!f.mapped)
            ++sum.unknown;
        else {
            ++sum.with_value;
            has_zero = has_zero || (layer.is_count && *f.mapped == 0);
        }
    }
    sum.facilities = static_cast<int>(layer.facilities.size());
    sum.synthetic = !layer.synthetic_what.empty();
    sum.derived = !layer.derived_what.empty();

    // Notices, in the order printed under the map. Derived rows (schematic boundaries,
    // top-down populations, conventional facilities) were made by `jingwei synth`, not
    // observed, so they raise the same synthetic-data notice, naming what is derived.
    if (sum.synthetic || sum.derived) {
        std::string what;
        for (const auto& w : layer.synthetic_what)
            what += (what.empty() ? "" : "；") + w;
        if (sum.derived) {
            what += (what.empty() ? "" : "；") + std::string("推算 derived: ");
            for (std::size_t i = 0; i < layer.derived_what.size(); ++i)
                what += (i ? "，" : "") + layer.derived_what[i];
        }
        sum.notices.push_back(
            "合成数据 Synthetic data: " + what +
            (sum.synthetic ? "。图中数值仅作演示 figures are illustrations only." : "。"));
    }
    if (sum.suppressed > 0)
        sum.notices.push_back("小数抑制 Small counts suppressed: 患者数 1–" +
                              std::to_string(layer.min_cell_count - 1) +
                              " 的单元涂灰且不显示数字 units with 1–" +
                              std::to_string(layer.min_cell_count - 1) +
                              " patients are grey, never shown as numbers (k = " +
                              std::to_string(layer.min_cell_count) + ", profile " + layer.profile +
                              "; " + std::to_string(sum.suppressed) + " units).");
    if (sum.unknown > 0)
        sum.notices.push_back("数据不详 Unknown: " + std::to_string(sum.unknown) +
                              " 个单元输入缺失（不按 0 计）units lack an input (the gap table's "
                              "note says which) and are hatched, never read as zero.");
    sum.notices.push_back(
        "内部工作用图，未经地图审核，不得公开出版 Internal working map: boundaries "
        "not reviewed (地图审核), not for publication.");

    if (sum.format == "tif") {
        detail::write_cell_geotiff(layer, sum, output);
        return sum;
    }
    if (sum.format == "gpkg") {
        detail::write_styled_gpkg(layer, sum, output);
        return sum;
    }

    // --- page layout ---
    double xmin = std::numeric_limits<double>::max(), ymin = xmin;
    double xmax = std::numeric_limits<double>::lowest(), ymax = xmax;
    auto grow = [&](double x, double y) {
        xmin = std::min(xmin, x);
        xmax = std::max(xmax, x);
        ymin = std::min(ymin, y);
        ymax = std::max(ymax, y);
    };
    for (const auto& f : layer.features) {
        for (const auto& poly : f.polygon)
            for (const auto& ring : poly.rings)
                for (const auto& p : ring)
                    grow(p.x, p.y);
        if (f.polygon.empty() && f.seat)
            grow(f.seat->x, f.seat->y);
    }
    if (xmax <= xmin)
        xmax = xmin + 1000, xmin -= 1000;
    if (ymax <= ymin)
        ymax = ymin + 1000, ymin -= 1000;
    const bool portrait = (ymax - ymin) > 1.1 * (xmax - xmin);
    const double page_w = portrait ? 595.28 : 841.89, page_h = portrait ? 841.89 : 595.28; // A4
    const int footer_lines =
        2 + static_cast<int>(sum.notices.size()) + (options.note.empty() ? 0 : 1);
    const double footer_h = footer_lines * 10.5 + 6;
    const Box frame{
        margin, margin + 44, page_w - margin - legend_width - gutter, page_h - margin - footer_h};
    const Box legend{frame.x1 + gutter, frame.y0, page_w - margin, frame.y1};
    const double pad = 0.04;
    const double sx = frame.width() * (1 - 2 * pad) / (xmax - xmin);
    const double sy = frame.height() * (1 - 2 * pad) / (ymax - ymin);
    Transform t;
    t.scale = std::min(sx, sy);
    t.offset_x = (frame.x0 + frame.x1) / 2 - (xmin + xmax) / 2 * t.scale;
    t.offset_y = (frame.y0 + frame.y1) / 2 + (ymin + ymax) / 2 * t.scale;
    sum.page_width = page_w;
    sum.page_height = page_h;
    sum.map_frame = frame;
    sum.legend_box = legend;
    sum.scale = t.scale;
    sum.offset_x = t.offset_x;
    sum.offset_y = t.offset_y;

    Canvas c(output, page_w, page_h, options.dpi);
    cairo_t* cr = c.cr();
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);

    // --- choropleth ---
    cairo_save(cr);
    cairo_rectangle(cr, frame.x0, frame.y0, frame.width(), frame.height());
    cairo_clip(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    const bool cells = layer.level == "cell";
    for (const auto& f : layer.features) {
        const Rgb fill = fill_of(f, sum.classes);
        if (f.polygon.empty()) { // a unit known only by its seat: a coloured dot
            cairo_new_sub_path(cr);
            cairo_arc(cr, t.px(f.seat->x), t.py(f.seat->y), 3.5, 0, 2 * M_PI);
            set_colour(cr, fill);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
            cairo_set_line_width(cr, 0.4);
            cairo_stroke(cr);
            continue;
        }
        path_polygon(cr, f.polygon, t);
        set_colour(cr, fill);
        if (f.status == FeatureStatus::unknown) {
            cairo_fill_preserve(cr);
            cairo_save(cr);
            cairo_clip(cr);
            hatch(cr, page_box(f.polygon, t));
            cairo_restore(cr);
        } else {
            cairo_fill(cr);
        }
    }
    // Boundaries: thin between units (none between cells: a 1 km mesh would hide the colours).
    if (!cells) {
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_set_line_width(cr, layer.level == "county" ? 0.8 : 0.45);
        for (const auto& f : layer.features) {
            path_polygon(cr, f.polygon, t);
            cairo_stroke(cr);
        }
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.5);
    for (const auto& mp : layer.township_context) {
        path_polygon(cr, mp, t);
        cairo_stroke(cr);
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1.3);
    for (const auto& mp : layer.context) {
        path_polygon(cr, mp, t);
        cairo_stroke(cr);
    }
    // Facilities, largest first so small symbols stay visible on top.
    std::vector<const MapFacility*> facilities;
    for (const auto& f : layer.facilities)
        facilities.push_back(&f);
    std::stable_sort(facilities.begin(), facilities.end(), [](const auto* a, const auto* b) {
        return facility_radius(*a) > facility_radius(*b);
    });
    std::vector<Box> obstacles;
    for (const auto* f : facilities) {
        const double x = t.px(f->x), y = t.py(f->y), r = facility_radius(*f);
        draw_symbol(cr, f->kind, f->status == "open", x, y, r);
        if (r > 3)
            obstacles.push_back({x - r, y - r, x + r, y + r});
    }
    cairo_restore(cr);

    // --- notice stamp, north arrow and scale bar: placed before labels, so labels avoid them ---
    const double arrow_x = frame.x1 - 22, arrow_y = frame.y0 + 12;
    obstacles.push_back({arrow_x - 12, arrow_y - 2, arrow_x + 12, arrow_y + 36});
    const Box scale_box{
        frame.x0 + 8, frame.y1 - 30, frame.x0 + 8 + frame.width() * 0.3, frame.y1 - 4};
    obstacles.push_back(scale_box);
    Box stamp{};
    if (sum.synthetic || sum.derived) {
        c.font(11, true);
        const double w = std::max(c.text_width("合成数据 SYNTHETIC DATA"), 40.0) + 12;
        stamp = {frame.x0 + 6, frame.y0 + 6, frame.x0 + 6 + w, frame.y0 + 26};
        obstacles.push_back(stamp);
    }

    // --- labels ---
    if (!cells) {
        const double name_size = layer.level == "county" ? 10 : layer.level == "township" ? 7.5 : 6;
        std::vector<LabelRequest> requests;
        std::vector<std::pair<std::string, std::string>> texts;
        std::vector<double> widths;
        for (const auto& f : layer.features) {
            const auto anchor = label_anchor(f);
            const std::string name = f.name, value = value_text(f, layer);
            c.font(name_size, true);
            double w = c.text_width(name);
            c.font(name_size * 0.9);
            w = std::max(w, c.text_width(value));
            LabelRequest r;
            r.x = anchor ? t.px(anchor->x) : 0;
            r.y = anchor ? t.py(anchor->y) : 0;
            r.width = w + 2;
            r.height = name_size * 2.15;
            r.priority = anchor ? f.area_m2 : -1;
            requests.push_back(r);
            texts.emplace_back(name, value);
        }
        const auto placed = place_labels(requests, frame, obstacles);
        for (std::size_t i = 0; i < placed.size(); ++i) {
            if (!placed[i].placed) {
                ++sum.labels_dropped;
                continue;
            }
            ++sum.labels_placed;
            sum.labels_moved += placed[i].moved ? 1 : 0;
            const Box& b = placed[i].box;
            auto halo_text = [&](double x, double y, const std::string& s, double size, bool bold) {
                c.font(size, bold);
                cairo_move_to(cr, x, y);
                cairo_text_path(cr, s.c_str());
                cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
                cairo_set_line_width(cr, size * 0.22);
                cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
                cairo_stroke(cr);
                cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
                c.text(x, y, s);
            };
            c.font(name_size, true);
            const double nw = c.text_width(texts[i].first);
            halo_text(
                (b.x0 + b.x1 - nw) / 2, b.y0 + name_size * 0.95, texts[i].first, name_size, true);
            c.font(name_size * 0.9);
            const double vw = c.text_width(texts[i].second);
            halo_text((b.x0 + b.x1 - vw) / 2,
                      b.y0 + name_size * 2.0,
                      texts[i].second,
                      name_size * 0.9,
                      false);
        }
    }

    if (sum.synthetic || sum.derived) {
        cairo_rectangle(cr, stamp.x0, stamp.y0, stamp.width(), stamp.height());
        cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.7, 0.05, 0.1);
        cairo_set_line_width(cr, 1.2);
        cairo_stroke(cr);
        c.font(11, true);
        c.text(stamp.x0 + 6, stamp.y0 + 14.5, "合成数据 SYNTHETIC DATA");
    }
    // North arrow (grid north of the Gauss–Krüger projection; within ~1° of true north).
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, arrow_x, arrow_y + 10);
    cairo_line_to(cr, arrow_x + 7, arrow_y + 32);
    cairo_line_to(cr, arrow_x, arrow_y + 26);
    cairo_line_to(cr, arrow_x - 7, arrow_y + 32);
    cairo_close_path(cr);
    cairo_fill(cr);
    c.font(9, true);
    c.text(arrow_x - c.text_width("N 北") / 2, arrow_y + 8, "N 北");
    // Scale bar in the metric CRS: a round length of about a quarter of the frame.
    const double bar_m = nice_length(frame.width() * 0.22 / t.scale);
    const double bar_pt = bar_m * t.scale;
    const double bx = scale_box.x0 + 4, by = scale_box.y1 - 10;
    for (int i = 0; i < 2; ++i) {
        cairo_rectangle(cr, bx + i * bar_pt / 2, by, bar_pt / 2, 4);
        if (i == 0)
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        else
            cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
    }
    c.font(7);
    const bool km = bar_m >= 1000;
    const auto len = [&](double m) { return format_number(km ? m / 1000 : m, 1); };
    c.text(bx - 2, by - 3, "0");
    c.text(bx + bar_pt / 2 - c.text_width(len(bar_m / 2)) / 2, by - 3, len(bar_m / 2));
    const std::string end = len(bar_m) + (km ? " km" : " m");
    c.text(bx + bar_pt - c.text_width(len(bar_m)) / 2, by - 3, end);
    // Frame.
    cairo_rectangle(cr, frame.x0, frame.y0, frame.width(), frame.height());
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);

    // --- title ---
    c.font(16, true);
    cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
    fitted_text(c, margin, margin + 16, page_w - 2 * margin, sum.title, 16);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    fitted_text(c, margin, margin + 33, page_w - 2 * margin, subtitle_for(layer), 9.5);

    // --- legend ---
    double y = legend.y0 + 10;
    const double lx = legend.x0 + 4, lw = legend.width() - 8;
    cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
    c.font(10, true);
    fitted_text(c, lx, y, lw, layer.name_zh + (layer.as_gap ? "：与目标差距" : ""), 10);
    y += 12;
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    fitted_text(c,
                lx,
                y,
                lw,
                layer.as_gap ? "% above (+) / below (−) target" : layer.name_en + ", " + layer.unit,
                7.5);
    y += 12;
    if (layer.target) {
        cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
        fitted_text(c,
                    lx,
                    y,
                    lw,
                    std::string("目标 Target ") + (layer.at_most ? "≤ " : "≥ ") +
                        format_number(*layer.target, 2) + " " + layer.unit +
                        (layer.target_year ? " (" + std::to_string(layer.target_year) + ")" : ""),
                    8);
        y += 10;
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        fitted_text(c, lx, y, lw, layer.profile_title, 6.5);
        y += 10;
        if (layer.indicator == "psychiatric_beds") { // Shanwei counts 编制, national 开放
            fitted_text(c, lx, y, lw, "床位口径 counted: " + layer.beds_counted, 6.5);
            y += 10;
        }
    }
    y += 2;
    const double sw = 16, sh = 10;
    auto swatch = [&](Rgb fill, bool hatched, const std::string& text) {
        cairo_rectangle(cr, lx, y, sw, sh);
        set_colour(cr, fill);
        cairo_fill_preserve(cr);
        if (hatched) {
            cairo_save(cr);
            cairo_clip_preserve(cr);
            hatch(cr, {lx, y, lx + sw, y + sh});
            cairo_restore(cr);
        }
        cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
        fitted_text(c, lx + sw + 6, y + sh - 2, lw - sw - 6, text, 7.5);
        y += sh + 3;
    };
    // Classes from best to worst, top-down, as a legend is read.
    const std::size_t n_classes = sum.classes.classes.size();
    for (std::size_t k = 0; k < n_classes; ++k) {
        const std::size_t i = layer.target ? n_classes - 1 - k : k;
        const auto& cl = sum.classes.classes[i];
        swatch(cl.colour, false, cl.label);
        if (layer.target && i == n_classes / 2) { // the target sits between the two middles
            cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
            cairo_set_line_width(cr, 1.4);
            cairo_move_to(cr, lx - 3, y - 1.5);
            cairo_line_to(cr, lx + sw + 3, y - 1.5);
            cairo_stroke(cr);
            c.font(6.5, true);
            c.text(lx + sw + 6 + 70, y - 0.5, "◀ 目标 target");
            y += 2;
        }
    }
    if (has_zero)
        swatch(zero_fill, false, "0");
    if (sum.suppressed > 0)
        swatch(suppressed_fill,
               false,
               "<" + std::to_string(layer.min_cell_count) + " 已抑制 suppressed");
    if (sum.unknown > 0)
        swatch(unknown_fill, true, "不详 unknown");
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    fitted_text(c, lx, y + 6, lw, "配色 " + sum.classes.palette + ", colorbrewer2.org", 6);
    y += 16;
    auto line_key = [&](double grey, double width, const std::string& text) {
        cairo_set_source_rgb(cr, grey, grey, grey);
        cairo_set_line_width(cr, width);
        cairo_move_to(cr, lx, y + 4);
        cairo_line_to(cr, lx + sw, y + 4);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        fitted_text(c, lx + sw + 6, y + 7, lw - sw - 6, text, 7.5);
        y += 14;
    };
    if (!layer.context.empty())
        line_key(0.1, 1.3, "县（区）界 county boundary");
    if (!layer.township_context.empty())
        line_key(0.3, 0.5, "镇（街）界 township boundary");
    // Facility kinds present, then the bed-size key.
    std::map<std::string, std::pair<bool, bool>> kinds; // kind -> (open seen, not-open seen)
    std::optional<std::int64_t> max_beds;
    for (const auto& f : layer.facilities) {
        auto& k = kinds[f.kind];
        (f.status == "open" ? k.first : k.second) = true;
        if (f.beds && *f.beds > 0)
            max_beds = std::max(max_beds.value_or(0), *f.beds);
    }
    if (!kinds.empty()) {
        cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
        fitted_text(c, lx, y + 6, lw, "机构 Facilities（空心＝规划/要求 hollow = planned）", 7.5);
        y += 12;
        for (const auto& [kind, seen] : kinds) {
            if (y > legend.y1 - 14)
                break;
            draw_symbol(cr, kind, seen.first, lx + sw / 2, y + 5, 3.5);
            cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
            fitted_text(c, lx + sw + 6, y + 8, lw - sw - 6, kind_label(kind), 7);
            y += 12;
        }
        if (max_beds && y < legend.y1 - 40) {
            const double beds = nice_length(static_cast<double>(*max_beds));
            MapFacility probe;
            probe.beds = static_cast<std::int64_t>(beds);
            const double r = facility_radius(probe);
            cairo_new_sub_path(cr);
            cairo_arc(cr, lx + sw / 2, y + r + 2, r, 0, 2 * M_PI);
            cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
            cairo_set_line_width(cr, 0.6);
            cairo_stroke(cr);
            fitted_text(c,
                        lx + sw + 6,
                        y + r + 5,
                        lw - sw - 6,
                        "符号面积∝床位 area ∝ beds: " + format_number(beds, 0) + " 床",
                        7);
        }
    }

    // --- footer: source, date, notices ---
    double fy = frame.y1 + 12;
    const double fw = page_w - 2 * margin;
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    std::string source = "来源 Source: ";
    if (layer.target)
        source += "目标 targets " + layer.profile_title + " " + layer.source_clause + " (" +
                  layer.source_file + "); ";
    source += "数据 data: 工作区 workspace " +
              std::filesystem::path(ws.path()).filename().string() +
              "; 坐标 CRS EPSG:" + std::to_string(layer.epsg) + " (CGCS2000 Gauss–Krüger)";
    fitted_text(c, margin, fy, fw, source, 7);
    fy += 10.5;
    fitted_text(
        c,
        margin,
        fy,
        fw,
        "数据日期 Data date: " + (layer.as_of.empty() ? std::string("unknown") : layer.as_of) +
            " · 制图 Made " + store::utc_timestamp().substr(0, 10) + " with Jingwei " + version,
        7);
    if (!options.note.empty()) {
        fy += 10.5;
        fitted_text(c, margin, fy, fw, options.note, 7);
    }
    for (const auto& n : sum.notices) {
        fy += 10.5;
        const bool strong = n.rfind("合成数据", 0) == 0;
        if (strong)
            cairo_set_source_rgb(cr, 0.7, 0.05, 0.1);
        else
            cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        fitted_text(c, margin, fy, fw, n, 7);
    }
    c.finish();
    return sum;
}

} // namespace jw::render
