// The report page: header and notices, the map's data, the gap tables, and the page around the
// sections of access.cpp, siting.cpp and methods.cpp. Every figure about patients goes through the
// gap tables' own formatting (io::gap_cells) or suppressed_count(), so the report suppresses
// exactly what the tables do.

#include "leaflet_assets.hpp"
#include "parts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <jingwei/error.hpp>
#include <jingwei/io/gap_table.hpp>
#include <jingwei/policy/indicators.hpp>
#include <jingwei/report/report.hpp>
#include <jingwei/store/workspace.hpp>
#include <jingwei/version.hpp>
#include <map>
#include <openssl/evp.h>
#include <sstream>
#include <unistd.h>

#include <jingwei/io/markup.hpp>

namespace jw::report {
namespace detail {

std::string escape_html(std::string_view text) {
    return io::escape_markup(text);
}

std::string bilingual(std::string_view zh, std::string_view en) {
    return "<span class=\"zh\">" + escape_html(zh) + "</span><span class=\"en\">" +
           escape_html(en) + "</span>";
}

std::string script_json(const nlohmann::json& doc) {
    std::string out;
    for (char c : doc.dump())
        out += c == '<' ? std::string("\\u003c") : std::string(1, c);
    return out;
}

const LevelName& level_name(const std::string& key) {
    static const LevelName names[] = {{"city", "市", "city"},
                                      {"county", "县（区）", "county"},
                                      {"township", "乡镇（街道）", "township"},
                                      {"village", "村（居）", "village"},
                                      {"cell", "格网", "grid cell"}};
    for (const auto& l : names)
        if (key == l.key)
            return l;
    return names[4];
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string suppressed_count(double v, int k) {
    if (v > 0 && v < k)
        return "<" + std::to_string(k);
    return fixed(v, 0);
}

} // namespace detail

namespace {
using detail::bilingual;
using detail::escape_html;
using detail::fixed;
using detail::level_name;

std::string status_zh(const std::string& s) {
    return s == "gap" ? "未达标" : s == "met" ? "达标" : s == "suppressed" ? "已抑制" : "未知";
}

/// Leaflet's stylesheet with its url(images/...) turned into data: URIs (no file beside the
/// report, no network).
std::string leaflet_css_inlined() {
    std::string css = detail::leaflet_css();
    for (const auto& img : detail::leaflet_images()) {
        std::string b64(4 * ((img.bytes.size() + 2) / 3) + 1, '\0');
        const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                                      reinterpret_cast<const unsigned char*>(img.bytes.data()),
                                      static_cast<int>(img.bytes.size()));
        b64.resize(static_cast<std::size_t>(n));
        const std::string from = std::string("url(images/") + img.name + ")";
        const std::string to = "url(data:image/png;base64," + b64 + ")";
        for (auto pos = css.find(from); pos != std::string::npos; pos = css.find(from, pos))
            css.replace(pos, from.size(), to), pos += to.size();
    }
    return css;
}

std::size_t column_index(const char* key) {
    const auto& columns = io::gap_columns();
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (std::string(columns[i].key) == key)
            return i;
    throw InternalError(std::string("gap column ") + key + " is unknown");
}

const char* const table_keys[] = {"rank",
                                  "unit_name",
                                  "unit_code",
                                  "indicator_zh",
                                  "status",
                                  "value",
                                  "unit",
                                  "numerator",
                                  "denominator",
                                  "target",
                                  "target_year",
                                  "gap_abs",
                                  "gap_rel",
                                  "closes_amount",
                                  "closes_what_zh",
                                  "source_clause",
                                  "note"};

bool is_numeric_key(const std::string& key) {
    return key == "rank" || key == "value" || key == "numerator" || key == "denominator" ||
           key == "target" || key == "target_year" || key == "gap_abs" || key == "gap_rel" ||
           key == "closes_amount";
}

std::string gap_table_html(const policy::GapTable& t, std::size_t max_rows) {
    const auto& columns = io::gap_columns();
    std::map<std::string, int> counts;
    for (const auto& r : t.rows)
        ++counts[policy::gap_status_name(r.status)];
    const auto& ln = level_name(t.level);
    std::ostringstream h;
    h << "<h3 id=\"gaps-" << escape_html(t.level) << "\">" << bilingual(ln.zh, ln.en)
      << "</h3>\n<p>" << bilingual("截至 ", "As of ") << escape_html(t.as_of) << "; "
      << bilingual("未达标 ", "gaps ") << counts["gap"] << ", " << bilingual("未知 ", "unknown ")
      << counts["unknown"] << ", " << bilingual("已抑制 ", "suppressed ") << counts["suppressed"]
      << ", " << bilingual("达标 ", "met ") << counts["met"] << ".</p>\n";
    if (t.has_suppressed)
        h << "<p class=\"notice info\">"
          << bilingual("患者数为 1–" + std::to_string(t.min_cell_count - 1) +
                           " 的单元已抑制（显示为 <" + std::to_string(t.min_cell_count) +
                           "），由其推算的数值一并隐去。",
                       "Patient counts from 1 to " + std::to_string(t.min_cell_count - 1) +
                           " are suppressed (shown as <" + std::to_string(t.min_cell_count) +
                           "), with every figure derived from them.")
          << "</p>\n";
    h << "<table class=\"gaps\" data-level=\"" << escape_html(t.level) << "\"><thead><tr>";
    for (const char* key : table_keys) {
        const auto& c = columns[column_index(key)];
        std::string en = key;
        for (auto& ch : en)
            if (ch == '_')
                ch = ' ';
        h << "<th>" << escape_html(c.header_zh) << "<small>" << escape_html(en) << "</small></th>";
    }
    h << "</tr></thead><tbody>\n";
    std::size_t shown = 0;
    for (const auto& row : t.rows) {
        if (shown++ >= max_rows)
            break;
        const auto cells = io::gap_cells(row, t.min_cell_count);
        const std::string status = policy::gap_status_name(row.status);
        h << "<tr class=\"s-" << status << "\" data-unit=\"" << escape_html(row.unit_code)
          << "\" data-indicator=\"" << escape_html(row.indicator) << "\">";
        for (const char* key : table_keys) {
            const std::string k = key;
            const std::string& text = cells[column_index(key)];
            if (k == "status")
                h << "<td class=\"status\">" << bilingual(status_zh(status), status) << "</td>";
            else if (k == "source_clause")
                h << "<td><a href=\"#target-" << escape_html(row.indicator) << "\">"
                  << escape_html(text) << "</a></td>";
            else
                h << "<td" << (is_numeric_key(k) ? " class=\"num\"" : "") << ">"
                  << escape_html(text) << "</td>";
        }
        h << "</tr>\n";
    }
    h << "</tbody></table>\n";
    if (t.rows.size() > max_rows)
        h << "<p class=\"notice info\">"
          << bilingual("仅列出最差的 " + std::to_string(max_rows) + " 行（共 " +
                           std::to_string(t.rows.size()) +
                           " 行）；完整表格：jingwei gaps … --level " + t.level + " -o gaps.xlsx",
                       "Only the worst " + std::to_string(max_rows) + " of " +
                           std::to_string(t.rows.size()) +
                           " rows are listed; the full table: jingwei gaps … --level " + t.level +
                           " -o gaps.xlsx")
          << "</p>\n";
    return h.str();
}

/// The map's data: per level the outlines once, per indicator the status of every unit.
nlohmann::json map_levels(store::Workspace& ws,
                          const std::vector<policy::GapTable>& tables,
                          std::vector<std::pair<std::string, std::string>>& notes) {
    nlohmann::json levels = nlohmann::json::array();
    for (const auto& t : tables) {
        std::size_t missing = 0;
        const auto& ln = level_name(t.level);
        // 20 m keeps outlines true at township scale and the file small.
        auto features = detail::level_features(ws, t.level, 20.0, missing);
        if (features["features"].empty()) {
            notes.emplace_back(std::string(ln.zh) + "单元没有边界，未上图（见差距表）。",
                               std::string("No ") + ln.en +
                                   " outlines in the workspace: that level is in the tables only.");
            continue;
        }
        if (missing > 0)
            notes.emplace_back(std::to_string(missing) + " 个" + ln.zh + "单元没有边界，未上图。",
                               std::to_string(missing) + " " + ln.en +
                                   " units have no outline and are not on the map.");
        nlohmann::json indicators = nlohmann::json::array();
        std::map<std::string, std::size_t> slot;
        for (const auto& row : t.rows) {
            auto it = slot.find(row.indicator);
            if (it == slot.end()) {
                const auto& info = policy::indicator(row.indicator);
                const auto cells = io::gap_cells(row, t.min_cell_count);
                it = slot.emplace(row.indicator, indicators.size()).first;
                indicators.push_back(
                    {{"key", row.indicator},
                     {"name_zh", info.name_zh},
                     {"name_en", info.name_en},
                     {"unit", row.target.unit},
                     {"cmp", row.target.comparison == policy::Comparison::at_least ? "≥" : "≤"},
                     {"target", cells[column_index("target")]},
                     {"closes_zh", info.closes_zh},
                     {"closes_en", info.closes_en},
                     {"rows", nlohmann::json::object()}});
            }
            const auto cells = io::gap_cells(row, t.min_cell_count);
            nlohmann::json r = {{"s", policy::gap_status_name(row.status)},
                                {"v", cells[column_index("value")]},
                                {"g", cells[column_index("gap_abs")]},
                                {"c", cells[column_index("closes_amount")]}};
            if (row.gap_rel)
                r["r"] = *row.gap_rel;
            indicators[it->second]["rows"][row.unit_code] = r;
        }
        // The switcher lists indicators in the order every output uses.
        std::map<std::string, std::size_t> order;
        for (std::size_t i = 0; i < policy::indicators().size(); ++i)
            order[policy::indicators()[i].key] = i;
        auto list = indicators.get<std::vector<nlohmann::json>>();
        std::stable_sort(list.begin(), list.end(), [&](const auto& a, const auto& b) {
            return order[a["key"].template get<std::string>()] <
                   order[b["key"].template get<std::string>()];
        });
        indicators = list;
        levels.push_back({{"level", t.level},
                          {"name_zh", ln.zh},
                          {"name_en", ln.en},
                          {"features", std::move(features)},
                          {"indicators", std::move(indicators)}});
    }
    return levels;
}

/// Open and planned facilities with a location, for the map's facility overlay (public
/// information: kind, beds, psychiatrists; derived rows say so).
nlohmann::json facility_points(store::Workspace& ws) {
    nlohmann::json out = nlohmann::json::array();
    if (ws.crs_epsg() == 0)
        return out;
    auto s = ws.db().prepare(
        "SELECT name, kind, status, beds_authorised, beds_open, psychiatrists, derived, X(geom), "
        "Y(geom) FROM facilities WHERE geom IS NOT NULL AND status IN ('open', 'planned') AND "
        "kind <> 'village_clinic' ORDER BY id");
    std::vector<std::pair<double, double>> xy;
    while (s.step()) {
        auto opt = [&](int col) {
            return s.is_null(col) ? nlohmann::json() : nlohmann::json(s.column_int(col));
        };
        out.push_back({{"name", s.column_text(0)},
                       {"kind", s.column_text(1)},
                       {"status", s.column_text(2)},
                       {"beds_authorised", opt(3)},
                       {"beds_open", opt(4)},
                       {"psychiatrists", opt(5)},
                       {"derived", s.column_int(6) != 0}});
        xy.emplace_back(s.column_double(7), s.column_double(8));
    }
    const auto lon_lat = detail::to_lon_lat(ws, xy);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i]["lon"] = lon_lat[i].first;
        out[i]["lat"] = lon_lat[i].second;
    }
    return out;
}

} // namespace

