#pragma once
/// Writes a plain table (text cells, optional point geometry) as CSV (UTF-8 with BOM, so Excel
/// reads Chinese), XLSX sheets, or GeoPackage layers (GDAL) that QGIS opens. The format follows the
/// file's extension.

#include <optional>
#include <string>
#include <vector>

namespace jw::io {

struct OutputTable {
    std::string name; ///< layer name in a GeoPackage
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    /// Per row, a point in CRS `epsg`; all empty for a table without geometry.
    std::vector<std::optional<std::pair<double, double>>> points;
    int epsg = 0;
};

/// Writes `tables` to `path`: .csv holds one table; .xlsx one sheet per table; .gpkg one layer
/// per table, with the points (the file is replaced). Throws jw::UsageError for another extension, jw::EnvironmentError when GDAL or
/// the disk refuses.
void write_tables(const std::string& path, const std::vector<OutputTable>& tables);

/// One CSV cell, quoted when it holds a comma, quote or line break.
std::string csv_cell(const std::string& value);

} // namespace jw::io
