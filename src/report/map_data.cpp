// Unit outlines for the report's map: workspace geometry (WKB in the analysis CRS) simplified
// with GEOS through OGR, transformed to WGS84 by PROJ through OGR, written as GeoJSON by OGR.
// No tile layer: the outlines are the map (a report must open without network).

#include "parts.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <jingwei/error.hpp>
#include <jingwei/geo/crs.hpp>
#include <jingwei/policy/gaps.hpp>
#include <jingwei/store/workspace.hpp>
#include <memory>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

namespace jw::report::detail {
namespace {

struct CtDeleter {
    void operator()(OGRCoordinateTransformation* ct) const noexcept {
        OGRCoordinateTransformation::DestroyCT(ct);
    }
};
struct CplFree {
    void operator()(char* p) const noexcept { CPLFree(p); }
};

} // namespace

bool has_table(store::Workspace& ws, const std::string& table) {
    auto s =
        ws.db().prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
    s.bind(1, table);
    return s.step() && s.column_int(0) > 0;
}

nlohmann::json level_features(store::Workspace& ws,
                              const std::string& level,
                              double tolerance_m,
                              std::size_t& missing) {
    nlohmann::json features = nlohmann::json::array();
    missing = 0;
    const int epsg = ws.crs_epsg();
    if (epsg == 0)
        return {{"type", "FeatureCollection"}, {"features", features}};
    OGRSpatialReference source, wgs84;
    source.importFromEPSG(epsg);
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER); // GeoJSON is lon, lat
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation, CtDeleter> ct(
        OGRCreateCoordinateTransformation(&source, &wgs84));
    if (!ct)
        throw EnvironmentError("PROJ cannot transform EPSG:" + std::to_string(epsg) +
                               " to WGS84: " + CPLGetLastErrorMsg());
    const bool cells = level == "cell";
    if (cells && ws.db().query_int("SELECT count(*) FROM geometry_columns WHERE f_table_name = "
                                   "'grid_cells'") == 0)
        return {{"type", "FeatureCollection"}, {"features", features}};
    auto s = ws.db().prepare(
        cells ? "SELECT id, '', AsBinary(geom) FROM grid_cells ORDER BY id"
              : "SELECT code, name, AsBinary(geom) FROM admin_units WHERE level = ? ORDER BY code");
    if (!cells)
        s.bind(1, level);
    const char* const json_options[] = {"COORDINATE_PRECISION=6", nullptr};
    while (s.step()) {
        const std::string code = cells ? policy::cell_code(s.column_int(0)) : s.column_text(0);
        if (s.is_null(2)) {
            ++missing;
            continue;
        }
        const auto wkb = s.column_blob(2);
        OGRGeometry* raw = nullptr;
        if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) !=
            OGRERR_NONE) {
            ++missing;
            continue;
        }
        std::unique_ptr<OGRGeometry> geom(raw);
        if (tolerance_m > 0) {
            std::unique_ptr<OGRGeometry> simple(geom->SimplifyPreserveTopology(tolerance_m));
            if (simple && !simple->IsEmpty())
                geom = std::move(simple);
        }
        if (geom->transform(ct.get()) != OGRERR_NONE)
            throw InputError(
                ws.path(), 0, "geom", code + ": outline cannot be transformed to WGS84");
        std::unique_ptr<char, CplFree> text(OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(geom.get()),
                                                                 const_cast<char**>(json_options)));
        if (!text)
            throw InternalError(code + ": OGR could not write the outline as GeoJSON");
        features.push_back({{"type", "Feature"},
                            {"properties", {{"code", code}, {"name", s.column_text(1)}}},
                            {"geometry", nlohmann::json::parse(text.get())}});
    }
    return {{"type", "FeatureCollection"}, {"features", features}};
}

std::vector<std::pair<double, double>>
to_lon_lat(store::Workspace& ws, const std::vector<std::pair<double, double>>& xy) {
    const geo::Transformer t(geo::CrsSpec::parse("EPSG:" + std::to_string(ws.crs_epsg())),
                             geo::CrsSpec::parse("EPSG:4326"));
    std::vector<std::pair<double, double>> out;
    out.reserve(xy.size());
    for (auto [x, y] : xy) {
        t.transform(x, y);
        out.emplace_back(x, y);
    }
    return out;
}

} // namespace jw::report::detail
