#pragma once
/// The distributions a synthetic register is drawn from (DOMAIN.md §11), read from
/// data/synth/register_shape.toml so they can be replaced without touching code.

#include <string>
#include <utility>
#include <vector>

namespace jw::synth {

/// A categorical distribution: labels with non-negative weights (not necessarily summing to 1).
struct Categorical {
    std::vector<std::pair<std::string, double>> weights;
    std::vector<double> values() const;
    double share(const std::string& label) const; ///< weight / total, 0 when absent
};

struct AgeBin {
    int from_years = 0, to_years = 0; ///< [from, to)
    double weight = 0;
};

struct TeamRole {
    std::string role;
    int count = 0;
};

struct RegisterShape {
    Categorical diagnosis;          ///< labels = patients.diagnosis values
    Categorical risk;               ///< labels "0".."5"
    Categorical stability_risk_0;   ///< class when risk is 0
    Categorical stability_risk_1_2; ///< class when risk is 1 or 2 (3–5 are always unstable)
    Categorical medication;
    Categorical management; ///< managed / lost / refusing / in_hospital
    Categorical sex;
    std::vector<AgeBin> age;

    int registration_min_days = 30, registration_max_days = 5475;
    double new_share = 0.01;
    int new_max_days = 14;

    int stable_visit_max_days = 90, other_visit_max_days = 30;
    double overdue_share = 0.1;
    int overdue_extra_days = 45;
    int lost_min_days = 120, lost_max_days = 365;
    int refusing_min_days = 45, refusing_max_days = 240;
    double exam_share = 0.45;

    double urban_sigma_m = 120, rural_sigma_m = 300, max_sigmas = 2.5;

    std::vector<TeamRole> team_members;
    std::vector<std::string> team_skills;
    std::string team_shift = "08:30-11:30,14:00-17:00";
    std::string team_workdays = "mon,tue,wed,thu,fri";
};

/// The bundled file: <source dir>/data/synth/register_shape.toml.
std::string default_register_shape_path();

/// Reads and checks a shape file. Throws jw::InputError naming the file and the key on a missing
/// table, an unknown label (e.g. a diagnosis the schema does not allow), or a negative weight.
RegisterShape load_register_shape(const std::string& path);

} // namespace jw::synth
