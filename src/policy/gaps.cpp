// Gap tables: each indicator's formula (one per IndicatorKind), the gap to the profile's target
// and the amount that closes it. Unknown inputs stay unknown (a NULL bed count is not zero), and
// patient counts from 1 to k-1 are suppressed together with everything derived from them.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <jingwei/error.hpp>
#include <jingwei/policy/gaps.hpp>
#include <jingwei/policy/indicators.hpp>
#include <map>

namespace jw::policy {
namespace {

std::size_t prefix_length(GapLevel level) {
    switch (level) {
    case GapLevel::city:
        return 4;
    case GapLevel::county:
        return 6;
    case GapLevel::township:
        return 9;
    case GapLevel::village:
    case GapLevel::cell:
        return 12;
    }
    return 12;
}

bool within(const std::string& code, const std::string& prefix) {
    return code.size() >= prefix.size() && code.compare(0, prefix.size(), prefix) == 0;
}

// Days since 1970-01-01 of an ISO date (H. Hinnant's days_from_civil); nullopt if malformed.
std::optional<long> days_of(const std::string& iso) {
    int y = 0, m = 0, d = 0;
    if (iso.size() < 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3)
        return std::nullopt;
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool is_centre(const AreaFacility& f) {
    return f.kind == "township_health_centre" || f.kind == "community_health_centre";
}

// Kinds that may hold psychiatric beds / psychiatrists (DOMAIN.md §6); the others never do, so
// their NULLs do not make a unit's total unknown.
bool may_have_beds(const std::string& kind) {
    return kind == "psychiatric_hospital" || kind == "general_hospital_psychiatry" ||
           kind == "township_health_centre" || kind == "community_health_centre" || kind == "other";
}
bool may_have_psychiatrists(const std::string& kind) {
    return kind != "village_clinic" && kind != "community_rehab";
}

struct Fraction {
    std::optional<double> numerator, denominator;
    std::string note;
};

class Evaluator {
  public:
    Evaluator(const AreaData& area, const Profile& profile) : m_area(area), m_profile(profile) {
        if (!area.as_of.empty()) {
            m_as_of_days = days_of(area.as_of);
            m_period_start = area.as_of.substr(0, 4) + "-01-01";
        }
    }

    GapRow evaluate(const AreaUnit& unit, GapLevel level, const Target& target) const {
        const auto& info = indicator(target.indicator);
        GapRow row;
        row.level = gap_level_name(level);
        row.unit_code = unit.code;
        row.unit_name = unit.name;
        row.indicator = target.indicator;
        row.target = target;
        row.closes_what = info.closes_en;
        // A cell is matched on its whole code; admin units on their level's prefix.
        const std::string prefix =
            level == GapLevel::cell ? unit.code : unit.code.substr(0, prefix_length(level));
        const bool by_cell = level == GapLevel::cell;
        switch (info.kind) {
        case IndicatorKind::per_capita:
            per_capita(row, unit, prefix);
            break;
        case IndicatorKind::coverage:
            coverage(row, info, prefix);
            break;
        case IndicatorKind::prevalence:
            prevalence(row, unit, prefix, by_cell);
            break;
        case IndicatorKind::patient_rate:
            patient_rate(row, prefix, by_cell);
            break;
        }
        finish(row);
        return row;
    }

    static bool applies(const IndicatorInfo& info, GapLevel level) {
        // Cells hold population and patients, not facilities' service areas.
        if (level == GapLevel::cell)
            return info.kind == IndicatorKind::prevalence ||
                   info.kind == IndicatorKind::patient_rate;
        if (info.kind == IndicatorKind::per_capita)
            return level != GapLevel::village; // beds and doctors serve beyond one village
        if (info.kind != IndicatorKind::coverage)
            return true;
        switch (info.over) {
        case CoverageOver::county:
            return level == GapLevel::city || level == GapLevel::county;
        case CoverageOver::township:
        case CoverageOver::centre:
            return level != GapLevel::village;
        case CoverageOver::none:
            return true;
        }
        return true;
    }

  private:
    int k() const { return m_profile.rules.min_cell_count; }
    bool is_small(double count) const { return count >= 1 && count < k(); }

    static void population_note(GapRow& row, const AreaUnit& unit) {
        row.note += "resident population " + std::to_string(unit.population_year) +
                    (unit.population_derived ? " (derived)" : "");
    }

    // Formula: value = resource / population × per (per = 100 000 or 10 000 from the target).
    void per_capita(GapRow& row, const AreaUnit& unit, const std::string& prefix) const {
        const bool beds = row.indicator == "psychiatric_beds";
        const bool open_beds = m_profile.rules.beds == "open";
        double total = 0;
        int unknown = 0, counted = 0;
        for (const auto& f : m_area.facilities) {
            if (f.status != "open" || !within(f.unit_code, prefix))
                continue;
            if (beds ? !may_have_beds(f.kind) : !may_have_psychiatrists(f.kind))
                continue;
            const auto& v = beds ? (open_beds ? f.beds_open : f.beds_authorised) : f.psychiatrists;
            ++counted;
            if (v)
                total += static_cast<double>(*v);
            else
                ++unknown;
        }
        const std::string what =
            beds ? (open_beds ? "open beds" : "authorised beds") : "psychiatrists";
        if (!unit.population) {
            row.note = "resident population unknown";
            return;
        }
        row.denominator = static_cast<double>(*unit.population);
        population_note(row, unit);
        if (unknown > 0) {
            row.note += "; " + what + " unknown for " + std::to_string(unknown) + " of " +
                        std::to_string(counted) + " open facilities";
            return;
        }
        row.numerator = total;
        row.note += "; " + what + " of " + std::to_string(counted) + " open facilities";
        if (*unit.population == 0) {
            row.note += "; no residents";
            return;
        }
        const double per = row.target.per_population;
        row.value = total / static_cast<double>(*unit.population) * per;
        row.closes_amount =
            std::max(0.0, std::ceil(row.target.value * *row.denominator / per - total - 1e-9));
    }

    // Formula: value = sub-units having the thing / sub-units × 100.
    void coverage(GapRow& row, const IndicatorInfo& info, const std::string& prefix) const {
        int have = 0, lacking = 0, unknown = 0;
        std::string what;
        if (info.over == CoverageOver::centre) {
            what = "open township/community health centres";
            for (const auto& f : m_area.facilities) {
                if (f.status != "open" || !is_centre(f) || !within(f.unit_code, prefix))
                    continue;
                std::optional<bool> ok;
                if (row.indicator == "prevention_doctor_coverage") {
                    if (f.prevention_staff)
                        ok = *f.prevention_staff >= 1;
                } else if (row.indicator == "licensed_psychiatrist_coverage") {
                    if (f.psychiatrists)
                        ok = *f.psychiatrists >= 1;
                } else if (f.has_psych_clinic) {
                    ok = *f.has_psych_clinic;
                }
                (!ok ? unknown : *ok ? have : lacking) += 1;
            }
        } else {
            const char* sub_level = info.over == CoverageOver::county ? "county" : "township";
            const std::size_t sub_length = info.over == CoverageOver::county ? 6 : 9;
            const char* kind = row.indicator == "psychiatric_hospital_coverage"
                                   ? "psychiatric_hospital"
                                   : "community_rehab";
            what = info.over == CoverageOver::county ? "counties" : "townships";
            for (const auto& u : m_area.units) {
                if (u.level != sub_level || !within(u.code, prefix))
                    continue;
                const std::string sub_prefix = u.code.substr(0, sub_length);
                const bool found = std::any_of(
                    m_area.facilities.begin(), m_area.facilities.end(), [&](const AreaFacility& f) {
                        return f.status == "open" && f.kind == kind &&
                               within(f.unit_code, sub_prefix);
                    });
                (found ? have : lacking) += 1;
            }
        }
        const int n = have + lacking + unknown;
        row.denominator = n;
        row.note = std::to_string(n) + " " + what + " in the workspace";
        if (n == 0)
            return;
        if (unknown > 0) {
            row.note += "; not reported for " + std::to_string(unknown) + " (" +
                        std::to_string(lacking) + " known to lack it)";
            return;
        }
        row.numerator = have;
        row.value = 100.0 * have / n;
        row.closes_amount = std::max(0.0, std::ceil(row.target.value / 100.0 * n - have - 1e-9));
    }

    bool is_registered(const AreaPatient& p) const {
        return p.management_status != "moved_out" && p.management_status != "deceased";
    }
    bool in_period(const std::optional<std::string>& date) const {
        return date && !m_period_start.empty() && *date >= m_period_start && *date <= m_area.as_of;
    }
    // 在管: a follow-up in the period (not lost), or in hospital when the profile counts that.
    bool is_managed(const AreaPatient& p) const {
        if (p.management_status == "in_hospital" && m_profile.rules.in_hospital_counts_as_managed)
            return true;
        return p.management_status != "lost" && in_period(p.last_visit_date);
    }
    // 规范管理, from the latest visit only: managed and seen within the profile's interval.
    bool is_standardised(const AreaPatient& p) const {
        if (!is_managed(p))
            return false;
        if (p.management_status == "in_hospital")
            return true;
        const auto visit = p.last_visit_date ? days_of(*p.last_visit_date) : std::nullopt;
        return visit && m_as_of_days &&
               *m_as_of_days - *visit <= m_profile.rules.standardised_max_gap_days;
    }

    // Formula: value = registered (alive, not moved out) / resident population × 1000.
    void
    prevalence(GapRow& row, const AreaUnit& unit, const std::string& prefix, bool by_cell) const {
        double registered = 0;
        for (const auto& p : m_area.patients)
            if (within(by_cell ? p.cell : p.village_code, prefix) && is_registered(p))
                ++registered;
        if (!unit.population) {
            row.note = "resident population unknown";
            return;
        }
        row.denominator = static_cast<double>(*unit.population);
        population_note(row, unit);
        if (is_small(registered)) {
            row.status = GapStatus::suppressed;
            row.note += "; registered count below " + std::to_string(k()) + ": suppressed";
            return;
        }
        row.numerator = registered;
        if (*unit.population == 0) {
            row.note += "; no residents";
            return;
        }
        row.value = registered / *row.denominator * 1000.0;
        // (target‰ − reported‰) × population / 1000 = expected − registered.
        row.closes_amount = std::max(
            0.0, std::ceil(row.target.value * *row.denominator / 1000.0 - registered - 1e-9));
    }

    // Formula: value = patients meeting the condition / patients in the denominator × 100.
    void patient_rate(GapRow& row, const std::string& prefix, bool by_cell) const {
        const std::string& key = row.indicator;
        if (key == "face_to_face_rate") {
            row.note = "unknown: the workspace records no visit mode (face-to-face or not)";
            return;
        }
        if (key == "free_medication_share") {
            row.note = "unknown: the workspace records no free-medication enrolment";
            return;
        }
        if (m_area.as_of.empty() && key != "medication_rate" && key != "regular_medication_rate" &&
            key != "schizophrenia_regular_medication_rate" &&
            key != "schizophrenia_treatment_rate") {
            row.note = "unknown: no as-of date (the register has no dates)";
            return;
        }
        const bool schizophrenia_only =
            key == "schizophrenia_regular_medication_rate" || key == "schizophrenia_treatment_rate";
        double numerator = 0, denominator = 0;
        for (const auto& p : m_area.patients) {
            if (!within(by_cell ? p.cell : p.village_code, prefix) || !is_registered(p))
                continue;
            if (schizophrenia_only && p.diagnosis != "schizophrenia")
                continue;
            ++denominator;
            const std::string medication = p.medication.value_or("");
            bool meets = false;
            if (key == "management_rate")
                meets = is_managed(p);
            else if (key == "standardised_management_rate")
                meets = is_standardised(p);
            else if (key == "medication_rate" || key == "schizophrenia_treatment_rate")
                meets = medication == "regular" || medication == "intermittent";
            else if (key == "regular_medication_rate" ||
                     key == "schizophrenia_regular_medication_rate")
                meets = medication == "regular";
            else if (key == "physical_exam_rate")
                meets = in_period(p.last_exam_date);
            if (meets)
                ++numerator;
        }
        row.note = std::string(schizophrenia_only ? "registered schizophrenia patients"
                                                  : "registered patients") +
                   (key == "standardised_management_rate"
                        ? "; standardised = latest follow-up within " +
                              std::to_string(m_profile.rules.standardised_max_gap_days) + " days"
                        : "");
        if (is_small(numerator) || is_small(denominator)) {
            row.status = GapStatus::suppressed;
            row.note += "; a count below " + std::to_string(k()) + ": suppressed";
            return;
        }
        row.numerator = numerator;
        row.denominator = denominator;
        if (denominator == 0) {
            row.note += "; none registered";
            return;
        }
        row.value = 100.0 * numerator / denominator;
        row.closes_amount =
            std::max(0.0, std::ceil(row.target.value / 100.0 * denominator - numerator - 1e-9));
    }

    static void finish(GapRow& row) {
        if (row.status == GapStatus::suppressed) {
            row.numerator.reset();
            row.value.reset();
            row.closes_amount.reset();
            return;
        }
        if (!row.value) {
            row.status = GapStatus::unknown;
            row.closes_amount.reset();
            return;
        }
        const double shortfall = row.target.comparison == Comparison::at_least
                                     ? row.target.value - *row.value
                                     : *row.value - row.target.value;
        row.gap_abs = shortfall;
        if (row.target.value > 0)
            row.gap_rel = shortfall / row.target.value;
        row.status = shortfall > 1e-12 ? GapStatus::gap : GapStatus::met;
        if (row.status == GapStatus::met)
            row.closes_amount = 0.0;
    }

    const AreaData& m_area;
    const Profile& m_profile;
    std::optional<long> m_as_of_days;
    std::string m_period_start;
};

int status_order(GapStatus s) {
    switch (s) {
    case GapStatus::gap:
        return 0;
    case GapStatus::unknown:
        return 1;
    case GapStatus::suppressed:
        return 2;
    case GapStatus::met:
        return 3;
    }
    return 4;
}

} // namespace

std::string cell_code(std::int64_t cell_id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "cell:%012lld", static_cast<long long>(cell_id));
    return buf;
}

GapLevel parse_gap_level(const std::string& text) {
    if (text == "city")
        return GapLevel::city;
    if (text == "county")
        return GapLevel::county;
    if (text == "township")
        return GapLevel::township;
    if (text == "village")
        return GapLevel::village;
    if (text == "cell")
        return GapLevel::cell;
    throw UsageError("--level: '" + text + "' is not city, county, township, village or cell");
}

const char* gap_level_name(GapLevel level) {
    switch (level) {
    case GapLevel::city:
        return "city";
    case GapLevel::county:
        return "county";
    case GapLevel::township:
        return "township";
    case GapLevel::village:
        return "village";
    case GapLevel::cell:
        return "cell";
    }
    return "?";
}

const char* gap_status_name(GapStatus status) {
    switch (status) {
    case GapStatus::gap:
        return "gap";
    case GapStatus::unknown:
        return "unknown";
    case GapStatus::suppressed:
        return "suppressed";
    case GapStatus::met:
        return "met";
    }
    return "?";
}

GapTable compute_gaps(const AreaData& area, const Profile& profile, GapLevel level) {
    GapTable table;
    table.profile = profile.name;
    table.level = gap_level_name(level);
    table.as_of = area.as_of;
    table.min_cell_count = profile.rules.min_cell_count;
    table.has_synthetic = std::any_of(area.patients.begin(),
                                      area.patients.end(),
                                      [](const AreaPatient& p) { return p.synthetic; });
    const Evaluator evaluator(area, profile);
    std::vector<const AreaUnit*> units;
    for (const auto& u : area.units)
        if (u.level == table.level)
            units.push_back(&u);
    if (units.empty())
        throw InputError("the workspace has no " + table.level + " units");
    std::sort(units.begin(), units.end(), [](const AreaUnit* a, const AreaUnit* b) {
        return a->code < b->code;
    });
    std::map<std::string, std::size_t> indicator_order;
    for (std::size_t i = 0; i < indicators().size(); ++i)
        indicator_order[indicators()[i].key] = i;
    for (const auto* unit : units)
        for (const auto& target : profile.targets)
            if (Evaluator::applies(indicator(target.indicator), level))
                table.rows.push_back(evaluator.evaluate(*unit, level, target));
    std::stable_sort(table.rows.begin(), table.rows.end(), [&](const GapRow& a, const GapRow& b) {
        if (status_order(a.status) != status_order(b.status))
            return status_order(a.status) < status_order(b.status);
        if (a.status == GapStatus::gap) {
            const double ra = a.gap_rel.value_or(0), rb = b.gap_rel.value_or(0);
            if (ra != rb)
                return ra > rb;
        }
        if (a.unit_code != b.unit_code)
            return a.unit_code < b.unit_code;
        return indicator_order[a.indicator] < indicator_order[b.indicator];
    });
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        table.rows[i].rank = static_cast<int>(i + 1);
        table.has_suppressed =
            table.has_suppressed || table.rows[i].status == GapStatus::suppressed;
    }
    return table;
}

} // namespace jw::policy
