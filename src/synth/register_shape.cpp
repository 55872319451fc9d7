#include <algorithm>
#include <jingwei/error.hpp>
#include <jingwei/synth/register_shape.hpp>
#include <set>
#include <toml++/toml.h>

namespace jw::synth {

std::vector<double> Categorical::values() const {
    std::vector<double> out;
    for (const auto& [label, w] : weights)
        out.push_back(w);
    return out;
}

double Categorical::share(const std::string& label) const {
    double total = 0, mine = 0;
    for (const auto& [l, w] : weights) {
        total += w;
        if (l == label)
            mine += w;
    }
    return total > 0 ? mine / total : 0.0;
}

std::string default_register_shape_path() {
    return std::string(JW_SOURCE_DIR) + "/data/synth/register_shape.toml";
}

namespace {

class Reader {
  public:
    Reader(std::string file, toml::table root) : m_file(std::move(file)), m_root(std::move(root)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& reason) const {
        throw InputError(m_file, 0, key, reason);
    }

    const toml::table& table(const std::string& dotted) const {
        const auto* t = m_root.at_path(dotted).as_table();
        if (t == nullptr)
            fail(dotted, "missing table [" + dotted + "]");
        return *t;
    }

    Categorical categorical(const std::string& dotted, const std::set<std::string>& allowed) const {
        Categorical c;
        for (const auto& [key, node] : table(dotted)) {
            const std::string label(key.str());
            const auto w = node.value<double>();
            if (!w)
                fail(dotted + "." + label, "weight is not a number");
            if (*w < 0)
                fail(dotted + "." + label, "weight is negative");
            if (allowed.count(label) == 0)
                fail(dotted + "." + label, "'" + label + "' is not one of the allowed labels");
            c.weights.emplace_back(label, *w);
        }
        std::sort(c.weights.begin(), c.weights.end()); // the file's order must not matter
        double total = 0;
        for (const auto& [l, w] : c.weights)
            total += w;
        if (!(total > 0))
            fail(dotted, "weights add up to zero");
        return c;
    }

    template <typename T> T number(const std::string& dotted, T lo, T hi) const {
        const auto v = m_root.at_path(dotted).value<T>();
        if (!v)
            fail(dotted, "missing or not a number");
        if (*v < lo || *v > hi)
            fail(dotted, "outside " + std::to_string(lo) + "…" + std::to_string(hi));
        return *v;
    }

    std::string text(const std::string& dotted) const {
        const auto v = m_root.at_path(dotted).value<std::string>();
        if (!v)
            fail(dotted, "missing or not a string");
        return *v;
    }

    const toml::array& array(const std::string& dotted) const {
        const auto* a = m_root.at_path(dotted).as_array();
        if (a == nullptr)
            fail(dotted, "missing array");
        return *a;
    }

  private:
    std::string m_file;
    toml::table m_root;
};

} // namespace

RegisterShape load_register_shape(const std::string& path) {
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        const auto line = e.source().begin.line;
        throw InputError(path, static_cast<std::int64_t>(line), "", std::string(e.description()));
    }
    const Reader r(path, std::move(root));
    RegisterShape s;
    s.diagnosis = r.categorical("diagnosis",
                                {"schizophrenia",
                                 "schizoaffective",
                                 "persistent_delusional",
                                 "bipolar",
                                 "epilepsy_related",
                                 "intellectual_disability"});
    s.risk = r.categorical("risk", {"0", "1", "2", "3", "4", "5"});
    const std::set<std::string> classes{"stable", "basically_stable", "unstable"};
    s.stability_risk_0 = r.categorical("stability.risk_0", classes);
    s.stability_risk_1_2 = r.categorical("stability.risk_1_2", classes);
    s.medication = r.categorical("medication", {"regular", "intermittent", "none"});
    s.management = r.categorical("management", {"managed", "lost", "refusing", "in_hospital"});
    s.sex = r.categorical("sex", {"male", "female"});
    for (const auto& node : r.array("age.bins")) {
        const auto* bin = node.as_array();
        if (bin == nullptr || bin->size() != 3)
            r.fail("age.bins", "each bin is [from_years, to_years, weight]");
        AgeBin b;
        b.from_years = static_cast<int>((*bin)[0].value<std::int64_t>().value_or(-1));
        b.to_years = static_cast<int>((*bin)[1].value<std::int64_t>().value_or(-1));
        b.weight = (*bin)[2].value<double>().value_or(-1);
        if (b.from_years < 0 || b.to_years <= b.from_years || b.to_years > 120 || b.weight < 0)
            r.fail("age.bins", "a bin needs 0 <= from < to <= 120 and a weight >= 0");
        s.age.push_back(b);
    }
    if (s.age.empty())
        r.fail("age.bins", "no bins");

    s.registration_min_days = r.number<int>("registration.min_days", 0, 36500);
    s.registration_max_days =
        r.number<int>("registration.max_days", s.registration_min_days, 36500);
    s.new_share = r.number<double>("registration.new_share", 0.0, 1.0);
    s.new_max_days = r.number<int>("registration.new_max_days", 0, 365);
    s.stable_visit_max_days = r.number<int>("visits.stable_max_days", 0, 3650);
    s.other_visit_max_days = r.number<int>("visits.other_max_days", 0, 3650);
    s.overdue_share = r.number<double>("visits.overdue_share", 0.0, 1.0);
    s.overdue_extra_days = r.number<int>("visits.overdue_extra_days", 0, 3650);
    s.lost_min_days = r.number<int>("visits.lost_min_days", 0, 3650);
    s.lost_max_days = r.number<int>("visits.lost_max_days", s.lost_min_days, 3650);
    s.refusing_min_days = r.number<int>("visits.refusing_min_days", 0, 3650);
    s.refusing_max_days = r.number<int>("visits.refusing_max_days", s.refusing_min_days, 3650);
    s.exam_share = r.number<double>("visits.exam_share", 0.0, 1.0);
    s.urban_sigma_m = r.number<double>("homes.urban_sigma_m", 0.0, 10000.0);
    s.rural_sigma_m = r.number<double>("homes.rural_sigma_m", 0.0, 10000.0);
    s.max_sigmas = r.number<double>("homes.max_sigmas", 0.0, 10.0);

    for (const auto& node : r.array("team.members")) {
        const auto* m = node.as_table();
        if (m == nullptr)
            r.fail("team.members", "each member is { role = \"…\", count = n }");
        TeamRole role;
        role.role = (*m)["role"].value<std::string>().value_or("");
        role.count = static_cast<int>((*m)["count"].value<std::int64_t>().value_or(0));
        if (role.role.empty() || role.count < 1)
            r.fail("team.members", "a member needs a role and a count >= 1");
        s.team_members.push_back(role);
    }
    for (const auto& node : r.array("team.skills")) {
        const auto skill = node.value<std::string>();
        if (!skill)
            r.fail("team.skills", "skills are strings");
        s.team_skills.push_back(*skill);
    }
    s.team_shift = r.text("team.shift");
    s.team_workdays = r.text("team.workdays");
    return s;
}

} // namespace jw::synth
