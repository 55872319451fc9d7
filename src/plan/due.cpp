// The due list. Each candidate rule gives a deadline; the earliest one wins and is written out in
// words with its clause, so a planner can check every line against the profile.

#include <algorithm>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/plan/due.hpp>
#include <jingwei/store/workspace.hpp>
#include <map>
#include <sstream>

namespace jw::plan {

namespace {

struct Candidate {
    DayNumber deadline;
    std::string rule; ///< key into rules.priority / rules.clauses
    std::string why;  ///< words
};

DayNumber quarter_start(const Month& m) {
    return day_number({m.year, (m.month - 1) / 3 * 3 + 1, 1});
}

DayNumber quarter_end(const Month& m) {
    const int last = (m.month - 1) / 3 * 3 + 3;
    return day_number({m.year, last, days_in_month(m.year, last)});
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items)
        out += (out.empty() ? "" : ",") + s;
    return out;
}

// The follow-up deadline of a patient at home with a known last visit, and why.
Candidate followup_deadline(const PatientRecord& p, const Month& month, const FollowUpRules& r) {
    const DayNumber last = *p.last_visit;
    const std::string since = "末次随访 " + iso_day(last);
    std::vector<Candidate> c;
    const bool is_joint = p.risk_level && *p.risk_level >= r.joint_min_risk;
    if (is_joint)
        c.push_back({last + r.joint_days,
                     "joint",
                     "危险性" + std::to_string(*p.risk_level) + "级 ≥" +
                         std::to_string(r.joint_min_risk) + ": 联合随访, " + since + " + " +
                         std::to_string(r.joint_days) + " 天"});
    if (p.stability == "unstable")
        c.push_back({last + r.unstable_days,
                     "unstable",
                     "不稳定: " + since + " + " + std::to_string(r.unstable_days) +
                         " 天; 需转诊/应急处置评估"});
    else if (p.stability == "basically_stable") {
        const bool found_earlier = p.stability_since && *p.stability_since < last;
        if (found_earlier)
            c.push_back({add_months(last, r.basically_stable_months),
                         "basically_stable",
                         "基本稳定 (自 " + iso_day(*p.stability_since) + "): " + since + " + " +
                             std::to_string(r.basically_stable_months) + " 个月"});
        else
            c.push_back({last + r.basically_stable_first_days,
                         "basically_stable",
                         "基本稳定 (末次随访发现): " + since + " + " +
                             std::to_string(r.basically_stable_first_days) + " 天"});
    } else if (p.stability == "stable")
        c.push_back({add_months(last, r.stable_months),
                     "stable",
                     "稳定: " + since + " + " + std::to_string(r.stable_months) + " 个月"});
    else // no class recorded: the longest regular cadence, said so
        c.push_back({add_months(last, r.stable_months),
                     "stable",
                     "未记录病情分级, 按稳定: " + since + " + " + std::to_string(r.stable_months) +
                         " 个月"});
    if (r.min_per_year > 0) {
        const int gap_months = 12 / r.min_per_year;
        c.push_back({add_months(last, gap_months),
                     "min_per_year",
                     "每年至少 " + std::to_string(r.min_per_year) + " 次: " + since + " + " +
                         std::to_string(gap_months) + " 个月"});
    }
    if (r.quarterly && last < quarter_start(month))
        c.push_back({quarter_end(month), "quarterly", "每季度至少随访一次: 本季度尚未随访"});
    // Earliest deadline wins; on a tie the first (the class rule) is the one quoted.
    return *std::min_element(c.begin(), c.end(), [](const Candidate& a, const Candidate& b) {
        return a.deadline < b.deadline;
    });
}

DueVisit make_visit(const PatientRecord& p,
                    const std::string& prefix,
                    VisitKind kind,
                    const FollowUpRules& r) {
    DueVisit v;
    v.id = prefix + p.patient_key;
    v.kind = kind;
    v.patient_key = p.patient_key;
    v.village_code = p.village_code;
    v.township_code = p.township_code;
    v.service_min = r.service_minutes(kind);
    return v;
}

// Window [earliest, deadline] inside the month; an overdue deadline moves into the first days.
void set_window(DueVisit& v,
                DayNumber earliest,
                DayNumber deadline,
                const Month& month,
                const FollowUpRules& r) {
    v.earliest = std::max(earliest, month.first_day());
    if (deadline < month.first_day()) {
        v.is_overdue = true;
        v.deadline = std::min(month.last_day(), month.first_day() + r.overdue_days - 1);
        v.rule = "逾期 (应于 " + iso_day(deadline) + " 前): " + v.rule;
        v.priority = std::max(v.priority, r.priority_of("overdue"));
    } else
        v.deadline = std::min(deadline, month.last_day());
    v.deadline = std::max(v.deadline, v.earliest);
}

} // namespace

