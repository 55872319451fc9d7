#include <algorithm>
#include <jingwei/error.hpp>
#include <jingwei/geo/geos.hpp>
#include <limits>

namespace jw::geo {
namespace {

void on_geos_error(const char* message, void* userdata) {
    *static_cast<std::string*>(userdata) = message ? message : "";
}

// Notices (e.g. "Self-intersection at ...") are not errors; GEOS would print them otherwise.
void on_geos_notice(const char*, void*) {}

/// Frees strings and buffers GEOS allocated.
struct GeosFree {
    GEOSContextHandle_t ctx;
    void operator()(void* p) const noexcept { GEOSFree_r(ctx, p); }
};

template <typename T, void (*destroy)(GEOSContextHandle_t, T*)> struct HandleDeleter {
    GEOSContextHandle_t ctx;
    void operator()(T* p) const noexcept { destroy(ctx, p); }
};
using WkbWriterPtr =
    std::unique_ptr<GEOSWKBWriter, HandleDeleter<GEOSWKBWriter, GEOSWKBWriter_destroy_r>>;
using WktWriterPtr =
    std::unique_ptr<GEOSWKTWriter, HandleDeleter<GEOSWKTWriter, GEOSWKTWriter_destroy_r>>;

/// Predicates return 0 or 1, and 2 on error.
bool check_predicate(char result, const GeosContext& ctx, std::string_view op) {
    if (result == 2)
        ctx.throw_last_error(op);
    return result == 1;
}

} // namespace

// ---- GeosContext ----

GeosContext::GeosContext() : m_handle(GEOS_init_r()) {
    if (!m_handle)
        throw EnvironmentError("GEOS: cannot create a context");
    // m_last_error lives as long as the handle: the context is thread_local and never moves.
    GEOSContext_setErrorMessageHandler_r(m_handle, on_geos_error, &m_last_error);
    GEOSContext_setNoticeMessageHandler_r(m_handle, on_geos_notice, nullptr);
}

GeosContext::~GeosContext() {
    GEOS_finish_r(m_handle);
}

GeosContext& GeosContext::this_thread() {
    thread_local GeosContext context;
    return context;
}

void GeosContext::throw_last_error(std::string_view op) const {
    const std::string message =
        std::string(op) + ": " + (m_last_error.empty() ? "GEOS failed" : m_last_error);
    // GEOS prefixes the exception class; these come from the geometry, not from a bug.
    for (const char* input_kind :
         {"ParseException", "IllegalArgumentException", "TopologyException"})
        if (m_last_error.rfind(input_kind, 0) == 0)
            throw InputError(message);
    throw InternalError(message);
}

// ---- geometry helpers ----

GeomPtr take(GEOSGeometry* g, std::string_view op) {
    GeosContext& ctx = GeosContext::this_thread();
    if (!g)
        ctx.throw_last_error(op);
    return GeomPtr(g, GeosDeleter{ctx.get()});
}

GeomPtr from_wkb(const unsigned char* wkb, std::size_t size) {
    GeosContext& ctx = GeosContext::this_thread();
    ctx.clear_last_error();
    return take(GEOSGeomFromWKB_buf_r(ctx.get(), wkb, size), "reading WKB");
}

GeomPtr from_wkt(const std::string& wkt) {
    GeosContext& ctx = GeosContext::this_thread();
    ctx.clear_last_error();
    return take(GEOSGeomFromWKT_r(ctx.get(), wkt.c_str()), "reading WKT");
}

std::vector<unsigned char> to_wkb(const GEOSGeometry* g) {
    GeosContext& ctx = GeosContext::this_thread();
    ctx.clear_last_error();
    WkbWriterPtr writer(GEOSWKBWriter_create_r(ctx.get()), {ctx.get()});
    if (!writer)
        ctx.throw_last_error("creating a WKB writer");
    GEOSWKBWriter_setOutputDimension_r(ctx.get(), writer.get(), 2);
    GEOSWKBWriter_setByteOrder_r(ctx.get(), writer.get(), GEOS_WKB_NDR);
    GEOSWKBWriter_setFlavor_r(ctx.get(), writer.get(), GEOS_WKB_ISO);
    std::size_t size = 0;
    std::unique_ptr<unsigned char, GeosFree> buffer(
        GEOSWKBWriter_write_r(ctx.get(), writer.get(), g, &size), {ctx.get()});
    if (!buffer)
        ctx.throw_last_error("writing WKB");
    return std::vector<unsigned char>(buffer.get(), buffer.get() + size);
}

std::string to_wkt(const GEOSGeometry* g, int decimals) {
    GeosContext& ctx = GeosContext::this_thread();
    ctx.clear_last_error();
    WktWriterPtr writer(GEOSWKTWriter_create_r(ctx.get()), {ctx.get()});
    if (!writer)
        ctx.throw_last_error("creating a WKT writer");
    GEOSWKTWriter_setTrim_r(ctx.get(), writer.get(), 1);
    GEOSWKTWriter_setRoundingPrecision_r(ctx.get(), writer.get(), decimals);
    GEOSWKTWriter_setOutputDimension_r(ctx.get(), writer.get(), 2);
    std::unique_ptr<char, GeosFree> text(GEOSWKTWriter_write_r(ctx.get(), writer.get(), g),
                                         {ctx.get()});
    if (!text)
        ctx.throw_last_error("writing WKT");
    return text.get();
}

GeomPtr make_point(double x, double y) {
    GeosContext& ctx = GeosContext::this_thread();
    ctx.clear_last_error();
    return take(GEOSGeom_createPointFromXY_r(ctx.get(), x, y), "creating a point");
}

GeomPtr clone(const GEOSGeometry* g) {
    GeosContext& ctx = GeosContext::this_thread();
    ctx.clear_last_error();
    return take(GEOSGeom_clone_r(ctx.get(), g), "cloning a geometry");
}

std::optional<Repair> make_valid_if_needed(const GEOSGeometry* g) {
    GeosContext& ctx = GeosContext::this_thread();
    ctx.clear_last_error();
    if (check_predicate(GEOSisValid_r(ctx.get(), g), ctx, "checking validity"))
        return std::nullopt;
    Repair repair;
    {
        std::unique_ptr<char, GeosFree> reason(GEOSisValidReason_r(ctx.get(), g), {ctx.get()});
        repair.reason = reason ? reason.get() : "invalid geometry";
    }
    // The default "linework" method keeps every part of the input: a bow-tie becomes two
    // triangles, a collapsed ring may become a line inside a GEOMETRYCOLLECTION.
    repair.geometry = take(GEOSMakeValid_r(ctx.get(), g), "repairing an invalid geometry");
    return repair;
}

double area(const GEOSGeometry* g) {
    GeosContext& ctx = GeosContext::this_thread();
    ctx.clear_last_error();
    double value = 0;
    if (!GEOSArea_r(ctx.get(), g, &value))
        ctx.throw_last_error("computing an area");
    return value;
}

bool is_empty(const GEOSGeometry* g) {
    GeosContext& ctx = GeosContext::this_thread();
    ctx.clear_last_error();
    return check_predicate(GEOSisEmpty_r(ctx.get(), g), ctx, "testing emptiness");
}

Envelope envelope(const GEOSGeometry* g) {
    GeosContext& ctx = GeosContext::this_thread();
    ctx.clear_last_error();
    if (is_empty(g))
        throw InputError("an empty geometry has no envelope");
    Envelope e{};
    if (!GEOSGeom_getXMin_r(ctx.get(), g, &e.xmin) || !GEOSGeom_getYMin_r(ctx.get(), g, &e.ymin) ||
        !GEOSGeom_getXMax_r(ctx.get(), g, &e.xmax) || !GEOSGeom_getYMax_r(ctx.get(), g, &e.ymax))
        ctx.throw_last_error("computing an envelope");
    return e;
}

// ---- PreparedArea ----

PreparedArea::PreparedArea(GeomPtr area_geometry) : m_area(std::move(area_geometry)) {
    if (!m_area)
        throw InternalError("PreparedArea: null geometry");
    GeosContext& ctx = GeosContext::this_thread();
    ctx.clear_last_error();
    const GEOSPreparedGeometry* prepared = GEOSPrepare_r(ctx.get(), m_area.get());
    if (!prepared)
        ctx.throw_last_error("preparing a geometry");
    m_prepared = PreparedPtr(prepared, GeosDeleter{ctx.get()});
}

bool PreparedArea::contains(double x, double y) const {
    GeosContext& ctx = GeosContext::this_thread();
    const GeomPtr point = make_point(x, y);
    return check_predicate(GEOSPreparedCovers_r(ctx.get(), m_prepared.get(), point.get()),
                           ctx,
                           "testing a point against an area");
}

// ---- PolygonIndex ----

struct PolygonIndex::Impl {
    struct Entry {
        GeomPtr polygon;
        PreparedPtr prepared; // made when the tree is built
        std::int64_t item;
    };
    // The tree holds pointers into `entries`: no entry is added once `tree` exists.
    std::vector<Entry> entries;
    std::unique_ptr<GEOSSTRtree, GeosDeleter> tree{nullptr, GeosDeleter{nullptr}};

