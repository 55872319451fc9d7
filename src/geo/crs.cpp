#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <jingwei/error.hpp>
#include <jingwei/geo/crs.hpp>
#include <proj.h>

namespace jw::geo {
namespace {

struct PjContextDeleter {
    void operator()(PJ_CONTEXT* ctx) const noexcept { proj_context_destroy(ctx); }
};
struct PjDeleter {
    void operator()(PJ* pj) const noexcept { proj_destroy(pj); }
};
using PjContextPtr = std::unique_ptr<PJ_CONTEXT, PjContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

PjContextPtr make_context() {
    PjContextPtr ctx(proj_context_create());
    if (!ctx)
        throw EnvironmentError("PROJ: cannot create a context");
    // The library never prints: errors reach the caller through exceptions.
    proj_log_level(ctx.get(), PJ_LOG_NONE);
    return ctx;
}

// Parsing, WKT and EPSG look-ups share one context per thread; each Transformer owns its own.
PJ_CONTEXT* thread_context() {
    thread_local PjContextPtr ctx = make_context();
    return ctx.get();
}

std::string errno_text(PJ_CONTEXT* ctx) {
    const int err = proj_context_errno(ctx);
    const char* text = err != 0 ? proj_context_errno_string(ctx, err) : nullptr;
    return text ? text : "unknown error";
}

std::string lower_trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    const auto last = text.find_last_not_of(" \t\r\n");
    std::string out = text.substr(first, last - first + 1);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return out;
}

/// proj_create of a CRS definition; throws UsageError naming the text when PROJ refuses it.
PjPtr create_crs(PJ_CONTEXT* ctx, const std::string& definition) {
    proj_errno_reset(nullptr);
    proj_context_errno(ctx); // clear nothing, but keep errno_text meaningful below
    PjPtr crs(proj_create(ctx, definition.c_str()));
    if (!crs)
        throw UsageError("unknown CRS '" + definition + "': " + errno_text(ctx));
    if (!proj_is_crs(crs.get()))
        throw UsageError("'" + definition + "' is a coordinate operation, not a CRS");
    return crs;
}

/// AUTHORITY:code (EPSG:4326, ESRI:102100), an OGC URN, WKT or PROJJSON.
bool looks_like_definition(const std::string& key) {
    if (key.rfind("urn:ogc:def:crs:", 0) == 0 || key.front() == '{' ||
        key.find('[') != std::string::npos)
        return true;
    const auto colon = key.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == key.size())
        return false;
    return std::all_of(
               key.begin(),
               key.begin() + static_cast<std::ptrdiff_t>(colon),
               [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }) &&
           std::all_of(key.begin() + static_cast<std::ptrdiff_t>(colon) + 1, key.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
           });
}

bool is_geographic_type(PJ_TYPE type) {
    return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
           type == PJ_TYPE_GEOGRAPHIC_CRS;
}

} // namespace

// ---- CrsSpec ----

CrsSpec CrsSpec::parse(const std::string& text) {
    const std::string key = lower_trimmed(text);
    CrsSpec spec;
    if (key == "gcj02" || key == "gcj-02") {
        spec.kind = Kind::gcj02;
        spec.definition = "EPSG:4326";
        return spec;
    }
    if (key == "bd09" || key == "bd-09") {
        spec.kind = Kind::bd09;
        spec.definition = "EPSG:4326";
        return spec;
    }
    if (key.empty())
        throw UsageError("empty CRS");
    if (key == "wgs84" || key == "wgs 84" || key == "wgs-84")
        spec.definition = "EPSG:4326";
    else if (key == "cgcs2000")
        spec.definition = "EPSG:4490";
    else if (key.rfind("epsg:", 0) == 0)
        spec.definition = "EPSG:" + key.substr(5);
    else if (key.front() == '+' && key.find("+type=crs") == std::string::npos)
        // A bare PROJ string is an operation to PROJ; "+type=crs" makes it a CRS.
        spec.definition = text.substr(text.find_first_not_of(" \t\r\n")) + " +type=crs";
    else if (looks_like_definition(key))
        spec.definition = text;
    else
        // proj_create would also look names up loosely ("mars" finds a Mars CRS): a typo must
        // not silently become some other CRS.
        throw UsageError("unknown CRS '" + text +
                         "': give EPSG:n, wgs84, cgcs2000, gcj02, bd09, a PROJ string or WKT");
    create_crs(thread_context(), spec.definition); // validates; throws UsageError
    return spec;
}