std::vector<DueVisit>
patient_due(const PatientRecord& p, const Month& month, const FollowUpRules& r) {
    std::vector<DueVisit> out;
    const auto& status = p.management_status;
    if (status == "deceased" || status == "moved_out" || status == "in_hospital")
        return out; // in hospital: neither due nor lost (DOMAIN.md §4 e)
    if (p.last_visit && *p.last_visit > month.last_day())
        return out; // visited after this month: nothing left to plan here
    if (status == "lost") {
        auto v = make_visit(p, "L:", VisitKind::search, r);
        v.skills = r.search_skills;
        v.priority = r.priority_of("search");
        v.rule = "失访" +
                 (p.last_visit ? " (末次随访 " + iso_day(*p.last_visit) + ")" : std::string()) +
                 ": 与村(居)委会、派出所、网格员查找 [" + r.clause("lost") + "]";
        v.earliest = month.first_day();
        v.deadline = month.last_day();
        out.push_back(std::move(v));
        return out;
    }
    Candidate due;
    if (!p.last_visit) {
        const DayNumber from = p.registered ? *p.registered : month.first_day();
        due = {from + r.new_patient_days,
               "new_patient",
               "新登记/转入未随访" +
                   (p.registered ? " (登记 " + iso_day(*p.registered) + ")" : std::string()) +
                   ": " + std::to_string(r.new_patient_days) + " 天内首次随访"};
    } else
        due = followup_deadline(p, month, r);
    const bool is_joint = p.risk_level && *p.risk_level >= r.joint_min_risk;
    const bool followup_due = due.deadline <= month.last_day();
    if (followup_due) {
        auto v = make_visit(p, "F:", is_joint ? VisitKind::joint_followup : VisitKind::followup, r);
        if (is_joint)
            v.skills = r.joint_skills;
        v.priority = r.priority_of(due.rule);
        if (is_joint)
            v.priority = std::max(v.priority, r.priority_of("joint"));
        if (p.stability == "unstable")
            v.priority = std::max(v.priority, r.priority_of("unstable"));
        v.rule = due.why + " [" + r.clause(due.rule) + "]";
        if (status == "refusing")
            v.rule += "; 拒访: 通报派出所/网格员";
        const DayNumber earliest = p.last_visit ? *p.last_visit + 1 : month.first_day();
        set_window(v, earliest, due.deadline, month, r);
        out.push_back(std::move(v));
    }
    if (r.exam_months > 0) {
        const std::optional<DayNumber> exam_due =
            p.last_exam ? std::optional<DayNumber>(add_months(*p.last_exam, r.exam_months))
                        : std::nullopt;
        const bool anniversary =
            exam_due && *exam_due >= month.first_day() && *exam_due <= month.last_day();
        // Overdue or never examined: combined with this month's visit rather than piling up.
        const bool with_visit = followup_due && (!exam_due || *exam_due < month.first_day());
        if (anniversary || with_visit) {
            auto v = make_visit(p, "E:", VisitKind::health_exam, r);
            v.priority = r.priority_of("exam");
            v.rule =
                (p.last_exam ? "上次体检 " + iso_day(*p.last_exam) : std::string("无体检记录")) +
                ": 每 " + std::to_string(r.exam_months) + " 个月一次" +
                (with_visit ? ", 随本月随访进行" : "") + " [" + r.clause("exam") + "]";
            if (with_visit) {
                v.earliest = out.front().earliest;
                v.deadline = out.front().deadline;
            } else {
                v.earliest = month.first_day();
                v.deadline = month.last_day();
            }
            out.push_back(std::move(v));
        }
    }
    return out;
}

