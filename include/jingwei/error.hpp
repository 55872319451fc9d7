#pragma once
/// The error hierarchy every module throws; only src/cli/main.cpp maps it to exit codes
/// (docs/cli.md lists them).

#include <cstdint>
#include <stdexcept>
#include <string>

namespace jw {

/// Base of every error Jingwei throws on purpose.
struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The user's input is wrong: what() reads "units.csv:17: code: '4415' is not 12 digits".
/// row is the 1-based data row (header excluded) or line; 0 when the whole file is at fault.
struct InputError : Error {
    InputError(std::string file, std::int64_t row, std::string field, std::string reason);
    /// Reason only: the loop that knows file and row adds them with with_position().
    explicit InputError(std::string reason);
    InputError with_position(std::string file_, std::int64_t row_) const;

    std::string file;
    std::int64_t row = 0;
    std::string field;
    std::string reason;
};

/// A flag or argument is wrong (the CLI's usage error).
struct UsageError : Error {
    using Error::Error;
};

/// A library or the system refused: disk, permissions, a missing PROJ grid or SpatiaLite.
struct EnvironmentError : Error {
    using Error::Error;
};

/// A bug: an invariant did not hold.
struct InternalError : Error {
    using Error::Error;
};

} // namespace jw
