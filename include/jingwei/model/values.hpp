#pragma once
/// Parsers for the coded values of the register and facility lists. Each accepts the English
/// code Jingwei stores and the Chinese wording registers and spreadsheets use, and throws
/// jw::InputError(reason) for anything else. Returned strings are the stored codes.

#include <optional>
#include <string>

namespace jw::model {

/// psychiatric_hospital, general_hospital_psychiatry, township_health_centre,
/// community_health_centre, community_rehab, prevention_institution, village_clinic, other.
std::string parse_facility_kind(const std::string& text);
/// open, planned, required, closed.
std::string parse_facility_status(const std::string& text);
/// The six severe mental disorders (DOMAIN.md §5.1), also by ICD-10 code (F20, F25, ...).
std::string parse_diagnosis(const std::string& text);
/// stable, basically_stable, unstable (稳定 / 基本稳定 / 不稳定).
std::string parse_stability(const std::string& text);
/// managed, lost, refusing, in_hospital, moved_out, deceased.
std::string parse_management_status(const std::string& text);
/// regular, intermittent, none.
std::string parse_medication(const std::string& text);
/// male, female.
std::string parse_sex(const std::string& text);
/// 0–5 (危险性评估); "3级" accepted.
int parse_risk_level(const std::string& text);
/// A non-negative whole count ("12", "12.0"); throws for "abc", "-3", "1.5".
long long parse_count(const std::string& text);
/// yes/no, 是/否, 有/无, 1/0, true/false.
bool parse_yes_no(const std::string& text);
/// A finite decimal number.
double parse_number(const std::string& text);

/// A calendar date as ISO "YYYY-MM-DD" from the forms Chinese spreadsheets hold: 2025-03-01,
/// 2025/3/1, 2025.3.1, 2025年3月1日, 20250301, an Excel serial day number (45717), or an ISO
/// date-time. Validates the day of the month (leap years included).
std::string parse_date(const std::string& text);

/// Trims ASCII and full-width spaces.
std::string trim(const std::string& text);

} // namespace jw::model
