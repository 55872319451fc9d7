#pragma once
/// `jingwei synth teams`: one synthetic visiting team per township / community health centre.

#include <cstdint>
#include <jingwei/progress.hpp>
#include <string>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::synth {

struct TeamOptions {
    std::string shape_path; ///< "" = default_register_shape_path(); members, skills, shift, days
};

struct TeamReport {
    std::int64_t teams_created = 0;
    std::int64_t already_had_team = 0;             ///< centres with a team already: left alone
    std::vector<std::string> centres_without_unit; ///< team created with unit_code NULL
};

/// For each facility of kind township_health_centre or community_health_centre without a team
/// based there, inserts team "TEAM-<facility id>" with unit_code = the facility's township
/// (the facility's unit, or its parent when the facility sits in a village), members as JSON
/// [{"role":…,"count":…}], skills, shift and workdays from the shape file; synthetic=1.
/// One transaction.
TeamReport synthesize_teams(store::Workspace& ws,
                            const TeamOptions& options = {},
                            const Progress& progress = no_progress());

} // namespace jw::synth