std::string CrsSpec::label() const {
    switch (kind) {
    case Kind::gcj02:
        return "GCJ-02";
    case Kind::bd09:
        return "BD-09";
    case Kind::proj:
        break;
    }
    if (definition.rfind("EPSG:", 0) == 0)
        return definition;
    const int code = crs_epsg(definition);
    if (code > 0)
        return "EPSG:" + std::to_string(code);
    PjPtr crs = create_crs(thread_context(), definition);
    const char* name = proj_get_name(crs.get());
    return name && *name ? name : definition;
}

bool CrsSpec::is_geographic() const {
    if (kind != Kind::proj)
        return true;
    PjPtr crs = create_crs(thread_context(), definition);
    return is_geographic_type(proj_get_type(crs.get()));
}

// ---- free functions ----

int gauss_kruger_3deg_epsg(double lon_deg) {
    // EPSG:4534 "CGCS2000 / 3-degree Gauss-Kruger CM 75E" ... EPSG:4554 "CM 135E": 21 zones,
    // each covering its central meridian +-1.5°, so 73.5°E-136.5°E in all.
    if (!(lon_deg >= 73.5 && lon_deg <= 136.5)) {
        char text[64];
        std::snprintf(text, sizeof text, "%.6f", lon_deg);
        throw InputError("longitude " + std::string(text) +
                         " is outside the CGCS2000 3-degree Gauss-Kruger zones (73.5E-136.5E)");
    }
    // Clamped: 73.5 and 136.5 round outward to 72 and 138, which have no CM variant.
    const int central_meridian =
        std::clamp(3 * static_cast<int>(std::lround(lon_deg / 3.0)), 75, 135);
    return 4534 + (central_meridian - 75) / 3;
}

std::string crs_wkt(const std::string& definition) {
    PJ_CONTEXT* ctx = thread_context();
    PjPtr crs = create_crs(ctx, definition);
    const char* wkt = proj_as_wkt(ctx, crs.get(), PJ_WKT2_2019, nullptr);
    if (!wkt)
        throw UsageError("CRS '" + definition + "' has no WKT2 form: " + errno_text(ctx));
    return wkt;
}

int crs_epsg(const std::string& definition) {
    PjPtr crs = create_crs(thread_context(), definition);
    const char* auth = proj_get_id_auth_name(crs.get(), 0);
    const char* code = proj_get_id_code(crs.get(), 0);
    if (!auth || !code || std::string(auth) != "EPSG")
        return 0;
    try {
        return std::stoi(code);
    } catch (const std::exception&) {
        return 0;
    }
}

// ---- Transformer ----

namespace {
enum class Offset { none, gcj02_to_wgs84, bd09_to_wgs84, wgs84_to_gcj02, wgs84_to_bd09 };

LonLat apply(Offset step, LonLat p) {
    switch (step) {
    case Offset::none:
        return p;
    case Offset::gcj02_to_wgs84:
        return gcj02_to_wgs84(p);
    case Offset::bd09_to_wgs84:
        return bd09_to_wgs84(p);
    case Offset::wgs84_to_gcj02:
        return wgs84_to_gcj02(p);
    case Offset::wgs84_to_bd09:
        return wgs84_to_bd09(p);
    }
    return p;
}

std::string format_coordinate(double x, double y) {
    char text[96];
    std::snprintf(text, sizeof text, "(%.9g, %.9g)", x, y);
    return text;
}
} // namespace

