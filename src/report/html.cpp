// The report page: header and notices, the map, the gap tables, access and siting results, and
// methods and sources. Every figure about patients goes through the gap tables' own formatting
// (io::gap_cells) or suppressed_count(), so the report suppresses exactly what the tables do.

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

namespace jw::report {
namespace detail {

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
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

} // namespace detail

namespace {
using detail::bilingual;
using detail::escape_html;

struct LevelName {
    const char* key;
    const char* zh;
    const char* en;
};
const LevelName level_names[] = {{"city", "市", "city"},
                                 {"county", "县（区）", "county"},
                                 {"township", "乡镇（街道）", "township"},
                                 {"village", "村（居）", "village"},
                                 {"cell", "格网", "grid cell"}};
const LevelName& level_name(const std::string& key) {
    for (const auto& l : level_names)
        if (key == l.key)
            return l;
    return level_names[4];
}

std::string status_zh(const std::string& s) {
    return s == "gap" ? "未达标" : s == "met" ? "达标" : s == "suppressed" ? "已抑制" : "未知";
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

/// A patient count as published: 1..k-1 become "<k" (docs/privacy.md).
std::string suppressed_count(double v, int k) {
    if (v > 0 && v < k)
        return "<" + std::to_string(k);
    return fixed(v, 0);
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
                          std::vector<std::string>& notes) {
    nlohmann::json levels = nlohmann::json::array();
    for (const auto& t : tables) {
        std::size_t missing = 0;
        // 20 m keeps outlines true at township scale and the file small.
        auto features = detail::level_features(ws, t.level, 20.0, missing);
        if (features["features"].empty())
            continue;
        if (missing > 0)
            notes.push_back(std::to_string(missing) + " " + level_name(t.level).en +
                            " units have no outline and are not on the map");
        const auto& ln = level_name(t.level);
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

std::string access_kind_zh(const std::string& kind);

/// Each saved access run (branch `access`, migration 7) becomes a map layer at its level:
/// mean minutes to the nearest facility per unit. Unknown layouts are left off the map (the
/// access section says why).
void add_access_layers(store::Workspace& ws, nlohmann::json& levels) {
    if (!detail::has_table(ws, "access_runs") || !detail::has_table(ws, "access_units"))
        return;
    try {
        auto runs = ws.db().prepare(
            "SELECT facility, level, travel_label FROM access_runs ORDER BY facility");
        while (runs.step()) {
            const std::string kind = runs.column_text(0), level = runs.column_text(1);
            nlohmann::json* entry = nullptr;
            for (auto& l : levels)
                if (l["level"] == level)
                    entry = &l;
            if (!entry) {
                std::size_t missing = 0;
                auto features = detail::level_features(ws, level, 20.0, missing);
                if (features["features"].empty())
                    continue;
                const auto& ln = level_name(level);
                levels.push_back({{"level", level},
                                  {"name_zh", ln.zh},
                                  {"name_en", ln.en},
                                  {"features", std::move(features)},
                                  {"indicators", nlohmann::json::array()}});
                entry = &levels.back();
            }
            nlohmann::json rows = nlohmann::json::object();
            auto u = ws.db().prepare("SELECT unit_code, mean_min, median_min, "
                                     "unreachable_population FROM access_units WHERE facility = "
                                     "? AND level = ?");
            u.bind(1, kind).bind(2, level);
            while (u.step())
                rows[u.column_text(0)] = {
                    {"s", "access"},
                    {"m", u.is_null(1) ? nlohmann::json() : nlohmann::json(u.column_double(1))},
                    {"v", u.is_null(1) ? "—" : fixed(u.column_double(1), 1)},
                    {"med", u.is_null(2) ? "—" : fixed(u.column_double(2), 1)},
                    {"u", fixed(u.column_double(3), 0)}};
            (*entry)["indicators"].push_back(
                {{"key", "access:" + kind},
                 {"type", "access"},
                 {"name_zh", "到最近" + access_kind_zh(kind) + "的平均出行时间"},
                 {"name_en", "mean minutes to the nearest " + kind},
                 {"unit", "min"},
                 {"travel", runs.column_text(2)},
                 {"rows", std::move(rows)}});
        }
    } catch (const jw::Error&) {
        // Left off the map; access_html() reports the layout problem.
    }
}

struct SitingRun {
    std::int64_t id = 0;
    std::string facility, model, demand, demand_at, travel_method, travel_label, created_at;
    double threshold = 0, objective = 0;
    bool proven = false;
    nlohmann::json notes;
};

std::string facility_zh(const std::string& f) {
    return f == "rehab" ? "社区康复机构" : f == "beds" ? "精神科床位" : "精神科门诊";
}
std::string model_zh(const std::string& m) {
    return m == "pmedian" ? "P-中值（缩短平均路程）"
           : m == "mclp"  ? "最大覆盖（MCLP）"
           : m == "lscp"  ? "集合覆盖（LSCP，覆盖全部的最少站点）"
                          : "扩容（容量约束）";
}

// What each model's objective measures, so a planner can read the number.
std::string objective_zh(const std::string& model, bool patients) {
    const std::string who = patients ? "患者" : "人口";
    return model == "pmedian" ? who + "加权出行分钟合计"
           : model == "lscp"  ? "所需站点数"
                              : "阈值内覆盖" + who;
}
std::string objective_en(const std::string& model, bool patients) {
    const std::string who = patients ? "patients" : "population";
    return model == "pmedian" ? who + "-weighted travel minutes, total"
           : model == "lscp"  ? "sites needed"
                              : who + " covered within the threshold";
}

std::vector<SitingRun> siting_runs(store::Workspace& ws) {
    std::vector<SitingRun> runs;
    if (!detail::has_table(ws, "siting_runs"))
        return runs;
    auto s = ws.db().prepare(
        "SELECT id, facility, model, demand, demand_at, travel_method, travel_label, created_at, "
        "threshold_min, objective, proven_optimal, notes FROM siting_runs ORDER BY facility, "
        "model");
    while (s.step()) {
        SitingRun r;
        r.id = s.column_int(0);
        r.facility = s.column_text(1);
        r.model = s.column_text(2);
        r.demand = s.column_text(3);
        r.demand_at = s.column_text(4);
        r.travel_method = s.column_text(5);
        r.travel_label = s.column_text(6);
        r.created_at = s.column_text(7);
        r.threshold = s.column_double(8);
        r.objective = s.column_double(9);
        r.proven = s.column_int(10) != 0;
        r.notes = nlohmann::json::parse(s.column_text(11), nullptr, false);
        runs.push_back(std::move(r));
    }
    return runs;
}

std::string siting_html(store::Workspace& ws,
                        const std::vector<SitingRun>& runs,
                        int k,
                        nlohmann::json& sites_json) {
    std::ostringstream h;
    if (runs.empty()) {
        h << "<p>"
          << bilingual("工作区中没有保存的选址研究。运行 jingwei site WS … --save 后重新生成报告。",
                       "No siting study is saved in the workspace. Run jingwei site WS … --save "
                       "and make the report again.")
          << "</p>\n";
        return h.str();
    }
    for (const auto& r : runs) {
        const bool patients = r.demand == "patients";
        auto count = [&](double v) {
            return escape_html(patients ? suppressed_count(v, k) : fixed(v, 0));
        };
        // MCLP and scaling-up maximise the covered weight: with patients, a count.
        const bool objective_is_count = r.model == "mclp" || r.model == "scaleup";
        const std::string title_zh = facility_zh(r.facility) + " · " + model_zh(r.model) + " · " +
                                     fixed(r.threshold, 0) + " 分钟";
        const std::string title_en =
            r.facility + " · " + r.model + " · " + fixed(r.threshold, 0) + " min";
        h << "<h3 id=\"siting-" << r.id << "\">" << bilingual(title_zh, title_en) << "</h3>\n<p>"
          << bilingual("需求：", "Demand: ")
          << bilingual(patients ? "在册患者" : "常住人口",
                       patients ? "registered patients" : "resident population")
          << " (" << escape_html(r.demand_at) << "); " << bilingual("出行时间：", "travel times: ")
          << escape_html(r.travel_label) << "; "
          << bilingual(objective_zh(r.model, patients), objective_en(r.model, patients)) << " "
          << (patients && objective_is_count ? count(r.objective) : fixed(r.objective, 1))
          << (r.proven ? " (proven optimal)" : "") << "; " << bilingual("计算于 ", "computed ")
          << escape_html(r.created_at) << "</p>\n";
        if (r.travel_method != "road_network")
            h << "<p class=\"notice\">"
              << bilingual("未导入道路网：出行时间按直线距离×绕行系数估算。",
                           "No road network: travel times are straight-line estimates.")
              << "</p>\n";
        if (r.notes.is_array())
            for (const auto& n : r.notes)
                if (n.is_string() && n.get<std::string>().find(r.travel_label) == std::string::npos)
                    h << "<p class=\"notice info\">" << escape_html(n.get<std::string>())
                      << "</p>\n";
        // Sites: new ones first, in the order chosen.
        std::vector<std::pair<double, double>> xy;
        std::vector<nlohmann::json> site_rows;
        auto s = ws.db().prepare("SELECT site_id, name, coalesce(unit_code, ''), status, ord, "
                                 "newly_covered, x, y FROM siting_sites WHERE run_id = ? ORDER BY "
                                 "status = 'existing', ord, site_id");
        s.bind(1, r.id);
        h << "<table class=\"siting-sites\"><thead><tr><th>序号<small>order</small></th><th>站点"
             "<small>site</small></th><th>区划代码<small>unit code</small></th><th>状态<small>"
             "status</small></th><th>新增覆盖<small>newly "
             "covered</small></th></tr></thead><tbody>\n";
        while (s.step()) {
            const bool is_new = s.column_text(3) == "new";
            h << "<tr><td class=\"num\">" << (is_new ? std::to_string(s.column_int(4)) : "")
              << "</td><td>" << escape_html(s.column_text(1)) << "</td><td>"
              << escape_html(s.column_text(2)) << "</td><td>"
              << (is_new ? bilingual("新增", "new") : bilingual("现有", "existing"))
              << "</td><td class=\"num\">"
              << (is_new && !s.is_null(5) ? count(s.column_double(5)) : "") << "</td></tr>\n";
            xy.emplace_back(s.column_double(6), s.column_double(7));
            site_rows.push_back({{"name", s.column_text(1)},
                                 {"status", s.column_text(3)},
                                 {"order", s.column_int(4)},
                                 {"study", std::to_string(r.id)},
                                 {"study_zh", title_zh},
                                 {"study_en", title_en}});
        }
        h << "</tbody></table>\n";
        const auto lon_lat = detail::to_lon_lat(ws, xy);
        for (std::size_t i = 0; i < site_rows.size(); ++i) {
            site_rows[i]["lon"] = lon_lat[i].first;
            site_rows[i]["lat"] = lon_lat[i].second;
            sites_json.push_back(site_rows[i]);
        }
        auto c = ws.db().prepare(
            "SELECT county_code, name, weight, covered_before, covered_after, mean_minutes_before, "
            "mean_minutes_after FROM siting_counties WHERE run_id = ? ORDER BY county_code");
        c.bind(1, r.id);
        h << "<table class=\"siting-counties\"><thead><tr><th>县（区）<small>county</small></th>"
             "<th>需求<small>demand</small></th><th>阈值内（前）<small>within threshold before"
             "</small></th><th>阈值内（后）<small>after</small></th><th>平均分钟（前）<small>mean "
             "minutes before</small></th><th>平均分钟（后）<small>after</small></th></tr></thead>"
             "<tbody>\n";
        while (c.step()) {
            const double w = c.column_double(2);
            auto share = [&](double v) {
                if (patients)
                    return count(v);
                return fixed(v, 0) + (w > 0 ? " (" + fixed(100 * v / w, 1) + "%)" : "");
            };
            h << "<tr><td>" << escape_html(c.column_text(1)) << " " << escape_html(c.column_text(0))
              << "</td><td class=\"num\">" << count(w) << "</td><td class=\"num\">"
              << share(c.column_double(3)) << "</td><td class=\"num\">" << share(c.column_double(4))
              << "</td><td class=\"num\">" << (c.is_null(5) ? "—" : fixed(c.column_double(5), 1))
              << "</td><td class=\"num\">" << (c.is_null(6) ? "—" : fixed(c.column_double(6), 1))
              << "</td></tr>\n";
        }
        h << "</tbody></table>\n";
        if (patients)
            h << "<p class=\"notice info\">"
              << bilingual("患者数 1–" + std::to_string(k - 1) + " 显示为 <" + std::to_string(k) +
                               "。",
                           "Patient counts from 1 to " + std::to_string(k - 1) + " are shown as <" +
                               std::to_string(k) + ".")
              << "</p>\n";
    }
    return h.str();
}

std::string optional_fixed(const store::Statement& s, int col, int decimals) {
    return s.is_null(col) ? std::string("—") : fixed(s.column_double(col), decimals);
}

std::string access_kind_zh(const std::string& kind) {
    return kind == "psych_beds"     ? "精神科床位"
           : kind == "psychiatrist" ? "精神科医师"
           : kind == "rehab"        ? "社区康复机构"
           : kind == "clinic"       ? "精神科门诊"
                                    : kind;
}

/// The access results of `jingwei access` (tables of migration 7 on branch `access`: access_runs,
/// access_units, access_thresholds): per facility kind, per unit the mean and median minutes to
/// the nearest facility, the population beyond reach, 2SFCA scores, coverage and the share
/// within each threshold, worst mean time first. Patient counts are stored suppressed (NULL with
/// patients_status 'suppressed') and are suppressed again here with the report's k.
std::string access_results_html(store::Workspace& ws, int k, std::size_t max_rows) {
    std::ostringstream h;
    auto runs = ws.db().prepare("SELECT facility, thresholds, catchment_min, demand_at, level, "
                                "travel_method, travel_label, supply, access_unit, notes, "
                                "created_at FROM access_runs ORDER BY facility");
    bool any = false;
    while (runs.step()) {
        any = true;
        const std::string kind = runs.column_text(0), level = runs.column_text(4);
        std::vector<double> thresholds;
        {
            std::stringstream ss(runs.column_text(1));
            std::string part;
            while (std::getline(ss, part, ','))
                if (!part.empty())
                    thresholds.push_back(std::stod(part));
        }
        const auto& ln = level_name(level);
        h << "<h3 id=\"access-" << escape_html(kind) << "\">"
          << bilingual(access_kind_zh(kind) + " · " + ln.zh, kind + " · " + ln.en) << "</h3>\n<p>"
          << bilingual("供给：", "Supply: ") << escape_html(runs.column_text(7)) << "; "
          << bilingual("需求点：", "demand at: ") << escape_html(runs.column_text(3)) << "; "
          << bilingual("两步移动搜索法服务半径 ", "2SFCA catchment ")
          << fixed(runs.column_double(2), 0) << bilingual(" 分钟", " min") << "; "
          << bilingual("出行时间：", "travel times: ") << escape_html(runs.column_text(6)) << "; "
          << bilingual("计算于 ", "computed ") << escape_html(runs.column_text(10)) << "</p>\n";
        if (runs.column_text(5) != "road_network")
            h << "<p class=\"notice\">"
              << bilingual("未导入道路网：出行时间按直线距离×绕行系数估算。",
                           "No road network: travel times are straight-line estimates.")
              << "</p>\n";
        const auto notes = nlohmann::json::parse(runs.column_text(9), nullptr, false);
        if (notes.is_array())
            for (const auto& n : notes)
                if (n.is_string())
                    h << "<p class=\"notice info\">" << escape_html(n.get<std::string>())
                      << "</p>\n";
        h << "<table class=\"access-units\" data-facility=\"" << escape_html(kind)
          << "\"><thead><tr><th>名称<small>unit</small></th><th>常住人口<small>population</small>"
             "</th><th>平均分钟<small>mean min</small></th><th>中位分钟<small>median min</small>"
             "</th><th>不可达人口<small>unreachable</small></th><th>2SFCA<small>"
          << escape_html(runs.column_text(8)) << "</small></th><th>E2SFCA<small>"
          << escape_html(runs.column_text(8))
          << "</small></th><th>未覆盖人口<small>uncovered</small></th><th>在册患者<small>patients"
             "</small></th>";
        for (double t : thresholds)
            h << "<th>" << fixed(t, 0) << " 分钟内<small>within " << fixed(t, 0)
              << " min</small></th>";
        h << "</tr></thead><tbody>\n";
        auto units = ws.db().prepare(
            "SELECT unit_code, coalesce(name, ''), population, mean_min, median_min, "
            "unreachable_population, access_2sfca, access_e2sfca, uncovered, patients, "
            "patients_status FROM access_units WHERE facility = ? AND level = ? ORDER BY "
            "mean_min IS NOT NULL, mean_min DESC, unit_code");
        units.bind(1, kind).bind(2, level);
        auto within = ws.db().prepare(
            "SELECT share_within FROM access_thresholds WHERE facility = ? AND level = ? AND "
            "unit_code = ? AND threshold_min = ?");
        std::size_t shown = 0, total = 0;
        while (units.step()) {
            if (++total > max_rows)
                continue;
            ++shown;
            const std::string code = units.column_text(0);
            const bool suppressed = units.column_text(10) == "suppressed" || units.is_null(9);
            h << "<tr data-unit=\"" << escape_html(code) << "\"><td>"
              << escape_html(units.column_text(1)) << " " << escape_html(code)
              << "</td><td class=\"num\">" << fixed(units.column_double(2), 0)
              << "</td><td class=\"num\">" << optional_fixed(units, 3, 1)
              << "</td><td class=\"num\">" << optional_fixed(units, 4, 1)
              << "</td><td class=\"num\">" << fixed(units.column_double(5), 0)
              << "</td><td class=\"num\">" << optional_fixed(units, 6, 3)
              << "</td><td class=\"num\">" << optional_fixed(units, 7, 3)
              << "</td><td class=\"num\">" << optional_fixed(units, 8, 0)
              << "</td><td class=\"num\">"
              << escape_html(suppressed ? "<" + std::to_string(k)
                                        : suppressed_count(units.column_double(9), k))
              << "</td>";
            for (double t : thresholds) {
                within.bind(1, kind).bind(2, level).bind(3, code).bind(4, t);
                h << "<td class=\"num\">"
                  << (within.step() && !within.is_null(0)
                          ? fixed(100 * within.column_double(0), 1) + "%"
                          : std::string("—"))
                  << "</td>";
                within.reset();
            }
            h << "</tr>\n";
        }
        h << "</tbody></table>\n";
        if (total > shown)
            h << "<p class=\"notice info\">"
              << bilingual("仅列出平均出行时间最长的 " + std::to_string(shown) + " 个单元（共 " +
                               std::to_string(total) + " 个）。",
                           "Only the " + std::to_string(shown) +
                               " units with the longest mean "
                               "travel time of " +
                               std::to_string(total) + " are listed.")
              << "</p>\n";
    }
    if (!any)
        h << "<p>"
          << bilingual("工作区中没有可及性结果。运行 jingwei access WS … 后重新生成报告。",
                       "The workspace holds no access results. Run jingwei access WS … and make "
                       "the report again.")
          << "</p>\n";
    return h.str();
}

std::string access_html(store::Workspace& ws, int k, std::size_t max_rows) {
    if (!detail::has_table(ws, "access_runs") || !detail::has_table(ws, "access_units") ||
        !detail::has_table(ws, "access_thresholds"))
        return "<p>" +
               bilingual("工作区中没有可及性结果（最近设施出行时间、两步移动搜索法得分）。",
                         "The workspace holds no access results (nearest-facility travel time, "
                         "2SFCA scores).") +
               "</p>\n";
    try {
        return access_results_html(ws, k, max_rows);
    } catch (const jw::Error& e) {
        // A workspace from another jingwei whose access tables differ: say so, never guess.
        return "<p class=\"notice\">" +
               bilingual("可及性结果的表结构无法识别，未列出：",
                         "The access tables have a layout "
                         "this report does not know: ") +
               escape_html(e.what()) + "</p>\n";
    }
}

std::string methods_html(store::Workspace& ws, const policy::Profile& p) {
    std::ostringstream h;
    h << "<h3>" << bilingual("目标与出处", "Targets and their sources") << "</h3>\n<p>"
      << bilingual("政策档案：", "Policy profile: ") << escape_html(p.name) << " — "
      << escape_html(p.title);
    if (!p.base.empty())
        h << " (" << bilingual("继承 ", "inherits ") << escape_html(p.base) << ")";
    h << "</p>\n<table class=\"targets\"><thead><tr><th>指标<small>indicator</small></th><th>目标"
         "<small>target</small></th><th>层级<small>level</small></th><th>年份<small>year</small>"
         "</th><th>文件 · 条款<small>document · clause</small></th><th>原文<small>quoted text"
         "</small></th></tr></thead><tbody>\n";
    for (const auto& t : p.targets) {
        const auto& info = policy::indicator(t.indicator);
        h << "<tr id=\"target-" << escape_html(t.indicator) << "\"><td>"
          << bilingual(info.name_zh, info.name_en) << "<br><code>" << escape_html(t.indicator)
          << "</code></td><td class=\"num\">"
          << (t.comparison == policy::Comparison::at_least ? "≥ " : "≤ ")
          << escape_html(fixed(t.value, t.value == std::floor(t.value) ? 0 : 1)) << " "
          << escape_html(t.unit) << "</td><td>" << escape_html(t.stated_level) << "</td><td>"
          << t.year
          << (t.year_basis.empty() || t.year_basis == "stated"
                  ? std::string()
                  : "<br><small>" + escape_html(t.year_basis) + "</small>")
          << "</td><td>" << escape_html(t.source.file) << " · " << escape_html(t.source.clause)
          << (t.profile != p.name ? " <small>(" + escape_html(t.profile) + ")</small>" : "")
          << "</td><td><blockquote>" << escape_html(t.source.quote) << "</blockquote></td></tr>\n";
    }
    h << "</tbody></table>\n<h3>" << bilingual("计算规则", "Counting rules") << "</h3>\n<ul>"
      << "<li>" << bilingual("小数抑制阈值 k = ", "small-count threshold k = ")
      << p.rules.min_cell_count << "</li><li>" << bilingual("床位口径：", "beds counted: ")
      << escape_html(p.rules.beds) << "</li><li>"
      << bilingual("规范管理：末次随访距截止日不超过 ",
                   "standardised management: latest follow-up within ")
      << p.rules.standardised_max_gap_days << bilingual(" 天", " days") << "</li><li>"
      << bilingual("住院患者计入在管：", "in-hospital patients count as managed: ")
      << (p.rules.in_hospital_counts_as_managed ? "yes" : "no") << "</li>";
    if (!p.rules.source.empty())
        h << "<li>" << escape_html(p.rules.source) << "</li>";
    h << "</ul>\n<p>"
      << bilingual("指标公式见 docs/indicators.md；分母为常住人口，患者按实际居住地计。",
                   "Indicator formulas: docs/indicators.md; denominators are resident population, "
                   "patients counted where they live.")
      << "</p>\n<h3>" << bilingual("数据来源", "Data sources") << "</h3>\n<table class=\"sources\">"
      << "<thead><tr><th>数据<small>data</small></th><th>文件<small>file</small></th><th>保留行数"
         "<small>rows "
         "kept</small></th><th>导入时间<small>imported</small></th></tr></thead><tbody>\n";
    auto imp = ws.db().prepare("SELECT kind, file, rows_kept, coalesce(finished_at, started_at) "
                               "FROM imports ORDER BY id");
    while (imp.step())
        h << "<tr><td>" << escape_html(imp.column_text(0)) << "</td><td>"
          << escape_html(std::filesystem::path(imp.column_text(1)).filename().string())
          << "</td><td class=\"num\">" << imp.column_int(2) << "</td><td>"
          << escape_html(imp.column_text(3)) << "</td></tr>\n";
    h << "</tbody></table>\n";
    auto pop = ws.db().prepare("SELECT coalesce(source, '(no source)'), quality, count(*), "
                               "max(year) FROM population GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 12");
    h << "<table class=\"population-sources\"><thead><tr><th>人口来源<small>population source"
         "</small></th><th>质量<small>quality</small></th><th>单元数<small>units</small></th><th>"
         "年份<small>year</small></th></tr></thead><tbody>\n";
    while (pop.step())
        h << "<tr><td>" << escape_html(pop.column_text(0)) << "</td><td>"
          << escape_html(pop.column_text(1)) << "</td><td class=\"num\">" << pop.column_int(2)
          << "</td><td>" << pop.column_int(3) << "</td></tr>\n";
    h << "</tbody></table>\n";
    return h.str();
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
    std::vector<std::string> map_notes;
    auto levels = map_levels(ws, gaps.tables, map_notes);
    add_access_layers(ws, levels);
    nlohmann::json sites = nlohmann::json::array();
    const auto runs = siting_runs(ws);
    const std::string siting = siting_html(ws, runs, k, sites);

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
        std::string list;
        for (const auto* v : {&gaps.computed_levels, &gaps.stale_levels})
            for (const auto& l : *v)
                list += (list.empty() ? "" : ", ") + l;
        notices.emplace_back("以下层级的差距表为本次生成时计算（未保存或与档案不一致）：" + list,
                             "Gap tables computed for this report (not saved, or saved against "
                             "other targets): " +
                                 list);
    }
    notices.emplace_back("内部工作用图，未经审图，不得公开发布；边界仅供规划参考。",
                         "Internal working map: not reviewed under the Map Management "
                         "Regulations, not for publication; boundaries are for planning only.");
    for (const auto& n : map_notes)
        notices.emplace_back(n, n);

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
      << access_html(ws, k, options.max_table_rows);
    h << "<h2 id=\"siting\">" << bilingual("选址", "Siting") << "</h2>\n" << siting;
    h << "<h2 id=\"methods\">" << bilingual("方法与来源", "Methods and sources") << "</h2>\n"
      << methods_html(ws, profile);
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
