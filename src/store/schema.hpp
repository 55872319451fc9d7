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

} // namespace jw::store::detail
