#pragma once
/// Who must be visited in a month and why: follow-ups by class and risk, joint visits, searches
/// for lost patients, yearly health exams and monthly village screening, each with the rule (and
/// its profile clause) that made it due and the window it must fall in (docs/plan.md).

#include <jingwei/plan/calendar.hpp>
#include <jingwei/plan/rules.hpp>
#include <optional>
#include <string>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::plan {

/// The register fields the rules read; dates as day numbers.
struct PatientRecord {
    std::string patient_key;
    std::string village_code;  ///< "" when not placed in a village
    std::string township_code; ///< the village's parent
    std::optional<int> risk_level;
    std::string stability;         ///< stable / basically_stable / unstable / ""
    std::string management_status; ///< managed / lost / refusing / in_hospital / ...
    std::optional<DayNumber> registered, last_visit, last_exam;
    /// Day the current class was first found (a follow-up history has it; the workspace keeps
    /// only the latest visit, so it is unknown there). Unknown:
    /// then a basically stable patient gets the two-week revisit (the safe reading).
    std::optional<DayNumber> stability_since;
};

struct VillageRecord {
    std::string code, township_code;
    std::optional<long long> population; ///< resident, latest year
    long long registered_patients = 0;   ///< in the register, alive and not moved out
};

struct DueVisit {
    std::string id; ///< F:/J... see due_visits: 'F:<key>', 'E:<key>', 'L:<key>', 'S:<village>'
    VisitKind kind = VisitKind::followup;
    std::string patient_key; ///< "" for screening
    std::string village_code, township_code;
    DayNumber earliest = 0, deadline = 0; ///< inclusive
    int priority = 0;
    double service_min = 0;
    std::vector<std::string> skills;
    std::string rule; ///< in words, with the clause
    bool is_overdue = false;
};

/// The follow-up, exam or search tasks of one patient in `month` (none when not due).
std::vector<DueVisit>
patient_due(const PatientRecord& patient, const Month& month, const FollowUpRules& rules);

/// The month's screening task of one village (rules.monthly_screening must be on).
DueVisit
village_screening(const VillageRecord& village, const Month& month, const FollowUpRules& rules);

struct DueList {
    std::string month, profile;
    std::vector<DueVisit> visits; ///< sorted by township, village, id
    long long patients_read = 0, in_hospital = 0, not_in_register = 0;
    bool has_synthetic = false;
};

/// Every task due in the month, from plain records.
DueList compute_due(const std::vector<PatientRecord>& patients,
                    const std::vector<VillageRecord>& villages,
                    const Month& month,
                    const FollowUpRules& rules);

/// Reads the register and villages, computes the list and replaces the month's rows of
/// due_visits in one transaction.
DueList compute_and_store_due(store::Workspace& ws, const Month& month, const FollowUpRules& rules);

/// The stored list of a month (empty when `jingwei due` was not run for it).
std::vector<DueVisit> load_due(store::Workspace& ws, const Month& month);

} // namespace jw::plan

namespace jw::plan {

/// Writes the due list (.csv with BOM or .xlsx, by extension) with unit names beside the codes:
/// patient keys only, never identity fields (docs/privacy.md). `synthetic` marks every row.
void write_due_list(store::Workspace& ws,
                    const std::vector<DueVisit>& visits,
                    const Month& month,
                    bool synthetic,
                    const std::string& path);

/// "3" or "<5": a count as shown in aggregated output, suppressed from 1 to min_count - 1.
std::string shown_count(long long count, int min_count);

} // namespace jw::plan
