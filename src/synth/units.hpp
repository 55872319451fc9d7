#pragma once
// The administrative tree as the synth steps read it: plain structs loaded once from the
// workspace, so the algorithms never see SQL.

#include <cstdint>
#include <jingwei/progress.hpp>
#include <jingwei/store/workspace.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jw::synth::detail {

struct Unit {
    std::string code, name, level, parent_code;
    std::string urban_rural_code; ///< "" when unknown
    bool has_geom = false;
    bool has_seat = false;
    std::vector<std::size_t> children; ///< indexes into UnitTree::units, sorted by code
};

struct UnitTree {
    std::vector<Unit> units; ///< sorted by code
    std::map<std::string, std::size_t> index;
    std::vector<std::size_t> roots; ///< units whose parent is not in the workspace

    std::optional<std::size_t> find(const std::string& code) const {
        const auto it = index.find(code);
        return it == index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    }
};

/// Loads every admin unit; geometry flags only when the workspace has a CRS (columns exist).
UnitTree load_units(store::Workspace& ws);

/// Population counts of one year and kind, by unit code.
std::map<std::string, std::int64_t>
load_population(store::Workspace& ws, int year, const std::string& kind);

/// The most recent year with any resident population row, 0 when there is none.
int latest_population_year(store::Workspace& ws);

/// True when a village unit looks urban: urban-rural class 1xx, or, with no class, a name ending
/// in 居委会 or 社区 (the proxy the Shanwei sample README describes).
bool is_urban(const Unit& village);

/// Throws jw::Error("cancelled") when the progress callback asks to stop.
void report(const Progress& progress, double fraction, std::string_view stage);

} // namespace jw::synth::detail
