#pragma once
/// Route exports for the visiting teams: a month's plan (tables plan_runs / plan_stops /
/// due_visits, filled by `jingwei plan`) written per team and day as GeoJSON, GPX, KML and CSV in
/// WGS84, an XLSX per team (a sheet per day) and a printable A4 PDF per team (a page per day).
/// A team's folder holds only its own visits and what the visit needs: village, task, window,
/// patient key. Names, addresses and phone numbers only with `with_identity` (docs/routes.md).

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::plan {

struct RouteExportOptions {
    std::string month;                ///< "2026-12": the plan to export
    std::filesystem::path out_dir;    ///< one folder per team below it
    std::vector<std::string> teams;   ///< team ids; empty = every team with stops
    std::set<std::string> formats = {"geojson", "gpx", "kml", "csv", "xlsx", "pdf"};
    bool with_identity = false;       ///< add patient_identity fields to the team's own files
};

struct RouteExportSummary {
    int teams = 0, team_days = 0, visits = 0;
    std::string travel_source; ///< plan_runs.travel_source, shown in every file
    std::vector<std::filesystem::path> files;
};

/// Throws jw::InputError when the month has no plan, jw::UsageError for an unknown team or
/// format, jw::EnvironmentError when GDAL, Cairo or the disk refuse.
RouteExportSummary export_routes(store::Workspace& ws, const RouteExportOptions& options);

} // namespace jw::plan
