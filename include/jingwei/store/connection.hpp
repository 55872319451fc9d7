#pragma once
/// RAII over sqlite3 with SpatiaLite loaded: Connection, Statement, Transaction.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace jw::store {

class Statement;

/// An open SQLite database with SpatiaLite initialised on it. Owns the SpatiaLite cache and
/// frees it after closing. Throws jw::EnvironmentError when the file cannot be opened.
class Connection {
  public:
    enum class Mode { read_only, read_write, create };
    Connection(const std::string& path, Mode mode);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void exec(const std::string& sql);
    void exec_noexcept(const std::string& sql) noexcept;
    Statement prepare(const std::string& sql);
    /// First column of the first row of a query, or nullopt when it returns no row or NULL.
    std::optional<std::string> query_text(const std::string& sql);
    std::int64_t query_int(const std::string& sql, std::int64_t if_none = 0);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    const std::string& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }
    [[noreturn]] void throw_error(const std::string& what) const;

  private:
    sqlite3* m_db = nullptr;
    void* m_spatialite_cache = nullptr;
    std::string m_path;
};

/// A prepared statement; bind() takes 1-based parameter indexes, column() 0-based.
class Statement {
  public:
    Statement(Connection& db, const std::string& sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
    Statement& bind_blob(int index, const std::vector<unsigned char>& blob);
    Statement& bind_null(int index);
    template <typename T> Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    /// Steps once: true while a row is available.
    bool step();
    /// Steps to completion (for INSERT/UPDATE), then resets and clears bindings for reuse.
    void run();
    void reset();

    bool is_null(int col) const;
    std::int64_t column_int(int col) const;
    double column_double(int col) const;
    std::string column_text(int col) const;
    std::optional<std::string> column_opt_text(int col) const;
    std::vector<unsigned char> column_blob(int col) const;
    int column_count() const;
    std::string column_name(int col) const;

  private:
    Connection* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

/// Rolls back unless committed: with SQLite's rollback journal, a throw or a kill -9 leaves the
/// workspace as it was before BEGIN.
class Transaction {
  public:
    explicit Transaction(Connection& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }
    void commit() {
        m_db.exec("COMMIT");
        m_open = false;
    }
    ~Transaction() {
        if (m_open)
            m_db.exec_noexcept("ROLLBACK");
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

  private:
    Connection& m_db;
    bool m_open = true;
};

} // namespace jw::store
