#pragma once
/// The workspace: one SpatiaLite file holding units, population, facilities, patients, teams
/// and the import log, in a versioned schema that QGIS opens (docs/workspace.md).

#include <cstdint>
#include <jingwei/store/connection.hpp>
#include <optional>
#include <string>
#include <vector>

namespace jw::store {

/// The geometry columns the workspace registers (table, column, SpatiaLite type).
struct GeometryColumn {
    const char* table;
    const char* column;
    const char* type;
};
const std::vector<GeometryColumn>& geometry_columns();

/// Now, UTC, ISO 8601 ("2026-11-23T19:45:36Z"): the timestamps of migrations and the import log.
std::string utc_timestamp();

/// The latest schema version this build knows.
int latest_schema_version();

class Workspace {
  public:
    /// Creates a new workspace file (it must not exist) and applies every migration.
    /// crs: "auto" (chosen from the first imported data) or an EPSG code / definition of a
    /// projected, metric CRS. Throws jw::UsageError for a geographic CRS.
    static Workspace create(const std::string& path, const std::string& crs = "auto");
    /// Opens an existing workspace and applies pending migrations.
    /// Throws jw::InputError when the file is not a Jingwei workspace.
    static Workspace open(const std::string& path, bool read_only = false);

    Connection& db() { return *m_db; }
    const std::string& path() const { return m_db->path(); }
    int schema_version();

    /// EPSG code of the analysis CRS, 0 while still "auto" (nothing with geometry imported).
    int crs_epsg();
    /// Fixes the analysis CRS and registers every geometry column with it. Call inside the
    /// import's transaction, so a failed import leaves the CRS undecided as before.
    void set_crs(int epsg);

    std::optional<std::string> meta(const std::string& key);
    void set_meta(const std::string& key, const std::string& value);

  private:
    explicit Workspace(std::unique_ptr<Connection> db) : m_db(std::move(db)) {}
    void migrate();
    std::unique_ptr<Connection> m_db;
};

/// One row of the import log.
struct ImportRecord {
    std::int64_t id = 0;
    std::string kind, file, sha256, source_crs, started_at, finished_at, rejects_file, status;
    std::int64_t rows_read = 0, rows_kept = 0, rows_rejected = 0;
};
std::vector<ImportRecord> import_history(Workspace& ws);

/// Counts of rows per table, for `jingwei info`.
struct TableCount {
    std::string table;
    std::int64_t rows = 0;
    std::int64_t synthetic = 0;
    std::int64_t derived = 0;
};
std::vector<TableCount> table_counts(Workspace& ws);

/// Extent of all geometries in the analysis CRS, when there is any.
struct Extent {
    double xmin, ymin, xmax, ymax;
};
std::optional<Extent> extent(Workspace& ws);

} // namespace jw::store
