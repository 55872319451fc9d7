// The due-list rules on hand-made registers: every expected date below is counted by hand from
// the rule (DOMAIN.md §5.3-5.5 and the profiles' [followup] sections), not taken from a run.

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/plan/due.hpp>

using namespace jw::plan;

namespace {

DayNumber d(const char* iso) {
    return parse_iso_day(iso);
}

PatientRecord patient(const std::string& key,
                      const std::string& stability,
                      const char* last_visit,
                      int risk = 0) {
    PatientRecord p;
    p.patient_key = key;
    p.village_code = "441502100201";
    p.township_code = "441502100000";
    p.risk_level = risk;
    p.stability = stability;
    p.management_status = "managed";
    if (last_visit)
        p.last_visit = d(last_visit);
    return p;
}

FollowUpRules rules_of(const std::string& profile) {
    auto r = load_followup_rules(jw::policy::load_profile(profile));
    r.exam_months = 0; // exams are tested on their own
    return r;
}

const DueVisit* find(const std::vector<DueVisit>& visits, const std::string& id) {
    for (const auto& v : visits)
        if (v.id == id)
            return &v;
    return nullptr;
}

} // namespace

TEST_CASE("calendar: months clamp at month ends, leap days count", "[plan]") {
    CHECK(iso_day(add_months(d("2026-01-31"), 1)) == "2026-02-28");
    CHECK(iso_day(add_months(d("2028-01-31"), 1)) == "2028-02-29");
    CHECK(iso_day(add_months(d("2028-02-29"), 12)) == "2029-02-28");
    CHECK(iso_day(add_months(d("2028-02-29"), 3)) == "2028-05-29");
    CHECK(iso_day(add_months(d("2026-11-30"), -11)) == "2025-12-30");
    CHECK(iso_day(d("2028-02-20") + 14) == "2028-03-05"); // 29-day February
    CHECK(iso_day(d("2027-02-20") + 14) == "2027-03-06");
    CHECK(weekday(d("2026-12-01")) == 1); // a Tuesday
    CHECK(weekday(d("2026-12-07")) == 0); // a Monday
    CHECK(Month::parse("2026-12").last_day() == d("2026-12-31"));
    CHECK(Month::parse("2028-02").last_day() == d("2028-02-29"));
    CHECK_THROWS_AS(Month::parse("2026-13"), jw::UsageError);
    CHECK_THROWS_AS(parse_iso_day("2027-02-29"), jw::InputError);
}

TEST_CASE("stable patients are due 3 months after the last visit", "[plan]") {
    const auto r = rules_of("national");
    const auto dec = Month::parse("2026-12");
    auto due = patient_due(patient("a", "stable", "2026-09-30"), dec, r);
    REQUIRE(due.size() == 1);
    CHECK(due[0].id == "F:a");
    CHECK(due[0].kind == VisitKind::followup);
    CHECK(iso_day(due[0].earliest) == "2026-12-01");
    CHECK(iso_day(due[0].deadline) == "2026-12-30");
    CHECK(due[0].rule.find("national") != std::string::npos); // the clause is quoted
    CHECK_FALSE(due[0].is_overdue);
    // Visited in October: next due in January, nothing this month.
    CHECK(patient_due(patient("b", "stable", "2026-10-01"), dec, r).empty());
}

TEST_CASE("a deadline at a month end carries into a shorter month", "[plan]") {
    const auto r = rules_of("national");
    // Aug 31 + 3 months = Nov 30: due in November on the 30th, overdue in December.
    auto nov = patient_due(patient("a", "stable", "2026-08-31"), Month::parse("2026-11"), r);
    REQUIRE(nov.size() == 1);
    CHECK(iso_day(nov[0].deadline) == "2026-11-30");
    auto dec = patient_due(patient("a", "stable", "2026-08-31"), Month::parse("2026-12"), r);
    REQUIRE(dec.size() == 1);
    CHECK(dec[0].is_overdue);
    CHECK(iso_day(dec[0].deadline) == "2026-12-14"); // overdue_days = 14 from Dec 1
    CHECK(dec[0].rule.find("2026-11-30") != std::string::npos);
    CHECK(dec[0].priority == 60);
    // Known basically stable, last seen Jan 31: monthly -> Feb 28 (2027), Feb 29 (2028).
    auto p = patient("c", "basically_stable", "2027-01-31");
    p.stability_since = d("2026-11-02");
    auto feb = patient_due(p, Month::parse("2027-02"), r);
    REQUIRE(feb.size() == 1);
    CHECK(iso_day(feb[0].deadline) == "2027-02-28");
    p.last_visit = d("2028-01-31");
    feb = patient_due(p, Month::parse("2028-02"), r);
    REQUIRE(feb.size() == 1);
    CHECK(iso_day(feb[0].deadline) == "2028-02-29");
}

