#include "map_export.hpp"

#include <cmath>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <jingwei/error.hpp>
#include <jingwei/io/markup.hpp>
#include <jingwei/store/workspace.hpp>
#include <mutex>
#include <ogrsf_frmts.h>
#include <sstream>
#include <system_error>

namespace jw::render::detail {
namespace {

// GDAL's messages go into the exception, not to stderr.
struct QuietGdal {
    QuietGdal() {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
    }
    ~QuietGdal() { CPLPopErrorHandler(); }
    QuietGdal(const QuietGdal&) = delete;
    QuietGdal& operator=(const QuietGdal&) = delete;
};

GDALDriver* driver(const char* name) {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
    GDALDriver* d = GetGDALDriverManager()->GetDriverByName(name);
    if (d == nullptr)
        throw EnvironmentError(std::string("GDAL has no ") + name + " driver");
    return d;
}

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
    throw EnvironmentError(path.string() + ": " + what + ": " + CPLGetLastErrorMsg());
}

// useAsDefault is a boolean in QGIS's own layer_styles; every other field is plain.
void add_fields(OGRLayer* layer,
                const std::vector<std::pair<const char*, OGRFieldType>>& fields,
                const std::filesystem::path& path) {
    for (const auto& [field, type] : fields) {
        OGRFieldDefn defn(field, type);
        if (std::string(field) == "useAsDefault")
            defn.SetSubType(OFSTBoolean);
        if (layer->CreateField(&defn) != OGRERR_NONE)
            fail(path, std::string("cannot create field ") + field);
    }
}

std::string rgba(Rgb c) {
    return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + ",255";
}

std::string fill_symbol(int index, Rgb colour, bool hatched) {
    std::ostringstream s;
    auto props = [&](const std::vector<std::pair<std::string, std::string>>& kv) {
        s << "<Option type=\"Map\">";
        for (const auto& [k, v] : kv)
            s << "<Option name=\"" << k << "\" value=\"" << v << "\" type=\"QString\"/>";
        s << "</Option>";
        for (const auto& [k, v] : kv)
            s << "<prop k=\"" << k << "\" v=\"" << v << "\"/>";
    };
    s << "<symbol type=\"fill\" name=\"" << index
      << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
      << "<layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">";
    props({{"color", rgba(colour)},
           {"outline_color", "90,90,90,255"},
           {"outline_style", "solid"},
           {"outline_width", "0.2"},
           {"outline_width_unit", "MM"},
           {"style", "solid"}});
    s << "</layer>";
    if (hatched) {
        s << "<layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">";
        props({{"color", "140,140,140,255"}, {"outline_style", "no"}, {"style", "b_diagonal"}});
        s << "</layer>";
    }
    s << "</symbol>";
    return s.str();
}

} // namespace

std::string qml_style(const MapSummary& summary) {
    std::ostringstream s;
    s << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
      << "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"1\">\n"
      << "<renderer-v2 type=\"categorizedSymbol\" attr=\"class_id\" symbollevels=\"0\" "
         "enableorderby=\"0\" forceraster=\"0\">\n<categories>\n";
    struct Entry {
        int id;
        Rgb colour;
        bool hatched;
        std::string label;
    };
    std::vector<Entry> entries;
    const auto& classes = summary.classes.classes;
    for (std::size_t i = classes.size(); i-- > 0;)
        entries.push_back({static_cast<int>(i) + 1, classes[i].colour, false, classes[i].label});
    entries.push_back({0, zero_fill, false, "0"});
    entries.push_back({-1,
                       suppressed_fill,
                       false,
                       "<" + std::to_string(summary.min_cell_count) + " 已抑制 suppressed"});
    entries.push_back({-2, unknown_fill, true, "不详 unknown"});
    for (std::size_t i = 0; i < entries.size(); ++i)
        s << "<category value=\"" << entries[i].id << "\" symbol=\"" << i << "\" label=\""
          << io::escape_markup(entries[i].label) << "\" render=\"true\"/>\n";
    s << "</categories>\n<symbols>\n";
    for (std::size_t i = 0; i < entries.size(); ++i)
        s << fill_symbol(static_cast<int>(i), entries[i].colour, entries[i].hatched) << "\n";
    s << "</symbols>\n</renderer-v2>\n"
      << "<labeling type=\"simple\"><settings calloutType=\"simple\">"
         "<text-style fieldName=\"concat(&quot;name&quot;, '\\n', &quot;label&quot;)\" "
         "isExpression=\"1\" fontFamily=\"Noto Sans CJK SC\" fontSize=\"8\" "
         "textColor=\"20,20,20,255\">"
         "<text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferColor=\"255,255,255,255\"/>"
         "</text-style><placement placement=\"1\"/>"
         "<rendering obstacle=\"1\" displayAll=\"0\"/></settings></labeling>\n"
      << "<layerGeometryType>2</layerGeometryType>\n</qgis>\n";
    return s.str();
}

