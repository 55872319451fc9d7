#pragma once
// Private to store/: the migration list and the timestamp format.

#include <string>
#include <vector>

namespace jw::store::detail {

struct Migration {
    int version;
    const char* name;
    const char* sql;
};
const std::vector<Migration>& migrations();

/// Now, UTC, ISO 8601 ("2026-11-23T19:45:36Z"): the timestamps of migrations and imports.
std::string utc_now();

} // namespace jw::store::detail
