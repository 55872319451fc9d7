#include "files.hpp"

#include <jingwei/error.hpp>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>

namespace jw::grid::detail {
namespace {

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f != nullptr)
            std::fclose(f);
    }
};

// A large buffer filled with std::to_chars: shortest round-trip numbers, no locale, no printf.
class CsvOut {
  public:
    explicit CsvOut(const std::string& path) : m_path(path), m_file(std::fopen(path.c_str(), "wb")) {
        if (!m_file)
            throw EnvironmentError(path + ": cannot create the file");
        m_buf.resize(1 << 20);
    }
    void text(std::string_view s) {
        reserve(s.size());
        std::copy(s.begin(), s.end(), m_buf.begin() + static_cast<std::ptrdiff_t>(m_used));
        m_used += s.size();
    }
    template <class T> void number(T v) {
        reserve(32);
        auto r = std::to_chars(m_buf.data() + m_used, m_buf.data() + m_buf.size(), v);
        m_used = static_cast<std::size_t>(r.ptr - m_buf.data());
    }
    void close() {
        flush();
        if (std::fclose(m_file.release()) != 0)
            throw EnvironmentError(m_path + ": write failed (disk full?)");
    }

  private:
    void reserve(std::size_t n) {
        if (m_used + n > m_buf.size())
            flush();
    }
    void flush() {
        if (m_used && std::fwrite(m_buf.data(), 1, m_used, m_file.get()) != m_used)
            throw EnvironmentError(m_path + ": write failed (disk full?)");
        m_used = 0;
    }
    std::string m_path;
    std::unique_ptr<std::FILE, FileCloser> m_file;
    std::vector<char> m_buf;
    std::size_t m_used = 0;
};

void write_tif(const std::string& path,
               int epsg,
               const GridSpec& grid,
               const std::vector<CellTotals>& cells,
               const GridSummary& summary) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (driver == nullptr)
        throw EnvironmentError("GDAL has no GTiff driver");
    if (grid.cols > std::numeric_limits<int>::max() || grid.rows > std::numeric_limits<int>::max())
        throw UsageError("the grid is too large for a GeoTIFF");
    const int cols = static_cast<int>(grid.cols), rows = static_cast<int>(grid.rows);
    CPLStringList create_options;
    create_options.SetNameValue("TILED", "NO"); // strips: written line by line, no tile cache
    create_options.SetNameValue("BIGTIFF", "IF_SAFER");
    create_options.SetNameValue("INTERLEAVE", "BAND");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), cols, rows, 4, GDT_Float64, create_options.List()));
    if (!ds)
        throw EnvironmentError(path + ": GDAL could not create the GeoTIFF: " + CPLGetLastErrorMsg());
    double transform[6] = {grid.origin_x, grid.cell_m, 0,
                           grid.origin_y + static_cast<double>(grid.rows) * grid.cell_m, 0, -grid.cell_m};
    ds->SetGeoTransform(transform);
    OGRSpatialReference srs;
    if (srs.importFromEPSG(epsg) != OGRERR_NONE)
        throw EnvironmentError("PROJ does not know EPSG:" + std::to_string(epsg));
    ds->SetSpatialRef(&srs);
    ds->SetMetadataItem("JW_CELL_M", std::to_string(grid.cell_m).c_str());
    ds->SetMetadataItem("JW_POPULATION_METHOD", summary.population_method.c_str());
    ds->SetMetadataItem("JW_POPULATION_YEAR", std::to_string(summary.population_year).c_str());
    ds->SetMetadataItem("JW_CELL_ID", "cell_id = row * cols + col, row 0 = southernmost line");
    ds->SetMetadataItem("JW_PRIVACY", "patients band is a raw count: suppress small counts before sharing");

    const char* names[4] = {"area_m2", "population", "patients", "facilities"};
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> line(static_cast<std::size_t>(cols));
    for (int b = 0; b < 4; ++b) {
        GDALRasterBand* band = ds->GetRasterBand(b + 1);
        band->SetDescription(names[b]);
        band->SetNoDataValue(nan);
        for (int j = 0; j < rows; ++j) {
            const std::int64_t row = grid.rows - 1 - j; // GDAL line 0 is the northern edge
            const CellTotals* c = cells.data() + row * grid.cols;
            for (int i = 0; i < cols; ++i) {
                const auto& t = c[i];
                double v = nan;
                if (t.area_m2 > 0)
                    v = b == 0 ? t.area_m2 : b == 1 ? t.population : b == 2 ? t.patients : t.facilities;
                line[static_cast<std::size_t>(i)] = v;
            }
            if (band->RasterIO(GF_Write, 0, j, cols, 1, line.data(), cols, 1, GDT_Float64, 0, 0) != CE_None)
                throw EnvironmentError(path + ": GDAL write failed: " + CPLGetLastErrorMsg());
        }
    }
    // GDAL 3.6 has no GDALDataset::Close(): closing reports failure through the error state.
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure)
        throw EnvironmentError(path + ": GDAL could not finish the GeoTIFF: " + CPLGetLastErrorMsg());
}

} // namespace

std::string shares_path_for(const std::string& tif) {
    std::filesystem::path p(tif);
    return (p.parent_path() / (p.stem().string() + "_shares.csv")).string();
}

void write_grid_files(const std::string& tif,
                      const std::string& shares_csv,
                      int epsg,
                      const GridSpec& grid,
                      const std::vector<CellTotals>& cells,
                      const std::vector<std::string>& unit_codes,
                      const std::vector<std::vector<CellArea>>& areas,
                      const GridSummary& summary) {
    const std::string tif_tmp = tif + ".part.tif", csv_tmp = shares_csv + ".part";
    try {
        CsvOut out(csv_tmp);
        out.text("unit_code,cell_id,area_m2,share\n");
        for_each_share(areas, cells, [&](std::size_t i, const CellArea& ca, double share) {
            out.text(unit_codes[i]);
            out.text(",");
            out.number(ca.cell);
            out.text(",");
            out.number(ca.area_m2);
            out.text(",");
            out.number(share);
            out.text("\n");
        });
        out.close();
        write_tif(tif_tmp, epsg, grid, cells, summary);
        std::filesystem::rename(csv_tmp, shares_csv);
        std::filesystem::rename(tif_tmp, tif);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(csv_tmp, ignored);
        std::filesystem::remove(tif_tmp, ignored);
        throw;
    }
}

} // namespace jw::grid::detail