void write_cell_geotiff(const MapLayer& layer,
                        const MapSummary& summary,
                        const std::filesystem::path& path) {
    const auto& g = layer.grid;
    if (g.cols <= 0 || g.rows <= 0)
        throw InputError(path.string(), 0, "grid", "the workspace has no grid");
    if (g.shape != grid::CellShape::square)
        throw UsageError(path.string() + ": a GeoTIFF holds square cells only; map hexagons to "
                         ".gpkg, .png, .svg or .pdf");
    QuietGdal quiet;
    const auto size = static_cast<std::size_t>(g.cols * g.rows);
    std::vector<float> values(size, static_cast<float>(geotiff_nodata));
    std::vector<float> status(size, static_cast<float>(geotiff_status_outside));
    for (const auto& f : layer.features) {
        if (f.cell_id < 0)
            continue;
        const std::int64_t row = f.cell_id / g.cols, col = f.cell_id % g.cols;
        // Grid rows count up from the origin (south); raster rows count down from the top.
        const auto index = static_cast<std::size_t>((g.rows - 1 - row) * g.cols + col);
        if (f.status == FeatureStatus::suppressed) {
            status[index] = static_cast<float>(geotiff_status_suppressed);
        } else if (f.mapped) {
            values[index] = static_cast<float>(layer.as_gap ? *f.mapped : *f.value);
            status[index] = static_cast<float>(geotiff_status_value);
        } else {
            status[index] = static_cast<float>(geotiff_status_unknown);
        }
    }
    std::error_code ec;
    std::filesystem::remove(path, ec);
    char** options = nullptr;
    options = CSLSetNameValue(options, "COMPRESS", "DEFLATE");
    options = CSLSetNameValue(options, "TILED", "YES");
    // GeoTIFF bands share one type, so the status band is Float32 as well.
    GDALDatasetUniquePtr ds(driver("GTiff")->Create(path.string().c_str(),
                                                    static_cast<int>(g.cols),
                                                    static_cast<int>(g.rows),
                                                    2,
                                                    GDT_Float32,
                                                    options));
    CSLDestroy(options);
    if (!ds)
        fail(path, "cannot create");
    double transform[6] = {
        g.origin_x, g.cell_m, 0, g.origin_y + static_cast<double>(g.rows) * g.cell_m, 0, -g.cell_m};
    ds->SetGeoTransform(transform);
    OGRSpatialReference srs;
    if (srs.importFromEPSG(layer.epsg) != OGRERR_NONE)
        fail(path, "unknown CRS EPSG:" + std::to_string(layer.epsg));
    ds->SetSpatialRef(&srs);
    const std::string unit = layer.as_gap ? "% of target" : layer.unit;
    GDALRasterBand* band = ds->GetRasterBand(1);
    band->SetNoDataValue(geotiff_nodata);
    band->SetDescription((layer.indicator + " (" + unit + ")").c_str());
    band->SetMetadataItem("INDICATOR", layer.indicator.c_str());
    band->SetMetadataItem("UNIT", unit.c_str());
    band->SetMetadataItem("MIN_CELL_COUNT", std::to_string(layer.min_cell_count).c_str());
    GDALRasterBand* status_band = ds->GetRasterBand(2);
    status_band->SetNoDataValue(geotiff_status_outside);
    const std::string status_description = "status: 0 value, 1 suppressed (1-" +
                                           std::to_string(layer.min_cell_count - 1) +
                                           " patients, value not written), 2 unknown";
    status_band->SetDescription(status_description.c_str());
    ds->SetMetadataItem("PROFILE", layer.profile.c_str());
    ds->SetMetadataItem("AS_OF", layer.as_of.c_str());
    ds->SetMetadataItem("SYNTHETIC", summary.synthetic ? "yes" : "no");
    ds->SetMetadataItem("DERIVED", summary.derived ? "yes" : "no");
    for (std::size_t i = 0; i < summary.notices.size(); ++i)
        ds->SetMetadataItem(("NOTICE_" + std::to_string(i + 1)).c_str(),
                            summary.notices[i].c_str());
    for (int b = 1; b <= 2; ++b)
        if (ds->GetRasterBand(b)->RasterIO(GF_Write,
                                           0,
                                           0,
                                           static_cast<int>(g.cols),
                                           static_cast<int>(g.rows),
                                           b == 1 ? values.data() : status.data(),
                                           static_cast<int>(g.cols),
                                           static_cast<int>(g.rows),
                                           GDT_Float32,
                                           0,
                                           0,
                                           nullptr) != CE_None)
            fail(path, "cannot write pixels");
    ds.reset(); // flushes; GDAL 3.6 reports a failed close only through the error state
    if (CPLGetLastErrorType() == CE_Failure)
        fail(path, "cannot close");
}