    /// Prepares the polygons and fills the tree; `tree` is set only when all succeeded, so a
    /// failed build leaves the index unfrozen rather than half-filled.
    void build() {
        GeosContext& ctx = GeosContext::this_thread();
        ctx.clear_last_error();
        // Node capacity 10, as GEOS's own default for the C++ STRtree.
        GEOSSTRtree* raw = GEOSSTRtree_create_r(ctx.get(), 10);
        if (!raw)
            ctx.throw_last_error("creating an STRtree");
        std::unique_ptr<GEOSSTRtree, GeosDeleter> built(raw, GeosDeleter{ctx.get()});
        for (Entry& entry : entries) {
            if (is_empty(entry.polygon.get()))
                continue; // covers nothing; its envelope is undefined
            const GEOSPreparedGeometry* prepared = GEOSPrepare_r(ctx.get(), entry.polygon.get());
            if (!prepared)
                ctx.throw_last_error("preparing a polygon");
            entry.prepared = PreparedPtr(prepared, GeosDeleter{ctx.get()});
            GEOSSTRtree_insert_r(ctx.get(), built.get(), entry.polygon.get(), &entry);
        }
        tree = std::move(built);
    }
};

PolygonIndex::PolygonIndex() : m_impl(std::make_unique<Impl>()) {}
PolygonIndex::~PolygonIndex() = default;

void PolygonIndex::add(GeomPtr polygon, std::int64_t item) {
    if (!polygon)
        throw InternalError("PolygonIndex::add: null geometry");
    if (m_impl->tree)
        throw InternalError("PolygonIndex::add after the first locate(): the index is frozen");
    m_impl->entries.push_back(
        {std::move(polygon), PreparedPtr(nullptr, GeosDeleter{nullptr}), item});
}

std::optional<std::int64_t> PolygonIndex::locate(double x, double y) const {
    Impl& impl = *m_impl;
    if (!impl.tree)
        impl.build(); // GEOS 3.11 builds the tree itself on this first query
    GeosContext& ctx = GeosContext::this_thread();
    const GeomPtr point = make_point(x, y);

    struct Query {
        GEOSContextHandle_t ctx;
        const GEOSGeometry* point;
        std::optional<std::int64_t> best;
        bool failed = false;
    } query{ctx.get(), point.get(), std::nullopt};
    ctx.clear_last_error();
    // The callback runs inside GEOS: it records instead of throwing through C frames.
    GEOSSTRtree_query_r(
        ctx.get(),
        impl.tree.get(),
        point.get(),
        [](void* item, void* userdata) {
            auto& q = *static_cast<Query*>(userdata);
            const auto& entry = *static_cast<const Impl::Entry*>(item);
            if (q.failed || (q.best && *q.best <= entry.item))
                return; // cannot improve on the smallest id found so far
            const char covered = GEOSPreparedCovers_r(q.ctx, entry.prepared.get(), q.point);
            if (covered == 2)
                q.failed = true;
            else if (covered == 1)
                q.best = entry.item;
        },
        &query);
    if (query.failed)
        ctx.throw_last_error("testing a point against an indexed polygon");
    return query.best;
}

std::size_t PolygonIndex::size() const {
    return m_impl->entries.size();
}

} // namespace jw::geo