TEST_CASE("leap day visits: Feb 29 + 3 months and + 2 weeks", "[plan]") {
    const auto r = rules_of("national");
    auto may = patient_due(patient("a", "stable", "2028-02-29"), Month::parse("2028-05"), r);
    REQUIRE(may.size() == 1);
    CHECK(iso_day(may[0].deadline) == "2028-05-29");
    auto mar = patient_due(patient("b", "unstable", "2028-02-20"), Month::parse("2028-03"), r);
    REQUIRE(mar.size() == 1);
    CHECK(iso_day(mar[0].deadline) == "2028-03-05");
}

TEST_CASE("a patient found unstable mid-month is revisited within 2 weeks of that visit",
          "[plan]") {
    const auto r = rules_of("national");
    const auto dec = Month::parse("2026-12");
    // Before: stable, seen Nov 20 -> next due Feb 20, not in December.
    CHECK(patient_due(patient("m", "stable", "2026-11-20"), dec, r).empty());
    // The Dec 10 visit found the patient unstable: due Dec 11..24, referral flagged.
    auto due = patient_due(patient("m", "unstable", "2026-12-10"), dec, r);
    REQUIRE(due.size() == 1);
    CHECK(iso_day(due[0].earliest) == "2026-12-11");
    CHECK(iso_day(due[0].deadline) == "2026-12-24");
    CHECK(due[0].rule.find("转诊") != std::string::npos);
    CHECK(due[0].priority == 80);
    // Found unstable on Dec 25: the revisit (Jan 8) falls in January; nothing left here.
    CHECK(patient_due(patient("m", "unstable", "2026-12-25"), dec, r).empty());
    auto jan = patient_due(patient("m", "unstable", "2026-12-25"), Month::parse("2027-01"), r);
    REQUIRE(jan.size() == 1);
    CHECK(iso_day(jan[0].deadline) == "2027-01-08");
}

TEST_CASE("basically stable: 2 weeks after the visit that found it, then monthly", "[plan]") {
    const auto r = rules_of("nanjing");
    const auto dec = Month::parse("2026-12");
    auto just_found = patient("a", "basically_stable", "2026-11-25");
    auto due = patient_due(just_found, dec, r);
    REQUIRE(due.size() == 1);
    CHECK(iso_day(due[0].deadline) == "2026-12-09");
    CHECK(due[0].rule.find("001_fff46b418a145b38.txt") != std::string::npos); // Nanjing's clause
    auto known = just_found;
    known.stability_since = d("2026-10-01");
    due = patient_due(known, dec, r);
    REQUIRE(due.size() == 1);
    CHECK(iso_day(due[0].deadline) == "2026-12-25");
}

TEST_CASE("risk 3 and above: a joint visit needing the police partner, shortest cadence",
          "[plan]") {
    const auto r = rules_of("shanwei");
    auto due = patient_due(patient("h", "stable", "2026-11-30", 3), Month::parse("2026-12"), r);
    REQUIRE(due.size() == 1);
    CHECK(due[0].kind == VisitKind::joint_followup);
    CHECK(due[0].skills == std::vector<std::string>{"police"});
    CHECK(iso_day(due[0].deadline) == "2026-12-14");
    CHECK(due[0].priority == 100);
    CHECK(due[0].service_min == 60);
    CHECK(due[0].rule.find("五位一体") == std::string::npos); // the clause cites file and §
    CHECK(due[0].rule.find("000_88da2881265e4745.txt §三(7)") != std::string::npos);
    // Risk 2 is an ordinary visit.
    auto low = patient_due(patient("l", "stable", "2026-09-30", 2), Month::parse("2026-12"), r);
    REQUIRE(low.size() == 1);
    CHECK(low[0].kind == VisitKind::followup);
    CHECK(low[0].skills.empty());
}