void write_styled_gpkg(const MapLayer& layer,
                       const MapSummary& summary,
                       const std::filesystem::path& path) {
    QuietGdal quiet;
    std::error_code ec;
    std::filesystem::remove(path, ec);
    GDALDatasetUniquePtr ds(
        driver("GPKG")->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        fail(path, "cannot create");
    OGRSpatialReference srs;
    srs.importFromEPSG(layer.epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const std::string name = layer.indicator + (layer.as_gap ? "_gap_" : "_") + layer.level;
    OGRLayer* out = ds->CreateLayer(name.c_str(), &srs, wkbMultiPolygon, nullptr);
    if (out == nullptr)
        fail(path, "cannot create layer " + name);
    const std::vector<std::pair<const char*, OGRFieldType>> fields = {{"code", OFTString},
                                                                      {"name", OFTString},
                                                                      {"value", OFTReal},
                                                                      {"status", OFTString},
                                                                      {"class_id", OFTInteger},
                                                                      {"class_label", OFTString},
                                                                      {"label", OFTString}};
    add_fields(out, fields, path);
    if (ds->StartTransaction() != OGRERR_NONE)
        fail(path, "cannot start a transaction");
    for (const auto& f : layer.features) {
        if (f.wkb.empty())
            continue; // a unit without a polygon has nothing to colour in QGIS
        OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(out->GetLayerDefn()));
        feature->SetField("code", f.code.c_str());
        feature->SetField("name", f.name.c_str());
        if (f.status == FeatureStatus::value && f.value)
            feature->SetField("value", layer.as_gap && f.mapped ? *f.mapped : *f.value);
        const std::string status = f.status == FeatureStatus::suppressed ? "suppressed"
                                   : f.status == FeatureStatus::unknown  ? "unknown"
                                   : f.gap_status.empty()                ? "value"
                                                                         : f.gap_status;
        feature->SetField("status", status.c_str());
        const int id = class_id(f, summary.classes);
        feature->SetField("class_id", id);
        const std::string class_label =
            id > 0     ? summary.classes.classes[static_cast<std::size_t>(id - 1)].label
            : id == 0  ? "0"
            : id == -1 ? "<" + std::to_string(layer.min_cell_count)
                       : "unknown";
        feature->SetField("class_label", class_label.c_str());
        std::string label;
        if (f.status == FeatureStatus::suppressed)
            label = "<" + std::to_string(layer.min_cell_count);
        else if (!f.value)
            label = "不详";
        else
            label = format_number(layer.as_gap && f.mapped ? *f.mapped : *f.value, 2);
        feature->SetField("label", label.c_str());
        OGRGeometry* geometry = nullptr;
        if (OGRGeometryFactory::createFromWkb(f.wkb.data(), &srs, &geometry, f.wkb.size()) !=
            OGRERR_NONE)
            fail(path, "bad geometry for " + f.code);
        std::unique_ptr<OGRGeometry> owned(
            OGRGeometryFactory::forceToMultiPolygon(geometry)); // takes ownership
        feature->SetGeometry(owned.get());
        if (out->CreateFeature(feature.get()) != OGRERR_NONE)
            fail(path, "cannot write " + f.code);
    }
    if (ds->CommitTransaction() != OGRERR_NONE)
        fail(path, "cannot commit");

    // layer_styles as QGIS creates it, so QGIS applies the style when the layer is added.
    char** options = CSLSetNameValue(nullptr, "FID", "id");
    OGRLayer* styles = ds->CreateLayer("layer_styles", nullptr, wkbNone, options);
    CSLDestroy(options);
    if (styles == nullptr)
        fail(path, "cannot create layer_styles");
    const std::vector<std::pair<const char*, OGRFieldType>> style_fields = {
        {"f_table_catalog", OFTString},
        {"f_table_schema", OFTString},
        {"f_table_name", OFTString},
        {"f_geometry_column", OFTString},
        {"styleName", OFTString},
        {"styleQML", OFTString},
        {"styleSLD", OFTString},
        {"useAsDefault", OFTInteger},
        {"description", OFTString},
        {"owner", OFTString},
        {"ui", OFTString},
        {"update_time", OFTDateTime}};
    add_fields(styles, style_fields, path);
    OGRFeatureUniquePtr style(OGRFeature::CreateFeature(styles->GetLayerDefn()));
    style->SetField("f_table_catalog", "");
    style->SetField("f_table_schema", "");
    style->SetField("f_table_name", name.c_str());
    style->SetField("f_geometry_column", out->GetGeometryColumn());
    style->SetField("styleName", name.c_str());
    style->SetField("styleQML", qml_style(summary).c_str());
    style->SetField("styleSLD", "");
    style->SetField("useAsDefault", 1);
    std::string description = summary.title + " — " + summary.classes.palette;
    for (const auto& n : summary.notices)
        description += "\n" + n;
    style->SetField("description", description.c_str());
    style->SetField("owner", "");
    style->SetField("ui", "");
    const std::string now = store::utc_timestamp();
    style->SetField("update_time", now.c_str());
    if (styles->CreateFeature(style.get()) != OGRERR_NONE)
        fail(path, "cannot write the style");
    ds.reset(); // flushes; GDAL 3.6 reports a failed close only through the error state
    if (CPLGetLastErrorType() == CE_Failure)
        fail(path, "cannot close");
}

} // namespace jw::render::detail
