#pragma once
/// RAII over the GEOS C API (_r functions, one context per thread, as QGIS does).

#include <cstdint>
#include <geos_c.h>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jw::geo {

/// One GEOS context per thread: GEOS handles are not shared between threads.
class GeosContext {
public:
    static GeosContext& this_thread();
    GEOSContextHandle_t get() const noexcept { return m_handle; }
    /// Throws jw::InternalError (or jw::InputError for invalid input) with GEOS's last message.
    [[noreturn]] void throw_last_error(std::string_view op) const;
    /// GEOS reports errors only through the handler; clearing before a call keeps an old
    /// message from being blamed on a later failure that left none.
    void clear_last_error() noexcept { m_last_error.clear(); }
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;
    ~GeosContext();

private:
    GeosContext();
    GEOSContextHandle_t m_handle;
    std::string m_last_error;
};

/// Holds the context: the context that created an object must free it.
struct GeosDeleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSGeometry* g) const noexcept { GEOSGeom_destroy_r(ctx, g); }
    void operator()(const GEOSPreparedGeometry* p) const noexcept { GEOSPreparedGeom_destroy_r(ctx, p); }
    void operator()(GEOSSTRtree* t) const noexcept { GEOSSTRtree_destroy_r(ctx, t); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeosDeleter>;
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, GeosDeleter>;

/// Takes ownership of a geometry returned by GEOS; throws via throw_last_error(op) if null.
GeomPtr take(GEOSGeometry* g, std::string_view op);
GeomPtr from_wkb(const unsigned char* wkb, std::size_t size);
GeomPtr from_wkt(const std::string& wkt);
std::vector<unsigned char> to_wkb(const GEOSGeometry* g);  ///< ISO WKB, 2D
std::string to_wkt(const GEOSGeometry* g, int decimals = 6);
GeomPtr make_point(double x, double y);
GeomPtr clone(const GEOSGeometry* g);

/// Repairs an invalid geometry with GEOSMakeValid; returns nullopt when already valid,
/// else the repaired geometry and GEOS's reason it was invalid.
struct Repair {
    GeomPtr geometry;
    std::string reason;
};
std::optional<Repair> make_valid_if_needed(const GEOSGeometry* g);

double area(const GEOSGeometry* g);
bool is_empty(const GEOSGeometry* g);
/// Envelope as xmin, ymin, xmax, ymax.
struct Envelope {
    double xmin, ymin, xmax, ymax;
};
Envelope envelope(const GEOSGeometry* g);

/// A polygon prepared for fast point tests; owns its source geometry.
class PreparedArea {
public:
    explicit PreparedArea(GeomPtr area);
    bool contains(double x, double y) const;        ///< boundary counts as inside (covers)
    const GEOSGeometry* geometry() const { return m_area.get(); }

private:
    GeomPtr m_area;
    PreparedPtr m_prepared;
};

/// Point-in-polygon over many polygons: STRtree of envelopes + prepared polygons.
/// Items are added, then the index is frozen by the first query.
class PolygonIndex {
public:
    PolygonIndex();
    ~PolygonIndex();
    PolygonIndex(const PolygonIndex&) = delete;
    PolygonIndex& operator=(const PolygonIndex&) = delete;
    /// `item` is returned by locate(); polygons may be multi-part.
    void add(GeomPtr polygon, std::int64_t item);
    /// The item of the polygon that covers (x, y); the smallest item id when several do; nullopt if none.
    std::optional<std::int64_t> locate(double x, double y) const;
    std::size_t size() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace jw::geo