DueVisit
village_screening(const VillageRecord& village, const Month& month, const FollowUpRules& r) {
    DueVisit v;
    v.id = "S:" + village.code;
    v.kind = VisitKind::screening;
    v.village_code = village.code;
    v.township_code = village.township_code;
    v.earliest = month.first_day();
    v.deadline = month.last_day();
    v.skills = r.screening_skills;
    v.priority = r.priority_of("screening");
    std::ostringstream why;
    why.precision(1);
    why << std::fixed;
    if (village.population) {
        const double pop = static_cast<double>(*village.population);
        const double expected = r.screening_permille * pop / 1000.0;
        const double gap =
            std::max(0.0, expected - static_cast<double>(village.registered_patients));
        const double gap_share = expected > 0 ? gap / expected : 0.0;
        v.service_min = std::min(r.screening_max_min,
                                 r.screening_base_min +
                                     r.screening_min_per_1000 * pop / 1000.0 * (1.0 + gap_share));
        v.service_min = std::round(v.service_min);
        if (gap > 0)
            v.priority += 1;
        why << "每月主动筛查: 常住 " << *village.population << " 人, 按 " << r.screening_permille
            << "‰ 预期 " << expected << " 例, 在册 " << village.registered_patients << ", 缺口 "
            << gap;
    } else {
        v.service_min = r.screening_base_min;
        why << "每月主动筛查: 人口未知, 按基本时长";
    }
    v.rule = why.str() + " [" + r.clause("screening") + "]";
    return v;
}

DueList compute_due(const std::vector<PatientRecord>& patients,
                    const std::vector<VillageRecord>& villages,
                    const Month& month,
                    const FollowUpRules& rules) {
    DueList list;
    list.month = month.text();
    list.profile = rules.profile;
    for (const auto& p : patients) {
        ++list.patients_read;
        if (p.management_status == "in_hospital")
            ++list.in_hospital;
        if (p.management_status == "deceased" || p.management_status == "moved_out")
            ++list.not_in_register;
        for (auto& v : patient_due(p, month, rules))
            list.visits.push_back(std::move(v));
    }
    if (rules.monthly_screening)
        for (const auto& v : villages)
            list.visits.push_back(village_screening(v, month, rules));
    std::sort(list.visits.begin(), list.visits.end(), [](const DueVisit& a, const DueVisit& b) {
        return std::tie(a.township_code, a.village_code, a.id) <
               std::tie(b.township_code, b.village_code, b.id);
    });
    return list;
}

namespace {

std::optional<DayNumber> opt_day(store::Statement& st, int col, const std::string& key) {
    const auto text = st.column_opt_text(col);
    if (!text || text->empty())
        return std::nullopt;
    try {
        return parse_iso_day(text->substr(0, 10));
    } catch (const InputError& e) {
        throw InputError("patients", 0, st.column_name(col), key + ": " + e.reason);
    }
}

} // namespace

