#pragma once
/// Imports a file (any GDAL vector format, CSV, XLSX) into the workspace as one transaction:
/// it commits whole or leaves the workspace exactly as it was (docs/import.md).

#include <cstdint>
#include <jingwei/io/table_reader.hpp>
#include <jingwei/progress.hpp>
#include <jingwei/store/workspace.hpp>
#include <map>
#include <string>
#include <vector>

namespace jw::store {

enum class ImportKind { units, population, facilities, patients, teams };
/// Throws jw::UsageError for an unknown kind.
ImportKind parse_import_kind(const std::string& text);
std::string kind_name(ImportKind kind);

enum class OnError {
    reject, ///< good rows kept, bad rows written to the rejects file with a reason
    abort,  ///< the first bad row aborts the import; nothing is written
};

struct ImportOptions {
    std::string file;
    std::string layer;                            ///< sheet / layer name, "" = the only one
    std::map<std::string, std::string> field_map; ///< Jingwei field -> column in the file
    std::map<std::string, std::string> constants; ///< Jingwei field -> one value for every row
    std::string crs;                              ///< "" = the file's own, else EPSG:4326
    io::Encoding encoding = io::Encoding::automatic;
    OnError on_error = OnError::reject;
    std::string within;       ///< keep only codes with this prefix
    std::string rejects_path; ///< "" = <file>.rejects.csv
    bool replace = false;     ///< import a file already imported (same SHA-256), replacing its rows
};

struct ImportResult {
    std::int64_t import_id = 0;
    std::int64_t rows_read = 0;
    std::int64_t rows_kept = 0;
    std::int64_t rows_rejected = 0;
    std::int64_t rows_outside = 0; ///< skipped by --within
    std::int64_t rows_updated = 0; ///< rows that completed an existing record (e.g. boundaries)
    std::int64_t rows_replaced =
        0;                    ///< rows of an earlier import of the same file removed (--replace)
    std::string rejects_file; ///< empty when nothing was rejected
    std::string source_crs;   ///< the CRS the coordinates were read in
    std::string encoding;
    int workspace_epsg = 0;
    bool crs_chosen_now = false;       ///< this import fixed the workspace CRS
    std::vector<std::string> warnings; ///< row-level notes that did not reject the row
    struct Reject {
        std::int64_t row;
        std::string reason;
    };
    std::vector<Reject> rejects; ///< every rejected row with its reason
};

/// Columns each kind reads (Jingwei name, whether required, accepted column names).
struct FieldSpec {
    std::string target;
    bool required;
    std::vector<std::string> aliases;
};
const std::vector<FieldSpec>& field_specs(ImportKind kind);

/// SHA-256 of a file's bytes as 64 hex digits: how the import log recognises a file imported
/// before (also by `import roads`).
std::string file_sha256(const std::string& path);

/// Throws jw::UsageError (bad options), jw::InputError (unusable file; or, with
/// OnError::abort, the first bad row with its file/row/field), jw::EnvironmentError.
ImportResult import_file(Workspace& ws,
                         ImportKind kind,
                         const ImportOptions& options,
                         const Progress& progress = no_progress());

} // namespace jw::store
