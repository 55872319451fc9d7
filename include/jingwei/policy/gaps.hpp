#pragma once
/// Indicators per unit against a profile's targets: the gap and what closes it.
/// compute_gaps() takes plain structs (no database); load_area() fills them from a workspace.

#include <cstdint>
#include <jingwei/policy/profile.hpp>
#include <optional>
#include <string>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::policy {

/// Levels a gap table can be made for (12-digit codes: prefixes of 4, 6, 9, 12 digits; grid
/// cells from `jingwei grid`, coded cell_code(id)).
enum class GapLevel { city, county, township, village, cell };
GapLevel parse_gap_level(const std::string& text); // throws jw::UsageError
const char* gap_level_name(GapLevel level);

/// The code a grid cell carries as an AreaUnit: "cell:" + 12-digit id (fixed width, so a code
/// is never a prefix of another).
std::string cell_code(std::int64_t cell_id);

struct AreaUnit {
    std::string code; // 12 digits
    std::string name;
    std::string level;                      // admin_units.level
    std::optional<std::int64_t> population; // resident (常住); for cells allocated and rounded
    int population_year = 0;
    bool population_derived = false;
};

struct AreaFacility {
    std::string id, kind, unit_code, status;
    std::optional<std::int64_t> beds_authorised, beds_open, psychiatrists, prevention_staff;
    std::optional<bool> has_psych_clinic;
};

struct AreaPatient {
    std::string village_code;
    std::string diagnosis, management_status;
    std::optional<std::string> medication;      // regular / intermittent / none
    std::optional<std::string> last_visit_date; // ISO yyyy-mm-dd
    std::optional<std::string> last_exam_date;
    bool synthetic = false;
    std::string cell; // cell_code() of the home's grid cell; "" without a grid or home point
};

/// Everything the indicators read. Data the workspace cannot hold (visit mode, free
/// medication) are absent here, so those indicators come out unknown, never zero.
struct AreaData {
    std::vector<AreaUnit> units;
    std::vector<AreaFacility> facilities;
    std::vector<AreaPatient> patients;
    std::string as_of; // yyyy-mm-dd; the period is 1 January of that year to this day
};

/// Reads units with their latest resident population up to the as-of year, facilities and
/// the pseudonymised register. as_of "" = the latest visit or registration date in the
/// register (or today's year-end when there is none is not used: the result says which).
/// with_cells adds the grid's cells as units (level "cell", population as allocated) and each
/// patient's cell from the home point; it needs a grid (jingwei grid), else throws InputError.
AreaData load_area(store::Workspace& ws, const std::string& as_of = "", bool with_cells = false);

enum class GapStatus { gap, unknown, suppressed, met };
const char* gap_status_name(GapStatus status);

/// One unit × one target.
struct GapRow {
    std::string level, unit_code, unit_name;
    std::string indicator;
    std::optional<double> value;       // in the target's unit; nullopt = unknown or suppressed
    std::optional<double> numerator;   // beds, psychiatrists, patients or sub-units counted
    std::optional<double> denominator; // population, registered patients or sub-units
    Target target;
    std::optional<double> gap_abs;       // target - value (≥ targets): positive = short of it
    std::optional<double> gap_rel;       // gap_abs / target
    std::optional<double> closes_amount; // what closes it, in closes_what units
    std::string closes_what;
    GapStatus status = GapStatus::unknown;
    std::string note; // why unknown / suppressed, how counted (population year, derived, synthetic)
    int rank = 0;     // 1 = worst
};

struct GapTable {
    std::string profile, level, as_of;
    int min_cell_count = 0;
    bool has_suppressed = false;
    bool has_synthetic = false;
    std::vector<GapRow> rows; // ranked, worst first
};

/// Replaces the workspace's saved rows for this table's (profile, level) in gap_results, in one
/// transaction, so maps and reports can join them to unit geometry.
void save_gaps(store::Workspace& ws, const GapTable& table);

/// The gap table for every unit of `level` in `area`. Throws jw::InputError when the area has
/// no unit of that level.
GapTable compute_gaps(const AreaData& area, const Profile& profile, GapLevel level);

} // namespace jw::policy
