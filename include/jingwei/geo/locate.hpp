#pragma once
/// Which polygon holds each point, for millions of points: a uniform grid over the polygons'
/// edges, answered without any test in cells that no edge crosses (docs/decisions/0012-locate.md).

#include <cstddef>
#include <cstdint>
#include <geos_c.h>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace jw::geo {

/// Point-in-polygon over many polygons, with the same answers as GEOS `covers`:
/// a point on a boundary (edge or vertex) is inside, and when several polygons hold a point the
/// smallest item wins. Add polygons, call build() once, then query from any number of threads.
class PointLocator {
  public:
    /// What locate_all() stores for a point that no polygon holds (never a valid item).
    static constexpr std::int64_t no_item = std::numeric_limits<std::int64_t>::min();

    struct Options {
        /// Grid cells per polygon edge: more cells answer more points without a test but cost
        /// memory (about 4 bytes per cell plus 16 per cell an edge crosses). 1.0 is measured best
        /// on Voronoi villages (bench/locate/README.md).
        double cells_per_edge = 1.0;
        /// Worker threads for locate_all(); 0 means every hardware thread.
        unsigned threads = 0;
    };

    PointLocator();
    explicit PointLocator(Options options);
    ~PointLocator();
    PointLocator(PointLocator&&) noexcept;
    PointLocator& operator=(PointLocator&&) noexcept;

    /// Adds the polygons of a Polygon, MultiPolygon or GeometryCollection (lines and points in a
    /// collection are ignored; an empty geometry adds nothing). Coordinates are copied.
    /// Throws jw::InternalError after build(), jw::InputError for a geometry with no area type.
    void add(const GEOSGeometry* polygonal, std::int64_t item);
    /// The same from WKB (ISO or extended); throws jw::InputError for malformed WKB.
    void add_wkb(const unsigned char* wkb, std::size_t size, std::int64_t item);

    /// Freezes the polygons and builds the grid. Idempotent; no add() afterwards.
    void build();
    bool is_built() const;

    /// The item of the polygon that covers (x, y), the smallest when several do; nullopt when none
    /// does or a coordinate is NaN. Throws jw::InternalError before build().
    std::optional<std::int64_t> locate(double x, double y) const;
    /// locate() for every point, split over Options::threads; result[i] is no_item where no
    /// polygon holds point i. Deterministic: the answer never depends on the thread count.
    std::vector<std::int64_t> locate_all(const std::vector<double>& xs,
                                         const std::vector<double>& ys) const;

    std::size_t polygon_count() const; ///< polygons added (a multipolygon counts once)

    /// Shape of the built grid, for benchmarks and the decision record.
    struct Stats {
        std::size_t vertices = 0, cells = 0, cell_edges = 0, entries = 0, bytes = 0;
    };
    Stats stats() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace jw::geo