DueList
compute_and_store_due(store::Workspace& ws, const Month& month, const FollowUpRules& rules) {
    auto& db = ws.db();
    std::vector<PatientRecord> patients;
    bool has_synthetic = false;
    {
        auto st = db.prepare(
            "SELECT p.patient_key, coalesce(p.village_code, ''), coalesce(v.parent_code, ''), "
            "p.risk_level, coalesce(p.stability, ''), p.management_status, p.registered_date, "
            "p.last_visit_date, p.last_exam_date, p.synthetic FROM patients p "
            "LEFT JOIN admin_units v ON v.code = p.village_code ORDER BY p.patient_key");
        while (st.step()) {
            PatientRecord p;
            p.patient_key = st.column_text(0);
            p.village_code = st.column_text(1);
            p.township_code = st.column_text(2);
            if (!st.is_null(3))
                p.risk_level = static_cast<int>(st.column_int(3));
            p.stability = st.column_text(4);
            p.management_status = st.column_text(5);
            p.registered = opt_day(st, 6, p.patient_key);
            p.last_visit = opt_day(st, 7, p.patient_key);
            p.last_exam = opt_day(st, 8, p.patient_key);
            has_synthetic = has_synthetic || st.column_int(9) != 0;
            patients.push_back(std::move(p));
        }
    }
    std::vector<VillageRecord> villages;
    if (rules.monthly_screening) {
        auto st = db.prepare(
            "SELECT u.code, coalesce(u.parent_code, ''), "
            "(SELECT count FROM population p WHERE p.unit_code = u.code AND p.kind = 'resident' "
            " ORDER BY p.year DESC LIMIT 1), "
            "(SELECT count(*) FROM patients q WHERE q.village_code = u.code AND "
            " q.management_status NOT IN ('deceased', 'moved_out')) "
            "FROM admin_units u WHERE u.level = 'village' ORDER BY u.code");
        while (st.step()) {
            VillageRecord v;
            v.code = st.column_text(0);
            v.township_code = st.column_text(1);
            if (!st.is_null(2))
                v.population = st.column_int(2);
            v.registered_patients = st.column_int(3);
            villages.push_back(std::move(v));
        }
    }
    auto list = compute_due(patients, villages, month, rules);
    list.has_synthetic = has_synthetic;

    const std::string now = store::utc_timestamp();
    store::Transaction tx(db);
    db.prepare("DELETE FROM due_visits WHERE month = ?").bind(1, list.month).run();
    auto insert = db.prepare(
        "INSERT INTO due_visits (month, id, kind, patient_key, village_code, township_code, "
        "earliest, deadline, priority, service_min, skills, rule, profile, computed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const auto opt = [](const std::string& s) {
        return s.empty() ? std::nullopt : std::optional<std::string>(s);
    };
    for (const auto& v : list.visits)
        insert.bind(1, list.month)
            .bind(2, v.id)
            .bind(3, kind_name(v.kind))
            .bind(4, opt(v.patient_key))
            .bind(5, opt(v.village_code))
            .bind(6, opt(v.township_code))
            .bind(7, iso_day(v.earliest))
            .bind(8, iso_day(v.deadline))
            .bind(9, v.priority)
            .bind(10, v.service_min)
            .bind(11, join(v.skills))
            .bind(12, v.rule)
            .bind(13, list.profile)
            .bind(14, now)
            .run();
    tx.commit();
    return list;
}

std::vector<DueVisit> load_due(store::Workspace& ws, const Month& month) {
    std::vector<DueVisit> out;
    auto st = ws.db().prepare(
        "SELECT id, kind, coalesce(patient_key, ''), coalesce(village_code, ''), "
        "coalesce(township_code, ''), earliest, deadline, priority, service_min, skills, rule "
        "FROM due_visits WHERE month = ? ORDER BY township_code, village_code, id");
    st.bind(1, month.text());
    while (st.step()) {
        DueVisit v;
        v.id = st.column_text(0);
        v.kind = parse_kind(st.column_text(1));
        v.patient_key = st.column_text(2);
        v.village_code = st.column_text(3);
        v.township_code = st.column_text(4);
        v.earliest = parse_iso_day(st.column_text(5));
        v.deadline = parse_iso_day(st.column_text(6));
        v.priority = static_cast<int>(st.column_int(7));
        v.service_min = st.column_double(8);
        std::stringstream skills(st.column_text(9));
        for (std::string s; std::getline(skills, s, ',');)
            if (!s.empty())
                v.skills.push_back(s);
        v.rule = st.column_text(10);
        v.is_overdue = v.rule.rfind("逾期", 0) == 0;
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace jw::plan