std::string
build_report(store::Workspace& ws, const policy::Profile& profile, const ReportOptions& options) {
    const auto gaps = report_gap_tables(ws, profile, options);
    const int k = profile.rules.min_cell_count;
    auto& db = ws.db();
    std::vector<std::pair<std::string, std::string>> map_notes; // zh, en
    auto levels = map_levels(ws, gaps.tables, map_notes);
    detail::add_access_layers(ws, levels);
    nlohmann::json sites = nlohmann::json::array();
    const std::string siting = detail::siting_html(ws, k, sites);

    // What the reader must know before trusting a figure.
    std::vector<std::pair<std::string, std::string>> notices; // zh, en
    const auto synthetic_patients =
        db.query_int("SELECT count(*) FROM patients WHERE synthetic = 1");
    if (synthetic_patients > 0)
        notices.emplace_back(
            "合成数据：患者登记为程序生成的示例（synthetic = 1），患者类指标仅作演示，不是事实。",
            "SYNTHETIC DATA: the patient register is generated (synthetic = 1); "
            "patient indicators are illustrations, not facts.");
    if (db.query_int("SELECT count(*) FROM facilities WHERE synthetic = 1") > 0)
        notices.emplace_back("部分机构为合成数据。", "Some facilities are synthetic.");
    if (db.query_int("SELECT count(*) FROM admin_units WHERE derived = 1 OR synthetic = 1") > 0)
        notices.emplace_back("部分边界或位置为推算（示意性乡镇边界），非官方数据。",
                             "Some boundaries or locations are derived (schematic township "
                             "boundaries), not official.");
    if (db.query_int("SELECT count(*) FROM population WHERE derived = 1 OR quality = 'derived'") >
        0)
        notices.emplace_back("部分人口数为推算值（见数据来源）。",
                             "Some population figures are derived (see data sources).");
    if (db.query_int("SELECT count(*) FROM facilities WHERE derived = 1") > 0)
        notices.emplace_back("部分机构记录为推算（按全国惯例补充），见数据来源。",
                             "Some facility rows are derived (filled in by national convention).");
    if (!gaps.computed_levels.empty() || !gaps.stale_levels.empty()) {
        std::string zh, en;
        for (const auto* v : {&gaps.computed_levels, &gaps.stale_levels})
            for (const auto& l : *v) {
                zh += (zh.empty() ? "" : "、") + std::string(level_name(l).zh);
                en += (en.empty() ? "" : ", ") + std::string(level_name(l).en);
            }
        notices.emplace_back("以下层级的差距表为本次生成时计算（未保存或与档案不一致）：" + zh,
                             "Gap tables computed for this report (not saved, or saved against "
                             "other targets): " +
                                 en);
    }
    notices.emplace_back("内部工作用图，未经审图，不得公开发布；边界仅供规划参考。",
                         "Internal working map: not reviewed under the Map Management "
                         "Regulations, not for publication; boundaries are for planning only.");
    notices.insert(notices.end(), map_notes.begin(), map_notes.end());

    std::string as_of;
    for (const auto& t : gaps.tables)
        if (!t.as_of.empty())
            as_of = t.as_of;
    nlohmann::json data = {
        {"k", k},
        {"leaflet_version", detail::leaflet_version()},
        {"attribution", synthetic_patients > 0 ? "Jingwei · synthetic data 合成数据" : "Jingwei"},
        {"default_level", "county"},
        {"default_indicator", "psychiatric_beds"},
        {"levels", std::move(levels)},
        {"sites", std::move(sites)},
        {"facilities", facility_points(ws)}};
    const std::string workspace_name = std::filesystem::path(ws.path()).filename().string();

    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src "
         "'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>精神卫生服务差距报告 · " << escape_html(profile.title) << "</title>\n"
      << "<script>" << detail::page_error_recorder_js() << "</script>\n"
      << "<style>\n"
      << leaflet_css_inlined() << "\n</style>\n<style>" << detail::page_css()
      << "</style>\n</head>\n<body>\n<header><button id=\"jw-lang\" type=\"button\">中文 / English"
      << "</button><h1>" << bilingual("精神卫生服务差距报告", "Mental-health service gap report")
      << "</h1><p>" << escape_html(profile.title) << "</p><p>" << bilingual("工作区 ", "Workspace ")
      << escape_html(workspace_name) << " · " << bilingual("截至 ", "as of ")
      << escape_html(as_of.empty() ? "—" : as_of) << " · " << bilingual("生成于 ", "made ")
      << escape_html(store::utc_timestamp()) << " · Jingwei " << jw::version
      << "</p></header>\n<main>\n";
    for (const auto& [zh, en] : notices)
        h << "<p class=\"notice\">" << bilingual(zh, en) << "</p>\n";
    h << "<nav><a href=\"#map\">" << bilingual("地图", "Map") << "</a><a href=\"#gaps\">"
      << bilingual("差距表", "Gap tables") << "</a><a href=\"#access\">"
      << bilingual("可及性", "Access") << "</a><a href=\"#siting\">" << bilingual("选址", "Siting")
      << "</a><a href=\"#methods\">" << bilingual("方法与来源", "Methods and sources")
      << "</a></nav>\n";
    h << "<h2 id=\"map\">" << bilingual("地图", "Map") << "</h2>\n<p>"
      << bilingual("右上角切换层级与指标；鼠标悬停查看各单元的现值、目标、差距及补齐所需。",
                   "Switch level and indicator at the top right; hover a unit for its value, "
                   "target, gap and what closes it.")
      << "</p>\n<div id=\"jw-map\"></div>\n";
    h << "<h2 id=\"gaps\">" << bilingual("差距表", "Gap tables") << "</h2>\n"
      << "<p><label><input type=\"checkbox\" id=\"jw-gaps-only\"> "
      << bilingual("隐藏已达标的行", "hide rows that meet the target") << "</label></p>\n";
    for (const auto& t : gaps.tables)
        h << gap_table_html(t, options.max_table_rows);
    h << "<h2 id=\"access\">" << bilingual("可及性", "Access") << "</h2>\n"
      << detail::access_html(ws, k, options.max_table_rows);
    h << "<h2 id=\"siting\">" << bilingual("选址", "Siting") << "</h2>\n" << siting;
    h << "<h2 id=\"methods\">" << bilingual("方法与来源", "Methods and sources") << "</h2>\n"
      << detail::methods_html(ws, profile);
    h << "<h3>" << bilingual("隐私", "Privacy") << "</h3>\n<p>"
      << bilingual("本报告为汇总输出：不含任何患者身份信息或个案记录；患者数 1–" +
                       std::to_string(k - 1) +
                       " 已抑制（《精神卫生法》第四条；《个人信息保护法》第二十八条）。",
                   "An aggregated output: no patient identity or patient-level records; patient "
                   "counts from 1 to " +
                       std::to_string(k - 1) +
                       " are suppressed (Mental Health Law art. 4; PIPL art. 28).")
      << "</p>\n<h3>" << bilingual("软件与许可", "Software and licences") << "</h3>\n<p>Jingwei "
      << jw::version << ". " << bilingual("地图使用 ", "The map uses ") << "Leaflet "
      << detail::leaflet_version() << " (" << detail::leaflet_license_id()
      << ", https://leafletjs.com), "
      << bilingual("已内嵌于本文件，无需联网。", "embedded in this file; no network needed.")
      << "</p>\n<details><summary>Leaflet " << detail::leaflet_version() << " licence</summary>"
      << "<pre class=\"licence\">" << escape_html(detail::leaflet_license_text())
      << "</pre></details>\n</main>\n";
    h << "<script>" << detail::leaflet_js() << "</script>\n"
      << "<script type=\"application/json\" id=\"jw-data\">" << detail::script_json(data)
      << "</script>\n<script>" << detail::page_js() << "</script>\n</body>\n</html>\n";
    return h.str();
}

void write_report(const std::string& path, const std::string& html) {
    const std::filesystem::path target(path);
    auto tmp = target;
    tmp += ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary);
        if (!out)
            throw EnvironmentError(path + ": cannot be written");
        out << html;
        out.close();
        if (!out) {
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            throw EnvironmentError(path + ": write failed");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, target, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw EnvironmentError(path + ": cannot be written (" + ec.message() + ")");
    }
}

} // namespace jw::report
