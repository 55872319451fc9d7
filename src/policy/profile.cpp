// Loading policy profiles: every target must carry its source clause, so a planner can check
// each number against the document it came from.

#include <algorithm>
#include <jingwei/error.hpp>
#include <jingwei/policy/indicators.hpp>
#include <jingwei/policy/profile.hpp>
#include <set>
#include <jingwei/io/toml_file.hpp>

namespace jw::policy {
namespace {

// `key` is looked up in `t`; `at` is the path of `t` in the file, for the message.
std::string required_string(const toml::table& t,
                            const std::string& file,
                            const std::string& key,
                            const std::string& at = "") {
    const auto* node = t.get(key);
    const auto* text = node ? node->as_string() : nullptr;
    if (!text || text->get().empty())
        throw InputError(file, 0, at + key, "missing or empty");
    return text->get();
}

double unit_base(const std::string& unit,
                 const IndicatorInfo& info,
                 const std::string& file,
                 const std::string& field) {
    auto expect = [&](bool ok, const char* what) {
        if (!ok)
            throw InputError(file,
                             0,
                             field,
                             "unit '" + unit + "' does not fit " + info.key + " (expected " + what +
                                 ")");
    };
    switch (info.kind) {
    case IndicatorKind::per_capita:
        if (unit == "per 100k")
            return 100000;
        if (unit == "per 10k")
            return 10000;
        expect(false, "'per 100k' or 'per 10k'");
        break;
    case IndicatorKind::prevalence:
        expect(unit == "‰", "'‰'");
        break;
    case IndicatorKind::coverage:
    case IndicatorKind::patient_rate:
        expect(unit == "%", "'%'");
        break;
    }
    return 0;
}

Target read_target(const toml::table& t,
                   const std::string& file,
                   std::size_t index,
                   const std::string& profile) {
    const std::string at = "targets[" + std::to_string(index) + "].";
    Target target;
    target.profile = profile;
    target.indicator = required_string(t, file, "indicator", at);
    const IndicatorInfo* info = nullptr;
    try {
        info = &indicator(target.indicator);
    } catch (const InputError& e) {
        throw InputError(file, 0, at + "indicator", e.reason);
    }
    const auto value = t["value"].value<double>();
    if (!value || *value < 0)
        throw InputError(file, 0, at + "value", "missing or negative");
    target.value = *value;
    target.unit = required_string(t, file, "unit", at);
    target.per_population = unit_base(target.unit, *info, file, at + "unit");
    const std::string comparison = t["comparison"].value_or(std::string(">="));
    if (comparison == ">=")
        target.comparison = Comparison::at_least;
    else if (comparison == "<=")
        target.comparison = Comparison::at_most;
    else
        throw InputError(file, 0, at + "comparison", "'" + comparison + "' is not '>=' or '<='");
    target.stated_level = required_string(t, file, "level", at);
    static const std::set<std::string> levels = {
        "country", "province", "city", "county", "township", "village", "centre"};
    if (!levels.count(target.stated_level))
        throw InputError(
            file, 0, at + "level", "'" + target.stated_level + "' is not a known level");
    const auto year = t["year"].value<int64_t>();
    if (!year || *year < 2000 || *year > 2100)
        throw InputError(file, 0, at + "year", "missing or not a year");
    target.year = static_cast<int>(*year);
    target.year_basis = t["year_basis"].value_or(std::string("stated"));
    const auto* source = t["source"].as_table();
    if (!source)
        throw InputError(
            file, 0, at + "source", "every target needs its source clause (file, clause, quote)");
    target.source.file = required_string(*source, file, "file", at + "source.");
    target.source.clause = required_string(*source, file, "clause", at + "source.");
    target.source.quote = required_string(*source, file, "quote", at + "source.");
    return target;
}

void load_into(Profile& profile,
               const std::filesystem::path& path,
               const std::filesystem::path& dir,
               std::vector<std::string>& chain) {
    const std::string file = path.string();
    const std::string name = path.stem().string();
    if (std::find(chain.begin(), chain.end(), name) != chain.end())
        throw InputError(file, 0, "base", "inheritance cycle through '" + name + "'");
    chain.push_back(name);
    if (!std::filesystem::exists(path))
        throw InputError(file, 0, "", "no such policy profile");
    const toml::table root = io::parse_toml_file(file);
    const std::string base = root["base"].value_or(std::string());
    if (!base.empty())
        load_into(profile, dir / (base + ".toml"), dir, chain);
    profile.files.push_back(file);
    profile.name = name;
    profile.base = base;
    profile.title = required_string(root, file, "title");

    if (const auto* rules = root["rules"].as_table()) {
        auto& r = profile.rules;
        if (auto k = (*rules)["min_cell_count"].value<int64_t>()) {
            if (*k < 1)
                throw InputError(file, 0, "rules.min_cell_count", "must be at least 1");
            r.min_cell_count = static_cast<int>(*k);
        }
        if (auto beds = (*rules)["beds"].value<std::string>()) {
            if (*beds != "authorised" && *beds != "open")
                throw InputError(
                    file, 0, "rules.beds", "'" + *beds + "' is not 'authorised' or 'open'");
            r.beds = *beds;
        }
        if (auto days = (*rules)["standardised_max_gap_days"].value<int64_t>())
            r.standardised_max_gap_days = static_cast<int>(*days);
        if (auto b = (*rules)["in_hospital_counts_as_managed"].value<bool>())
            r.in_hospital_counts_as_managed = *b;
        if (auto s = (*rules)["source"].value<std::string>())
            r.source = r.source.empty() ? *s : r.source + "; " + *s;
    }

    const auto* targets = root["targets"].as_array();
    if (targets) {
        std::size_t index = 0;
        for (const auto& node : *targets) {
            const auto* t = node.as_table();
            if (!t)
                throw InputError(file, 0, "targets[" + std::to_string(index) + "]", "not a table");
            Target target = read_target(*t, file, index, name);
            // The profile's own target replaces the base's for the same indicator.
            auto& list = profile.targets;
            list.erase(std::remove_if(list.begin(),
                                      list.end(),
                                      [&](const Target& old) {
                                          return old.indicator == target.indicator &&
                                                 old.profile != name;
                                      }),
                       list.end());
            for (const auto& old : list)
                if (old.indicator == target.indicator)
                    throw InputError(file,
                                     0,
                                     "targets[" + std::to_string(index) + "].indicator",
                                     "'" + target.indicator + "' appears twice");
            list.push_back(std::move(target));
            ++index;
        }
    }
    chain.pop_back();
}

} // namespace

std::filesystem::path default_profile_dir() {
    return std::filesystem::path(JW_SOURCE_DIR) / "data" / "policies";
}

Profile load_profile(const std::string& name_or_path, const std::filesystem::path& dir) {
    std::filesystem::path path = name_or_path;
    std::filesystem::path base_dir = dir;
    if (path.extension() == ".toml")
        base_dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    else
        path = dir / (name_or_path + ".toml");
    Profile profile;
    std::vector<std::string> chain;
    load_into(profile, path, base_dir, chain);
    const std::string file = path.string();
    if (profile.rules.min_cell_count < 1)
        throw InputError(file, 0, "rules.min_cell_count", "missing (here or in the base profile)");
    if (profile.rules.beds.empty())
        throw InputError(file, 0, "rules.beds", "missing (here or in the base profile)");
    if (profile.rules.standardised_max_gap_days < 1)
        throw InputError(
            file, 0, "rules.standardised_max_gap_days", "missing (here or in the base profile)");
    // Outputs list indicators in the table's order.
    auto order = [](const Target& t) {
        const auto& all = indicators();
        for (std::size_t i = 0; i < all.size(); ++i)
            if (t.indicator == all[i].key)
                return i;
        return all.size();
    };
    std::stable_sort(profile.targets.begin(),
                     profile.targets.end(),
                     [&](const Target& a, const Target& b) { return order(a) < order(b); });
    return profile;
}

} // namespace jw::policy