struct Transformer::Impl {
    PjContextPtr ctx; // declared first: destroyed after pj
    PjPtr pj;         // null when no PROJ step is needed
    Offset before = Offset::none;
    Offset after = Offset::none;
    std::string description; // "GCJ-02 -> EPSG:4548" for messages
};

Transformer::Transformer(const CrsSpec& from, const CrsSpec& to)
    : m_impl(std::make_unique<Impl>()) {
    Impl& impl = *m_impl;
    impl.description = from.label() + " to " + to.label();
    const bool from_offset = from.kind != CrsSpec::Kind::proj;
    const bool to_offset = to.kind != CrsSpec::Kind::proj;
    if (from.kind == to.kind && from.definition == to.definition)
        return; // identity
    if (from.kind == CrsSpec::Kind::gcj02)
        impl.before = Offset::gcj02_to_wgs84;
    else if (from.kind == CrsSpec::Kind::bd09)
        impl.before = Offset::bd09_to_wgs84;
    if (to.kind == CrsSpec::Kind::gcj02)
        impl.after = Offset::wgs84_to_gcj02;
    else if (to.kind == CrsSpec::Kind::bd09)
        impl.after = Offset::wgs84_to_bd09;
    // The offset datums are lon/lat on WGS 84 (their definition is EPSG:4326).
    const std::string source = from_offset ? std::string("EPSG:4326") : from.definition;
    const std::string target = to_offset ? std::string("EPSG:4326") : to.definition;
    if (source == target)
        return;

    impl.ctx = make_context();
    PjPtr raw(proj_create_crs_to_crs(impl.ctx.get(), source.c_str(), target.c_str(), nullptr));
    if (!raw)
        throw UsageError("cannot transform " + impl.description + ": " +
                         errno_text(impl.ctx.get()));
    // x = longitude/easting, y = latitude/northing whatever the EPSG axis order.
    impl.pj.reset(proj_normalize_for_visualization(impl.ctx.get(), raw.get()));
    if (!impl.pj)
        throw UsageError("cannot transform " + impl.description + ": " +
                         errno_text(impl.ctx.get()));
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

bool Transformer::is_identity() const {
    return !m_impl->pj && m_impl->before == Offset::none && m_impl->after == Offset::none;
}

void Transformer::transform(double& x, double& y) const {
    const Impl& impl = *m_impl;
    if (is_identity())
        return;
    const auto fail = [&](const std::string& why) {
        return InputError("coordinate " + format_coordinate(x, y) + " cannot be transformed from " +
                          impl.description + ": " + why);
    };
    if (!std::isfinite(x) || !std::isfinite(y))
        throw fail("not a finite number");
    if (impl.before != Offset::none && (std::fabs(x) > 180 || std::fabs(y) > 90))
        throw fail("not a longitude/latitude");
    LonLat p = apply(impl.before, {x, y});
    if (impl.pj) {
        proj_errno_reset(impl.pj.get());
        const PJ_COORD out = proj_trans(impl.pj.get(), PJ_FWD, proj_coord(p.lon, p.lat, 0, 0));
        if (!std::isfinite(out.xy.x) || !std::isfinite(out.xy.y)) {
            const int err = proj_errno(impl.pj.get());
            const char* text = err != 0 ? proj_context_errno_string(impl.ctx.get(), err) : nullptr;
            throw fail(text ? text : "outside the area PROJ can transform");
        }
        p = {out.xy.x, out.xy.y};
    }
    p = apply(impl.after, p);
    x = p.lon;
    y = p.lat;
}

void Transformer::transform(std::vector<double>& xs, std::vector<double>& ys) const {
    if (xs.size() != ys.size())
        throw InternalError("Transformer::transform: " + std::to_string(xs.size()) + " x but " +
                            std::to_string(ys.size()) + " y values");
    if (is_identity())
        return;
    for (std::size_t i = 0; i < xs.size(); ++i)
        transform(xs[i], ys[i]);
}

} // namespace jw::geo
