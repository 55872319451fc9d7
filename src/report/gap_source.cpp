// Where the report's gap tables come from: the rows `jingwei gaps --save` kept in gap_results,
// rebuilt into policy::GapRow so the report prints them with the same io::gap_cells() as the
// CSV/XLSX tables (same suppression, same "unknown"); levels with no saved rows are computed.

#include "parts.hpp"

#include <algorithm>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/report/report.hpp>
#include <jingwei/store/workspace.hpp>

namespace jw::report {
namespace {

const policy::Target* find_target(const policy::Profile& profile, const std::string& indicator) {
    for (const auto& t : profile.targets)
        if (t.indicator == indicator)
            return &t;
    return nullptr;
}

std::optional<double> opt_double(const store::Statement& s, int col) {
    return s.is_null(col) ? std::nullopt : std::optional<double>(s.column_double(col));
}

policy::GapStatus parse_status(const std::string& s) {
    if (s == "gap")
        return policy::GapStatus::gap;
    if (s == "met")
        return policy::GapStatus::met;
    if (s == "suppressed")
        return policy::GapStatus::suppressed;
    return policy::GapStatus::unknown;
}

/// The saved table of (profile, level), or nullopt when none is saved or it no longer matches
/// the profile (a target added, removed or changed since `gaps --save`).
std::optional<policy::GapTable> load_saved(store::Workspace& ws,
                                           const policy::Profile& profile,
                                           const std::string& level,
                                           bool& stale) {
    auto& db = ws.db();
    auto s = db.prepare(
        "SELECT g.unit_code, coalesce(u.name, 'cell ' || c.col || ',' || c.row, ''), g.indicator, "
        "g.status, g.value, g.numerator, "
        "g.denominator, g.target, g.unit, g.target_year, g.gap_abs, g.gap_rel, g.closes_amount, "
        "g.closes_what, coalesce(g.note, ''), g.rank, g.target_profile, g.source_file, "
        "g.source_clause, coalesce(g.as_of, '') FROM gap_results g LEFT JOIN admin_units u ON "
        "u.code = g.unit_code LEFT JOIN grid_cells c ON g.level = 'cell' AND c.id = "
        "CAST(substr(g.unit_code, 6) AS INTEGER) WHERE g.profile = ? AND g.level = ? ORDER BY "
        "g.rank");
    s.bind(1, profile.name).bind(2, level);
    policy::GapTable table;
    table.profile = profile.name;
    table.level = level;
    table.min_cell_count = profile.rules.min_cell_count;
    while (s.step()) {
        policy::GapRow r;
        r.level = level;
        r.unit_code = s.column_text(0);
        r.unit_name = s.column_text(1);
        r.indicator = s.column_text(2);
        r.status = parse_status(s.column_text(3));
        r.value = opt_double(s, 4);
        r.numerator = opt_double(s, 5);
        r.denominator = opt_double(s, 6);
        const auto* target = find_target(profile, r.indicator);
        if (!target || std::abs(target->value - s.column_double(7)) > 1e-9 ||
            target->unit != s.column_text(8) || target->year != s.column_int(9) ||
            target->source.clause != s.column_text(18)) {
            stale = true;
            return std::nullopt;
        }
        r.target = *target; // the saved row's own target, with the profile's quote and level
        r.gap_abs = opt_double(s, 10);
        r.gap_rel = opt_double(s, 11);
        r.closes_amount = opt_double(s, 12);
        r.closes_what = s.column_text(13);
        r.note = s.column_text(14);
        r.rank = static_cast<int>(s.column_int(15));
        table.as_of = s.column_text(19);
        table.has_suppressed = table.has_suppressed || r.status == policy::GapStatus::suppressed;
        table.rows.push_back(std::move(r));
    }
    if (table.rows.empty())
        return std::nullopt;
    table.has_synthetic = db.query_int("SELECT count(*) FROM patients WHERE synthetic = 1") > 0;
    return table;
}

std::vector<std::string> saved_levels(store::Workspace& ws, const std::string& profile) {
    static const char* const order[] = {"city", "county", "township", "village", "cell"};
    std::vector<std::string> out;
    for (const char* level : order) {
        auto s =
            ws.db().prepare("SELECT count(*) FROM gap_results WHERE profile = ? AND level = ?");
        s.bind(1, profile).bind(2, level);
        if (s.step() && s.column_int(0) > 0)
            out.emplace_back(level);
    }
    return out;
}

} // namespace

ReportGaps report_gap_tables(store::Workspace& ws,
                             const policy::Profile& profile,
                             const ReportOptions& options) {
    ReportGaps out;
    // A workspace older than migration 3 has no saved gaps: everything is computed.
    const bool has_saved = detail::has_table(ws, "gap_results");
    auto levels = options.levels;
    if (levels.empty() && has_saved)
        levels = saved_levels(ws, profile.name);
    if (levels.empty())
        for (const char* level : {"city", "county", "township"})
            if (ws.db().query_int(std::string("SELECT count(*) FROM admin_units WHERE level = '") +
                                  level + "'") > 0)
                levels.emplace_back(level);
    if (levels.empty())
        throw InputError(ws.path(),
                         0,
                         "",
                         "no administrative units to report on: import units first "
                         "('jingwei import WS units FILE')");
    std::optional<policy::AreaData> area;
    for (const auto& level : levels) {
        const auto parsed = policy::parse_gap_level(level); // UsageError for a bad name
        bool stale = false;
        if (auto saved = has_saved ? load_saved(ws, profile, level, stale) : std::nullopt) {
            out.tables.push_back(std::move(*saved));
            continue;
        }
        (stale ? out.stale_levels : out.computed_levels).push_back(level);
        const bool cells = parsed == policy::GapLevel::cell;
        if (!area ||
            (cells && std::none_of(area->units.begin(),
                                   area->units.end(),
                                   [](const policy::AreaUnit& u) { return u.level == "cell"; })))
            area = policy::load_area(ws, options.as_of, cells);
        out.tables.push_back(policy::compute_gaps(*area, profile, parsed));
    }
    return out;
}

} // namespace jw::report
