#pragma once
/// Reader for TSPLIB95 symmetric TSP files (Reinelt 1991): EUC_2D, CEIL_2D, ATT, GEO and
/// EXPLICIT weights (FULL_MATRIX and the eight triangular row/column formats).

#include <array>
#include <cstddef>
#include <filesystem>
#include <istream>
#include <jingwei/routing/matrix.hpp>
#include <string>
#include <vector>

namespace jw::io {

struct TsplibInstance {
    std::string name;
    std::string edge_weight_type;   ///< as in the file, upper case: EUC_2D, GEO, EXPLICIT, ...
    std::string edge_weight_format; ///< EXPLICIT only, e.g. UPPER_ROW
    std::size_t dimension = 0;
    std::vector<std::array<double, 2>> coordinates; ///< node i+1 at [i]; empty for EXPLICIT
    /// Integer lengths by the TSPLIB rules (stored as double, exact). Dense up to a few thousand
    /// nodes, computed on demand above that.
    routing::Matrix distance;
};

/// Reads a .tsp file. Throws jw::InputError (file, line, reason) when it is missing, is not a
/// symmetric TSP, or is malformed or truncated.
TsplibInstance read_tsplib(const std::filesystem::path& file);
/// Same from a stream; `file_label` names it in errors.
TsplibInstance read_tsplib(std::istream& in, const std::string& file_label);

} // namespace jw::io
