// The access section and map layers: what `jingwei access` saved (migration 6:
// access_runs, access_units, access_thresholds), read by column name and guarded, so a workspace
// without them, or with another layout, gets a plain sentence instead of an error.

#include "parts.hpp"

#include <jingwei/error.hpp>
#include <jingwei/store/workspace.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

namespace jw::report::detail {
namespace {

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

/// The access results of `jingwei access` (tables of migration 6: access_runs,
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

} // namespace

/// Each saved access run (migration 6) becomes a map layer at its level:
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

} // namespace jw::report::detail
