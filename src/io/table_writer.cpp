#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gdal_priv.h>
#include <jingwei/error.hpp>
#include <jingwei/io/table_writer.hpp>
#include <mutex>
#include <ogrsf_frmts.h>

namespace fs = std::filesystem;

namespace jw::io {
namespace {

std::string extension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

void write_csv(const std::string& path, const OutputTable& table) {
    std::string text = "\xEF\xBB\xBF";
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i)
            text += (i ? "," : "") + csv_cell(cells[i]);
        text += "\n";
    };
    line(table.columns);
    for (const auto& row : table.rows)
        line(row);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text) || !out.flush())
        throw EnvironmentError(path + ": cannot write");
}

/// GeoPackage (layers with points) or XLSX (one sheet per table, no geometry) through GDAL.
void write_with_gdal(const std::string& path,
                     const std::vector<OutputTable>& tables,
                     const char* driver_name) {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (driver == nullptr)
        throw EnvironmentError(std::string("GDAL has no ") + driver_name + " driver");
    const bool spatial = std::string(driver_name) == "GPKG";
    std::error_code ec;
    fs::remove(path, ec);
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        throw EnvironmentError(path + ": cannot create: " + CPLGetLastErrorMsg());
    for (const auto& table : tables) {
        const bool has_points = std::any_of(
            table.points.begin(), table.points.end(), [](const auto& p) { return p.has_value(); });
        OGRSpatialReference srs;
        if (has_points) {
            srs.importFromEPSG(table.epsg);
            srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        }
        OGRLayer* layer = ds->CreateLayer(table.name.c_str(),
                                          has_points ? &srs : nullptr,
                                          has_points ? wkbPoint : wkbNone,
                                          nullptr);
        if (layer == nullptr)
            throw EnvironmentError(path + ": cannot create layer " + table.name);
        for (const auto& c : table.columns) {
            OGRFieldDefn field(c.c_str(), OFTString);
            layer->CreateField(&field);
        }
        // GeoPackage writes fast in one transaction; XLSX has none (it is written on close).
        if (spatial && ds->StartTransaction() != OGRERR_NONE)
            throw EnvironmentError(path + ": cannot start a transaction");
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
            for (std::size_t c = 0; c < table.columns.size() && c < table.rows[r].size(); ++c)
                f->SetField(static_cast<int>(c), table.rows[r][c].c_str());
            if (has_points && r < table.points.size() && table.points[r]) {
                OGRPoint point(table.points[r]->first, table.points[r]->second);
                f->SetGeometry(&point);
            }
            if (layer->CreateFeature(f.get()) != OGRERR_NONE)
                throw EnvironmentError(path + ": cannot write a feature: " + CPLGetLastErrorMsg());
        }
        if (spatial && ds->CommitTransaction() != OGRERR_NONE)
            throw EnvironmentError(path + ": cannot commit");
    }
}

} // namespace

std::string csv_cell(const std::string& value) {
    if (value.find_first_of(",\"\n\r") == std::string::npos)
        return value;
    std::string q = "\"";
    for (char c : value)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

void write_tables(const std::string& path, const std::vector<OutputTable>& tables) {
    const auto ext = extension(path);
    if (!fs::path(path).parent_path().empty())
        fs::create_directories(fs::path(path).parent_path());
    if (ext == ".csv") {
        if (tables.size() != 1)
            throw UsageError(path + ": a CSV file holds one table; use .gpkg for several");
        write_csv(path, tables.front());
    } else if (ext == ".gpkg") {
        write_with_gdal(path, tables, "GPKG");
    } else if (ext == ".xlsx") {
        write_with_gdal(path, tables, "XLSX");
    } else {
        throw UsageError(path + ": write .csv, .xlsx or .gpkg");
    }
}

} // namespace jw::io
