// The methods and sources section: every target with its document, clause and quoted text, the
// counting rules, the import log and the population sources.

#include "parts.hpp"

#include <cmath>
#include <filesystem>
#include <jingwei/error.hpp>
#include <jingwei/policy/indicators.hpp>
#include <jingwei/store/workspace.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

namespace jw::report::detail {

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

} // namespace jw::report::detail
