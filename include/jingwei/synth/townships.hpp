#pragma once
/// `jingwei synth townships`: schematic township polygons (a partition of each county polygon,
/// areas proportional to population) and seat points for townships and villages.

#include <cstdint>
#include <jingwei/progress.hpp>
#include <string>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::synth {

struct TownshipOptions {
    std::uint64_t seed = 1; ///< village seat sampling
    int year = 0;           ///< population year for the area weights; 0 = latest in the workspace
    /// Polygon parts of a county lying wholly south of this WGS84 latitude (degrees) are left out
    /// of the partition: the DataV 城区 polygon carries the Dongsha islands and two reefs.
    double drop_south_of_lat = 21.2;
    /// Floor of a township's weight as a share of the mean weight, so a town with no (or a zero
    /// derived) population still gets some land: 深汕 towns have 0 residual in Haifeng's count.
    double min_weight_share = 0.25;
    int candidates_per_village =
        8; ///< best-candidate sampling: higher spreads villages more evenly
};

/// What happened to one county.
struct CountyPartition {
    std::string code;
    int townships_partitioned = 0;
    double area_km2 = 0;   ///< area partitioned (after dropping far parts)
    int parts_dropped = 0; ///< polygon parts south of drop_south_of_lat
    double dropped_area_km2 = 0;
    double max_area_error_pct = 0; ///< worst |area share − weight share| / weight share, percent
};

struct TownshipReport {
    std::uint64_t seed = 0;
    int year = 0;
    std::vector<CountyPartition> counties;
    std::int64_t township_polygons = 0; ///< written by this run
    std::int64_t township_seats = 0;
    std::int64_t village_seats = 0;
    std::vector<std::string> counties_without_polygon; ///< their townships stay empty
    std::vector<std::string> villages_without_area;    ///< no township polygon to place them in
};

/// For every county with a polygon whose townships lack polygons, partitions the county (minus
/// parts south of drop_south_of_lat, minus townships that already have a polygon) into the
/// missing townships by recursive bisection: the townships, in code order, are split into two
/// halves and the piece is cut by a line across its longer side, placed by bisection so each side
/// gets area in proportion to its population. The two sides are clipped by rectangles sharing that
/// line, so neighbours share their edge exactly and the parts tile the county.
/// Then gives each township without a seat GEOSPointOnSurface of its polygon and spreads the
/// villages without a seat inside their township by seeded best-candidate sampling.
/// Every row given a geometry gets derived=1. Rows that had geometry keep it. One transaction.
/// Throws jw::UsageError when the workspace has no CRS yet.
TownshipReport synthesize_townships(store::Workspace& ws,
                                    const TownshipOptions& options = {},
                                    const Progress& progress = no_progress());

} // namespace jw::synth
