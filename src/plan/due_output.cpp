// The due list as a table for planners: one row per task, names beside codes, no identity.

#include <jingwei/io/table_writer.hpp>
#include <jingwei/plan/due.hpp>
#include <jingwei/store/workspace.hpp>
#include <map>

namespace jw::plan {

void write_due_list(store::Workspace& ws,
                    const std::vector<DueVisit>& visits,
                    const Month& month,
                    bool synthetic,
                    const std::string& path) {
    std::map<std::string, std::string> names;
    {
        auto st = ws.db().prepare(
            "SELECT code, name FROM admin_units WHERE level IN ('township', 'village')");
        while (st.step())
            names[st.column_text(0)] = st.column_text(1);
    }
    const auto name = [&](const std::string& code) {
        const auto it = names.find(code);
        return it == names.end() ? std::string() : it->second;
    };
    io::OutputTable t;
    t.name = "due_" + month.text();
    t.columns = {"month",
                 "id",
                 "kind",
                 "patient_key",
                 "township_code",
                 "township",
                 "village_code",
                 "village",
                 "earliest",
                 "deadline",
                 "priority",
                 "service_min",
                 "skills",
                 "rule",
                 "synthetic"};
    for (const auto& v : visits) {
        std::string skills;
        for (const auto& s : v.skills)
            skills += (skills.empty() ? "" : ",") + s;
        t.rows.push_back({month.text(),
                          v.id,
                          kind_name(v.kind),
                          v.patient_key,
                          v.township_code,
                          name(v.township_code),
                          v.village_code,
                          name(v.village_code),
                          iso_day(v.earliest),
                          iso_day(v.deadline),
                          std::to_string(v.priority),
                          std::to_string(static_cast<long long>(v.service_min)),
                          skills,
                          v.rule,
                          synthetic ? "1" : "0"});
        t.points.emplace_back();
    }
    io::write_tables(path, {t});
}

std::string shown_count(long long count, int min_count) {
    if (count >= 1 && count < min_count)
        return "<" + std::to_string(min_count);
    return std::to_string(count);
}

} // namespace jw::plan
