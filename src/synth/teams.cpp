#include "units.hpp"

#include <jingwei/error.hpp>
#include <jingwei/store/workspace.hpp>
#include <jingwei/synth/register_shape.hpp>
#include <jingwei/synth/teams.hpp>
#include <nlohmann/json.hpp>

namespace jw::synth {

TeamReport
synthesize_teams(store::Workspace& ws, const TeamOptions& options, const Progress& progress) {
    const auto shape = load_register_shape(
        options.shape_path.empty() ? default_register_shape_path() : options.shape_path);
    const auto tree = detail::load_units(ws);
    nlohmann::json members = nlohmann::json::array();
    for (const auto& m : shape.team_members)
        members.push_back({{"role", m.role}, {"count", m.count}});
    std::string skills;
    for (const auto& s : shape.team_skills)
        skills += (skills.empty() ? "" : ",") + s;

    struct Centre {
        std::string id, name, unit_code;
        bool has_team;
    };
    std::vector<Centre> centres;
    {
        auto st = ws.db().prepare(
            "SELECT f.id, f.name, coalesce(f.unit_code, ''), "
            "EXISTS (SELECT 1 FROM teams t WHERE t.base_facility_id = f.id) FROM facilities f "
            "WHERE f.kind IN ('township_health_centre', 'community_health_centre') "
            "AND f.status <> 'closed' ORDER BY f.id");
        while (st.step())
            centres.push_back(
                {st.column_text(0), st.column_text(1), st.column_text(2), st.column_int(3) != 0});
    }
    TeamReport report;
    store::Transaction tx(ws.db());
    auto insert = ws.db().prepare("INSERT INTO teams (id, name, base_facility_id, unit_code, "
                                  "members, skills, shift, workdays, "
                                  "synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)");
    for (std::size_t k = 0; k < centres.size(); ++k) {
        detail::report(
            progress, static_cast<double>(k) / static_cast<double>(centres.size()), "teams");
        const auto& c = centres[k];
        if (c.has_team) {
            ++report.already_had_team;
            continue;
        }
        // The team's area is the township; a centre recorded at village level belongs to its
        // parent.
        std::optional<std::string> township;
        if (const auto i = tree.find(c.unit_code)) {
            const auto& u = tree.units[*i];
            if (u.level == "township")
                township = u.code;
            else if (u.level == "village")
                township = u.parent_code;
        }
        if (!township)
            report.centres_without_unit.push_back(c.id);
        insert.bind(1, "TEAM-" + c.id)
            .bind(2, c.name + " 精防随访组（合成）")
            .bind(3, c.id)
            .bind(4, township)
            .bind(5, members.dump())
            .bind(6, skills)
            .bind(7, shape.team_shift)
            .bind(8, shape.team_workdays)
            .run();
        ++report.teams_created;
    }
    tx.commit();
    detail::report(progress, 1.0, "teams");
    return report;
}

} // namespace jw::synth
