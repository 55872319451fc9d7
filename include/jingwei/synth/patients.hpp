#pragma once
/// `jingwei synth patients`: a synthetic, pseudonymous severe-mental-disorder register drawn
/// from data/synth/register_shape.toml. Every row it writes has synthetic=1.

#include <cstdint>
#include <jingwei/progress.hpp>
#include <map>
#include <string>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::synth {

struct PatientOptions {
    double prevalence_per_mille = 5.0; ///< registered patients per 1000 residents (‰)
    std::uint64_t seed = 1;
    std::string as_of = "2026-11-30"; ///< ISO date the register describes
    int year = 0;                     ///< population year; 0 = latest in the workspace
    std::string shape_path;           ///< "" = default_register_shape_path()
    bool replace = false;             ///< delete earlier synthetic patients first
};

struct PatientReport {
    std::uint64_t seed = 0;
    double prevalence_per_mille = 0;
    std::string as_of;
    int year = 0;
    std::int64_t villages = 0;     ///< villages with a population count
    double expected_patients = 0;  ///< Σ prevalence × population / 1000
    std::int64_t patients = 0;     ///< rows written (and as many identity rows)
    std::int64_t replaced = 0;     ///< earlier synthetic rows deleted (--replace)
    std::int64_t without_home = 0; ///< village has no seat point: home left empty
    std::vector<std::string> villages_without_population;
    std::map<std::string, std::int64_t> by_diagnosis, by_stability, by_management, by_medication;
    std::map<int, std::int64_t> by_risk;
};

/// Per village (sorted by code, each with its own random stream keyed by seed and code), draws
/// floor(e) or floor(e)+1 patients with probability frac(e), e = prevalence × population / 1000,
/// so the total matches in expectation; then each patient's diagnosis, risk, class (risk ≥ 3 is
/// always unstable), medication, management status, sex, birth year, registration, last visit
/// and exam dates, and a home scattered around the village seat (2-D normal, tighter for urban
/// 居委会/社区, kept inside the township polygon when there is one). patient_key is
/// "SYN-" + 16 hex digits of a seeded hash; patient_identity gets an obviously fake identity.
/// One transaction. Throws jw::UsageError when the workspace holds real (synthetic=0) patients,
/// or synthetic ones and replace is false; jw::InputError for a bad shape file or as_of date.
PatientReport synthesize_patients(store::Workspace& ws,
                                  const PatientOptions& options = {},
                                  const Progress& progress = no_progress());

/// Days since 1970-01-01 of an ISO date "YYYY-MM-DD"; throws jw::InputError when malformed.
std::int64_t days_from_iso(const std::string& date);
/// The ISO date of a day number.
std::string iso_from_days(std::int64_t days);

} // namespace jw::synth
