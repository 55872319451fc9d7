#pragma once
/// Coordinate systems through PROJ, plus GCJ-02/BD-09 as pseudo-CRS names.
/// Every transformer works in "visualization" axis order: x = longitude/easting,
/// y = latitude/northing, whatever the EPSG axis order (EPSG:4490 is latitude-first).

#include <jingwei/geo/offsets.hpp>

#include <memory>
#include <string>
#include <vector>

namespace jw::geo {

/// A parsed --crs value: an EPSG code, a PROJ/WKT definition, or one of the offset datums.
struct CrsSpec {
    enum class Kind { proj, gcj02, bd09 };
    Kind kind = Kind::proj;
    std::string definition;  ///< for Kind::proj: "EPSG:4326", a PROJ string or WKT; else "EPSG:4326"

    /// Accepts "EPSG:n", "epsg:n", "gcj02"/"gcj-02", "bd09"/"bd-09", "wgs84", "cgcs2000", WKT, PROJ.
    /// Throws jw::UsageError naming the value when PROJ does not know it.
    static CrsSpec parse(const std::string& text);
    /// Human-readable name for messages and the import log ("EPSG:4326", "GCJ-02").
    std::string label() const;
    bool is_geographic() const;  ///< true for lon/lat CRSs and the offset datums
};

/// EPSG code of the CGCS2000 3-degree Gauss–Krüger CRS whose central meridian is nearest
/// `lon_deg` — the "CM" variants EPSG:4534–4554 (false easting 500 000 m, no zone prefix).
/// Throws jw::InputError outside 73.5°E–136.5°E.
int gauss_kruger_3deg_epsg(double lon_deg);

/// Transforms coordinates between two CRSs (PROJ for EPSG/WKT, the offset formulas for GCJ-02 and
/// BD-09, chained through WGS84). Not thread-safe: one per thread (each owns its PJ_CONTEXT).
class Transformer {
public:
    Transformer(const CrsSpec& from, const CrsSpec& to);
    ~Transformer();
    Transformer(Transformer&&) noexcept;
    Transformer& operator=(Transformer&&) noexcept;

    /// In place; throws jw::InputError("coordinate (x, y) cannot be transformed ...") on failure.
    void transform(double& x, double& y) const;
    void transform(std::vector<double>& xs, std::vector<double>& ys) const;
    bool is_identity() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// WKT (WKT2_2019) of a CrsSpec of Kind::proj, for registering in SpatiaLite / GDAL.
std::string crs_wkt(const std::string& definition);
/// The EPSG code of a definition when it has one, else 0.
int crs_epsg(const std::string& definition);

} // namespace jw::geo