TEST_CASE("lost patients become search tasks; in hospital and deceased are not due", "[plan]") {
    const auto r = rules_of("shanting");
    const auto dec = Month::parse("2026-12");
    auto lost = patient("x", "stable", nullptr);
    lost.management_status = "lost";
    auto due = patient_due(lost, dec, r);
    REQUIRE(due.size() == 1);
    CHECK(due[0].id == "L:x");
    CHECK(due[0].kind == VisitKind::search);
    CHECK(iso_day(due[0].earliest) == "2026-12-01");
    CHECK(iso_day(due[0].deadline) == "2026-12-31");
    CHECK(due[0].rule.find("002_9e914d85343d43f3.txt §三") != std::string::npos);
    for (const char* status : {"in_hospital", "deceased", "moved_out"}) {
        auto p = patient("y", "unstable", "2026-01-01", 4);
        p.management_status = status;
        CHECK(patient_due(p, dec, r).empty());
    }
}

TEST_CASE("at least 4 a year and at least quarterly bind when the class cadence is longer",
          "[plan]") {
    auto r = rules_of("national");
    r.stable_months = 6; // a profile with a longer stable cadence
    // Seen Sep 15: stable -> Mar 15, but 4 a year -> Dec 15.
    auto due = patient_due(patient("a", "stable", "2026-09-15"), Month::parse("2026-12"), r);
    REQUIRE(due.size() == 1);
    CHECK(iso_day(due[0].deadline) == "2026-12-15");
    CHECK(due[0].rule.find("每年至少 4 次") != std::string::npos);

    auto q = rules_of("shanting");
    q.stable_months = 6;
    q.min_per_year = 0;
    // Seen Aug 15 (last quarter): stable -> Feb 15, but the quarter ends Dec 31 unvisited.
    due = patient_due(patient("b", "stable", "2026-08-15"), Month::parse("2026-12"), q);
    REQUIRE(due.size() == 1);
    CHECK(iso_day(due[0].deadline) == "2026-12-31");
    CHECK(due[0].rule.find("每季度") != std::string::npos);
    // In November the quarter is not over yet: not due.
    CHECK(patient_due(patient("b", "stable", "2026-08-15"), Month::parse("2026-11"), q).empty());
}

TEST_CASE("health exams: on the anniversary, or with this month's visit when overdue", "[plan]") {
    auto r = rules_of("national");
    r.exam_months = 12; // as national.toml says
    const auto dec = Month::parse("2026-12");
    auto p = patient("e", "stable", "2026-11-01"); // no follow-up due in December
    p.last_exam = d("2025-12-10");
    auto due = patient_due(p, dec, r);
    REQUIRE(due.size() == 1);
    CHECK(due[0].id == "E:e");
    CHECK(iso_day(due[0].deadline) == "2026-12-31");
    // Never examined and a follow-up due Dec 30: the exam goes with the visit.
    auto q = patient("f", "stable", "2026-09-30");
    due = patient_due(q, dec, r);
    REQUIRE(due.size() == 2);
    CHECK(find(due, "E:f")->deadline == find(due, "F:f")->deadline);
    // Never examined, no visit this month: not piled up here.
    CHECK(patient_due(patient("g", "stable", "2026-11-01"), dec, r).empty());
}

TEST_CASE("new patients get a first visit within 2 weeks of registration", "[plan]") {
    const auto r = rules_of("national");
    auto p = patient("n", "", nullptr);
    p.registered = d("2026-12-05");
    auto due = patient_due(p, Month::parse("2026-12"), r);
    REQUIRE(due.size() == 1);
    CHECK(iso_day(due[0].deadline) == "2026-12-19");
    CHECK(due[0].priority == 70);
}

TEST_CASE("monthly screening is sized from population and the prevalence gap", "[plan]") {
    const auto r = rules_of("tianjin"); // 4.5 per mille target
    REQUIRE(r.monthly_screening);
    VillageRecord v{"120103001001", "120103001000", 2000, 6};
    const auto s = village_screening(v, Month::parse("2026-12"), r);
    CHECK(s.id == "S:120103001001");
    // expected 4.5 * 2000 / 1000 = 9, gap 3, share 1/3: 60 + 10 * 2 * (1 + 1/3) = 86.7 -> 87
    CHECK(s.service_min == 87);
    CHECK(s.priority == 11);
    CHECK(s.rule.find("004_f204fd3fef30925c.txt §二(二)1") != std::string::npos);
    // A big village hits the cap.
    CHECK(
        village_screening({"120103001002", "120103001000", 40000, 200}, Month::parse("2026-12"), r)
            .service_min == 150);
    // National: no screening task.
    CHECK_FALSE(rules_of("national").monthly_screening);
}
