#pragma once
/// `jingwei report`: one self-contained HTML file (Leaflet and the data inside, no network) with
/// the gap tables and maps of a profile, the access and siting results the workspace holds, and
/// the methods and sources behind every target (docs/report.md). It reads the workspace only;
/// patient data appear as suppressed aggregates, identity never (docs/privacy.md).

#include <cstddef>
#include <jingwei/policy/gaps.hpp>
#include <jingwei/policy/profile.hpp>
#include <string>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::report {

struct ReportOptions {
    /// Gap levels to show. Empty: every level saved for the profile (`jingwei gaps --save`),
    /// or, when none is saved, city, county and township as far as the workspace has them.
    std::vector<std::string> levels;
    /// Period end when gaps have to be computed (saved rows keep their own); "" = the
    /// register's latest date, as `jingwei gaps` takes it.
    std::string as_of;
    /// A table longer than this shows its worst rows only, and says so.
    std::size_t max_table_rows = 400;
};

/// Gap tables as the report shows them: saved rows (gap_results) when they exist for the
/// profile and level and still match the profile's targets, else computed now (not saved).
struct ReportGaps {
    std::vector<policy::GapTable> tables;
    std::vector<std::string> computed_levels; ///< levels computed because none were saved
    std::vector<std::string> stale_levels;    ///< saved against other targets: recomputed
};
ReportGaps report_gap_tables(store::Workspace& ws,
                             const policy::Profile& profile,
                             const ReportOptions& options = {});

/// The whole report as one HTML document (UTF-8).
std::string build_report(store::Workspace& ws,
                         const policy::Profile& profile,
                         const ReportOptions& options = {});

/// Writes `html` to `path` through a temporary file renamed into place, so a failed write
/// never leaves half a report. Throws jw::EnvironmentError.
void write_report(const std::string& path, const std::string& html);

} // namespace jw::report
