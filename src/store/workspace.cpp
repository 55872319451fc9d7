#include "schema.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <jingwei/error.hpp>
#include <jingwei/store/workspace.hpp>

namespace jw::store {
namespace {
const char* const application_marker = "jingwei";

} // namespace

const std::vector<GeometryColumn>& geometry_columns() {
    static const std::vector<GeometryColumn> columns = {
        {"admin_units", "geom", "MULTIPOLYGON"},
        {"admin_units", "seat", "POINT"},
        {"facilities", "geom", "POINT"},
        {"patients", "home", "POINT"},
    };
    return columns;
}

int latest_schema_version() {
    return detail::migrations().back().version;
}

Workspace Workspace::create(const std::string& path, const std::string& crs) {
    if (std::filesystem::exists(path))
        throw UsageError(path + ": already exists; choose a new file name or remove it first");
    int epsg = 0;
    if (crs != "auto") {
        std::string digits = crs;
        for (const char* prefix : {"EPSG:", "epsg:"})
            if (digits.rfind(prefix, 0) == 0)
                digits = digits.substr(5);
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
            throw UsageError("--crs: '" + crs + "' is not 'auto' or EPSG:n");
        epsg = std::stoi(digits);
    }
    Workspace ws(std::make_unique<Connection>(path, Connection::Mode::create));
    try {
        // InitSpatialMetadata runs its own transaction: before ours.
        ws.db().exec("SELECT InitSpatialMetadata(1)");
        ws.migrate();
        Transaction tx(ws.db());
        ws.set_meta("application", application_marker);
        ws.set_meta("created_at", utc_timestamp());
        if (epsg != 0)
            ws.set_crs(epsg);
        tx.commit();
    } catch (...) {
        // Never leave a half-made workspace behind.
        std::error_code ec;
        ws.m_db.reset();
        std::filesystem::remove(path, ec);
        throw;
    }
    return ws;
}

Workspace Workspace::open(const std::string& path, bool read_only) {
    if (!std::filesystem::exists(path))
        throw InputError(
            path, 0, "", "no such workspace; create it with 'jingwei init " + path + "'");
    Workspace ws(std::make_unique<Connection>(
        path, read_only ? Connection::Mode::read_only : Connection::Mode::read_write));
    const bool has_meta =
        ws.db().query_int("SELECT count(*) FROM sqlite_master WHERE name = 'jw_meta'") == 1;
    if (!has_meta || ws.meta("application") != std::string(application_marker))
        throw InputError(path, 0, "", "not a Jingwei workspace (no jw_meta table)");
    if (ws.schema_version() > latest_schema_version())
        throw InputError(path,
                         0,
                         "",
                         "workspace schema " + std::to_string(ws.schema_version()) +
                             " is newer than this jingwei (" +
                             std::to_string(latest_schema_version()) + "): upgrade jingwei");
    if (!read_only)
        ws.migrate();
    return ws;
}

int Workspace::schema_version() {
    return static_cast<int>(m_db->query_int("SELECT max(version) FROM schema_migrations", 0));
}

void Workspace::migrate() {
    m_db->exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
               "name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    const int current = schema_version();
    for (const auto& m : detail::migrations()) {
        if (m.version <= current)
            continue;
        Transaction tx(*m_db);
        m_db->exec(m.sql);
        m_db->prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
            .bind(1, m.version)
            .bind(2, m.name)
            .bind(3, utc_timestamp())
            .run();
        tx.commit();
    }
}

std::optional<std::string> Workspace::meta(const std::string& key) {
    auto st = m_db->prepare("SELECT value FROM jw_meta WHERE key = ?");
    st.bind(1, key);
    if (!st.step())
        return std::nullopt;
    return st.column_text(0);
}

void Workspace::set_meta(const std::string& key, const std::string& value) {
    m_db->prepare("INSERT INTO jw_meta (key, value) VALUES (?, ?) "
                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
}

int Workspace::crs_epsg() {
    const auto v = meta("crs_epsg");
    return v ? std::stoi(*v) : 0;
}

void Workspace::set_crs(int epsg) {
    if (crs_epsg() != 0)
        throw InternalError("workspace CRS is already set");
    if (m_db->query_int("SELECT count(*) FROM spatial_ref_sys WHERE srid = " +
                        std::to_string(epsg)) == 0)
        throw UsageError("EPSG:" + std::to_string(epsg) + " is not a CRS SpatiaLite knows");
    const auto unit = m_db->query_text("SELECT SridGetUnit(" + std::to_string(epsg) + ")");
    if (!unit || (*unit != "m" && *unit != "metre" && *unit != "meter"))
        throw UsageError("EPSG:" + std::to_string(epsg) +
                         " is not a metric projected CRS; the workspace needs one for areas and "
                         "distances (e.g. a CGCS2000 Gauss-Kruger zone, EPSG:4534-4554)");
    for (const auto& g : geometry_columns()) {
        const std::string args = std::string("'") + g.table + "', '" + g.column + "'";
        if (m_db->query_int("SELECT AddGeometryColumn(" + args + ", " + std::to_string(epsg) +
                            ", '" + g.type + "', 'XY')") != 1)
            throw InternalError(std::string("AddGeometryColumn failed for ") + g.table);
        m_db->query_int("SELECT CreateSpatialIndex(" + args + ")");
    }
    set_meta("crs_epsg", std::to_string(epsg));
}

std::vector<ImportRecord> import_history(Workspace& ws) {
    std::vector<ImportRecord> out;
    auto st = ws.db().prepare(
        "SELECT id, kind, file, sha256, coalesce(source_crs, ''), started_at, "
        "coalesce(finished_at, ''), coalesce(rejects_file, ''), status, rows_read, rows_kept, "
        "rows_rejected FROM imports ORDER BY id");
    while (st.step()) {
        ImportRecord r;
        r.id = st.column_int(0);
        r.kind = st.column_text(1);
        r.file = st.column_text(2);
        r.sha256 = st.column_text(3);
        r.source_crs = st.column_text(4);
        r.started_at = st.column_text(5);
        r.finished_at = st.column_text(6);
        r.rejects_file = st.column_text(7);
        r.status = st.column_text(8);
        r.rows_read = st.column_int(9);
        r.rows_kept = st.column_int(10);
        r.rows_rejected = st.column_int(11);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<TableCount> table_counts(Workspace& ws) {
    std::vector<TableCount> out;
    struct Spec {
        const char* table;
        bool has_synthetic, has_derived;
    };
    for (const Spec s : {Spec{"admin_units", true, true},
                         Spec{"population", true, true},
                         Spec{"facilities", true, true},
                         Spec{"patients", true, false},
                         Spec{"teams", true, false},
                         Spec{"imports", false, false}}) {
        TableCount c;
        c.table = s.table;
        const std::string from = std::string(" FROM ") + s.table;
        c.rows = ws.db().query_int("SELECT count(*)" + from);
        if (s.has_synthetic)
            c.synthetic = ws.db().query_int("SELECT coalesce(sum(synthetic), 0)" + from);
        if (s.has_derived)
            c.derived = ws.db().query_int("SELECT coalesce(sum(derived), 0)" + from);
        out.push_back(c);
    }
    return out;
}

std::optional<Extent> extent(Workspace& ws) {
    if (ws.crs_epsg() == 0)
        return std::nullopt;
    std::optional<Extent> e;
    for (const auto& g : geometry_columns()) {
        auto st = ws.db().prepare(std::string("SELECT min(MbrMinX(") + g.column +
                                  ")), min(MbrMinY(" + g.column + ")), max(MbrMaxX(" + g.column +
                                  ")), max(MbrMaxY(" + g.column + ")) FROM " + g.table);
        if (!st.step() || st.is_null(0))
            continue;
        const Extent t{
            st.column_double(0), st.column_double(1), st.column_double(2), st.column_double(3)};
        if (!e)
            e = t;
        else
            e = Extent{std::min(e->xmin, t.xmin),
                       std::min(e->ymin, t.ymin),
                       std::max(e->xmax, t.xmax),
                       std::max(e->ymax, t.ymax)};
    }
    return e;
}

} // namespace jw::store
