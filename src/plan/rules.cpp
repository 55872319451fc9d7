// The follow-up section of policy profiles. Read here rather than in policy/profile.cpp so the
// target loader stays about targets; the file chain (base first) is the profile's own.

#include <jingwei/error.hpp>
#include <jingwei/io/toml_file.hpp>
#include <jingwei/plan/rules.hpp>

namespace jw::plan {

std::string kind_name(VisitKind kind) {
    switch (kind) {
    case VisitKind::followup:
        return "followup";
    case VisitKind::joint_followup:
        return "joint_followup";
    case VisitKind::health_exam:
        return "health_exam";
    case VisitKind::screening:
        return "screening";
    case VisitKind::search:
        return "search";
    }
    throw InternalError("unknown visit kind");
}

VisitKind parse_kind(const std::string& name) {
    for (auto k : {VisitKind::followup,
                   VisitKind::joint_followup,
                   VisitKind::health_exam,
                   VisitKind::screening,
                   VisitKind::search})
        if (kind_name(k) == name)
            return k;
    throw InputError("unknown visit kind '" + name + "'");
}

double FollowUpRules::service_minutes(VisitKind kind) const {
    const auto it = service_min.find(kind_name(kind));
    return it == service_min.end() ? 0.0 : it->second;
}

int FollowUpRules::priority_of(const std::string& rule) const {
    const auto it = priority.find(rule);
    return it == priority.end() ? 0 : it->second;
}

std::string FollowUpRules::clause(const std::string& rule) const {
    const auto it = clauses.find(rule);
    return it == clauses.end() ? profile : profile + ": " + it->second;
}

namespace {

std::vector<std::string> string_list(const toml::node_view<const toml::node>& node,
                                     const std::string& file,
                                     const std::string& key) {
    std::vector<std::string> out;
    const auto* array = node.as_array();
    if (!array)
        throw InputError(file, 0, "followup." + key, "must be a list of strings");
    for (const auto& item : *array) {
        const auto s = item.value<std::string>();
        if (!s)
            throw InputError(file, 0, "followup." + key, "must be a list of strings");
        out.push_back(*s);
    }
    return out;
}

void read_file(FollowUpRules& r, const std::string& file) {
    const toml::table root = io::parse_toml_file(file);
    const auto* t = root["followup"].as_table();
    if (!t)
        return;
    const toml::node_view<const toml::node> f{*t};
    const auto integer = [&](const char* key, int& out, int min) {
        if (const auto v = f[key].value<std::int64_t>()) {
            if (*v < min)
                throw InputError(file,
                                 0,
                                 std::string("followup.") + key,
                                 "must be at least " + std::to_string(min));
            out = static_cast<int>(*v);
        } else if (f[key])
            throw InputError(file, 0, std::string("followup.") + key, "must be a whole number");
    };
    const auto number = [&](const char* key, double& out) {
        if (const auto v = f[key].value<double>()) {
            if (*v < 0)
                throw InputError(file, 0, std::string("followup.") + key, "must not be negative");
            out = *v;
        } else if (f[key])
            throw InputError(file, 0, std::string("followup.") + key, "must be a number");
    };
    integer("stable_months", r.stable_months, 1);
    integer("basically_stable_first_days", r.basically_stable_first_days, 1);
    integer("basically_stable_months", r.basically_stable_months, 1);
    integer("unstable_days", r.unstable_days, 1);
    integer("joint_min_risk", r.joint_min_risk, 1);
    integer("joint_days", r.joint_days, 1);
    integer("min_per_year", r.min_per_year, 0);
    integer("exam_months", r.exam_months, 0);
    integer("new_patient_days", r.new_patient_days, 1);
    integer("overdue_days", r.overdue_days, 1);
    number("screening_permille", r.screening_permille);
    number("screening_base_min", r.screening_base_min);
    number("screening_min_per_1000", r.screening_min_per_1000);
    number("screening_max_min", r.screening_max_min);
    if (const auto b = f["quarterly"].value<bool>())
        r.quarterly = *b;
    if (const auto b = f["monthly_screening"].value<bool>())
        r.monthly_screening = *b;
    if (f["joint_skills"])
        r.joint_skills = string_list(f["joint_skills"], file, "joint_skills");
    if (f["screening_skills"])
        r.screening_skills = string_list(f["screening_skills"], file, "screening_skills");
    if (f["search_skills"])
        r.search_skills = string_list(f["search_skills"], file, "search_skills");
    if (const auto* s = f["service_min"].as_table())
        for (const auto& [key, value] : *s) {
            const std::string k(key.str());
            try {
                parse_kind(k);
            } catch (const InputError& e) {
                throw InputError(file, 0, "followup.service_min." + k, e.reason);
            }
            const auto v = value.value<double>();
            if (!v || *v <= 0)
                throw InputError(file, 0, "followup.service_min." + k, "must be minutes > 0");
            r.service_min[k] = *v;
        }
    if (const auto* p = f["priority"].as_table())
        for (const auto& [key, value] : *p) {
            const auto v = value.value<std::int64_t>();
            if (!v || *v < 0)
                throw InputError(file,
                                 0,
                                 "followup.priority." + std::string(key.str()),
                                 "must be a whole number >= 0");
            r.priority[std::string(key.str())] = static_cast<int>(*v);
        }
    if (const auto* c = f["clauses"].as_table())
        for (const auto& [key, value] : *c) {
            const auto* src = value.as_table();
            const auto at = "followup.clauses." + std::string(key.str());
            if (!src)
                throw InputError(file, 0, at, "must be { file, clause, quote }");
            const auto src_file = (*src)["file"].value<std::string>();
            const auto clause = (*src)["clause"].value<std::string>();
            if (!src_file || !clause || !(*src)["quote"].value<std::string>())
                throw InputError(file, 0, at, "needs file, clause and quote");
            r.clauses[std::string(key.str())] = *src_file + " " + *clause;
        }
}

} // namespace

FollowUpRules load_followup_rules(const policy::Profile& profile) {
    FollowUpRules r;
    r.profile = profile.name;
    for (const auto& file : profile.files)
        read_file(r, file);
    for (const auto& t : profile.targets)
        if (t.indicator == "reported_prevalence")
            r.screening_permille = t.value; // the profile's detection target sizes screening
    const std::string file = profile.files.empty() ? profile.name : profile.files.back();
    const auto require = [&](bool ok, const char* key) {
        if (!ok)
            throw InputError(
                file, 0, std::string("followup.") + key, "missing (here or in the base profile)");
    };
    require(r.stable_months > 0, "stable_months");
    require(r.basically_stable_first_days > 0, "basically_stable_first_days");
    require(r.basically_stable_months > 0, "basically_stable_months");
    require(r.unstable_days > 0, "unstable_days");
    require(r.joint_min_risk > 0, "joint_min_risk");
    require(r.joint_days > 0, "joint_days");
    require(r.new_patient_days > 0, "new_patient_days");
    require(r.overdue_days > 0, "overdue_days");
    for (auto k : {VisitKind::followup,
                   VisitKind::joint_followup,
                   VisitKind::health_exam,
                   VisitKind::screening,
                   VisitKind::search})
        if (k != VisitKind::screening)
            require(r.service_minutes(k) > 0, "service_min");
    if (r.monthly_screening)
        require(r.screening_base_min > 0 && r.screening_max_min >= r.screening_base_min,
                "screening_base_min/screening_max_min");
    return r;
}

} // namespace jw::plan
