#pragma once
/// Follow-up rules of a policy profile: the `[followup]` section of data/policies/*.toml (the
/// base profile's first, the profile's own keys over it), each rule with the clause it comes
/// from so the due list can say why a visit is due.

#include <jingwei/policy/profile.hpp>
#include <map>
#include <string>
#include <vector>

namespace jw::plan {

/// Visit kinds, as in the due_visits.kind column.
enum class VisitKind { followup, joint_followup, health_exam, screening, search };
std::string kind_name(VisitKind kind);
VisitKind parse_kind(const std::string& name); ///< throws jw::InputError

struct FollowUpRules {
    std::string profile;   ///< the profile's name, written into due_visits.profile
    int stable_months = 0; ///< 稳定: next visit this many months later
    int basically_stable_first_days =
        0; ///< 基本稳定: revisit within N days of the visit that found it
    int basically_stable_months = 0;       ///< ... then every N months
    int unstable_days = 0;                 ///< 不稳定: revisit within N days, referral flagged
    int joint_min_risk = 0;                ///< risk level from which visits are joint
    std::vector<std::string> joint_skills; ///< a team-day must hold all of them
    int joint_days = 0;                    ///< cadence of joint visits (the shortest)
    int min_per_year = 0;                  ///< at least N visits a year: gap <= 12/N months
    bool quarterly = false;                ///< at least one visit in every calendar quarter
    int exam_months = 0;                   ///< yearly health exam; 0 = not scheduled
    int new_patient_days = 0;              ///< first visit after registration
    int overdue_days = 0;                  ///< an overdue visit's deadline: month start + N - 1
    bool monthly_screening = false;        ///< one active-screening task per village a month
    double screening_permille = 0;         ///< expected prevalence when the profile has no target
    double screening_base_min = 0, screening_min_per_1000 = 0, screening_max_min = 0;
    std::vector<std::string> screening_skills, search_skills;
    std::map<std::string, double> service_min; ///< per kind name
    std::map<std::string, int> priority;       ///< per rule: joint, unstable, overdue, ...
    /// Rule name -> "file clause" citation, e.g. "001_fff46b418a145b38.txt §三(二)".
    std::map<std::string, std::string> clauses;

    double service_minutes(VisitKind kind) const;
    int priority_of(const std::string& rule) const;
    std::string clause(const std::string& rule) const;
};

/// Reads `[followup]` from the profile's files (base first). Throws jw::InputError naming the
/// file and key when a required rule is missing or malformed anywhere in the chain.
FollowUpRules load_followup_rules(const policy::Profile& profile);

} // namespace jw::plan
