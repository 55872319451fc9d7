// The siting section: each study kept by `jingwei site --save` (migration 7) with its sites
// and per-county before/after; patient-weighted counts are suppressed like the gap tables.

#include "parts.hpp"

#include <jingwei/error.hpp>
#include <jingwei/store/workspace.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

namespace jw::report::detail {
namespace {

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

} // namespace

std::string siting_html(store::Workspace& ws, int k, nlohmann::json& sites_json) {
    const auto runs = siting_runs(ws);
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

} // namespace jw::report::detail
