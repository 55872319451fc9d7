#include <jingwei/error.hpp>
#include <jingwei/store/connection.hpp>

// clang-format off
// sqlite3.h first: spatialite.h uses its types without including it.
#include <sqlite3.h>
#include <spatialite.h>
// clang-format on

namespace jw::store {

Connection::Connection(const std::string& path, Mode mode) : m_path(path) {
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case Mode::read_only:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case Mode::read_write:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::create:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    if (sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
        const std::string msg = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        throw EnvironmentError(path + ": cannot open workspace: " + msg);
    }
    sqlite3_extended_result_codes(m_db, 1);
    // Another process (QGIS) may hold a read lock: wait a little rather than fail at once.
    sqlite3_busy_timeout(m_db, 5000);
    m_spatialite_cache = spatialite_alloc_connection();
    spatialite_init_ex(m_db, m_spatialite_cache, 0);
    exec("PRAGMA foreign_keys = ON");
}

Connection::~Connection() {
    sqlite3_close_v2(m_db);
    if (m_spatialite_cache)
        spatialite_cleanup_ex(m_spatialite_cache);
}

void Connection::throw_error(const std::string& what) const {
    const int code = sqlite3_extended_errcode(m_db);
    const std::string msg = m_path + ": " + what + ": " + sqlite3_errmsg(m_db);
    if ((code & 0xff) == SQLITE_CONSTRAINT)
        throw InputError(msg);
    if ((code & 0xff) == SQLITE_ERROR || (code & 0xff) == SQLITE_MISUSE ||
        (code & 0xff) == SQLITE_RANGE)
        throw InternalError(msg);
    throw EnvironmentError(msg);
}

void Connection::exec(const std::string& sql) {
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
        throw_error(sql.substr(0, 80));
}

void Connection::exec_noexcept(const std::string& sql) noexcept {
    sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr);
}

Statement Connection::prepare(const std::string& sql) {
    return Statement(*this, sql);
}

std::optional<std::string> Connection::query_text(const std::string& sql) {
    auto st = prepare(sql);
    if (!st.step())
        return std::nullopt;
    return st.column_opt_text(0);
}

std::int64_t Connection::query_int(const std::string& sql, std::int64_t if_none) {
    auto st = prepare(sql);
    if (!st.step() || st.is_null(0))
        return if_none;
    return st.column_int(0);
}

std::int64_t Connection::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(m_db);
}
int Connection::changes() const {
    return sqlite3_changes(m_db);
}

Statement::Statement(Connection& db, const std::string& sql) : m_db(&db) {
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK)
        db.throw_error("prepare '" + sql.substr(0, 60) + "'");
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt) {
    other.m_stmt = nullptr;
}

namespace {
void check_bind(Connection& db, int rc) {
    if (rc != SQLITE_OK)
        db.throw_error("bind");
}
} // namespace

Statement& Statement::bind(int index, std::int64_t value) {
    check_bind(*m_db, sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}
Statement& Statement::bind(int index, double value) {
    check_bind(*m_db, sqlite3_bind_double(m_stmt, index, value));
    return *this;
}
Statement& Statement::bind(int index, const std::string& value) {
    check_bind(*m_db,
               sqlite3_bind_text(
                   m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
    return *this;
}
Statement& Statement::bind_blob(int index, const std::vector<unsigned char>& blob) {
    check_bind(*m_db,
               sqlite3_bind_blob(
                   m_stmt, index, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT));
    return *this;
}
Statement& Statement::bind_null(int index) {
    check_bind(*m_db, sqlite3_bind_null(m_stmt, index));
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    const std::string sql = sqlite3_sql(m_stmt) ? sqlite3_sql(m_stmt) : "";
    sqlite3_reset(m_stmt);
    m_db->throw_error("'" + sql.substr(0, 60) + "'");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::is_null(int col) const {
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}
std::int64_t Statement::column_int(int col) const {
    return sqlite3_column_int64(m_stmt, col);
}
double Statement::column_double(int col) const {
    return sqlite3_column_double(m_stmt, col);
}
std::string Statement::column_text(int col) const {
    const auto* p = sqlite3_column_text(m_stmt, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col)))
             : std::string();
}
std::optional<std::string> Statement::column_opt_text(int col) const {
    if (is_null(col))
        return std::nullopt;
    return column_text(col);
}
std::vector<unsigned char> Statement::column_blob(int col) const {
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(m_stmt, col));
    return p ? std::vector<unsigned char>(p, p + sqlite3_column_bytes(m_stmt, col))
             : std::vector<unsigned char>();
}
int Statement::column_count() const {
    return sqlite3_column_count(m_stmt);
}
std::string Statement::column_name(int col) const {
    return sqlite3_column_name(m_stmt, col);
}

} // namespace jw::store
