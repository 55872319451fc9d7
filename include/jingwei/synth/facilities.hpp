#pragma once
/// `jingwei synth facilities`: a derived location for every facility that has none.

#include <cstdint>
#include <jingwei/progress.hpp>
#include <string>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::synth {

struct FacilityReport {
    std::int64_t placed_at_township = 0; ///< at its township's (or village's) seat
    std::int64_t placed_at_county = 0;   ///< no township: at its county's seat
    std::vector<std::string> unplaced;   ///< ids: no unit, or no ancestor with a seat or polygon
};

/// Gives each facility without a location the seat point of its unit, walking up to the county
/// when the unit has no seat (a county without a seat uses a point on the surface of its largest
/// polygon part, which is never a far-away island). Sets location_quality='derived', derived=1.
/// One transaction. Throws jw::UsageError when the workspace has no CRS yet.
FacilityReport synthesize_facility_locations(store::Workspace& ws,
                                             const Progress& progress = no_progress());

} // namespace jw::synth
