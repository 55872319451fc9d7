#pragma once
/// Writes gap tables (jw::policy::GapTable) as CSV (UTF-8 with BOM, for Excel), Markdown,
/// XLSX (one sheet per level, Chinese header over the English key) or GeoPackage (a layer per
/// level with the unit polygons, for QGIS). The format follows the file extension.

#include <jingwei/policy/gaps.hpp>
#include <map>
#include <string>
#include <vector>

namespace jw::store {
class Workspace;
}

namespace jw::io {

/// Unit polygons for the GeoPackage writer: 12-digit code -> WKB, in EPSG `epsg`.
struct UnitGeometries {
    int epsg = 0;
    std::map<std::string, std::vector<unsigned char>> wkb;
};

/// Every unit polygon of the workspace, as WKB in its analysis CRS.
UnitGeometries load_unit_geometries(store::Workspace& ws);

/// The table's columns: English key and Chinese header, in output order.
struct GapColumn {
    const char* key;
    const char* header_zh;
};
const std::vector<GapColumn>& gap_columns();

/// One row's cells as text, "unknown" where an input is unknown and "<k" where suppressed.
std::vector<std::string> gap_cells(const policy::GapRow& row, int min_cell_count);

/// Writes `tables` to `path` (.csv, .md, .xlsx, .gpkg). CSV and Markdown hold one table (the
/// first); XLSX and GeoPackage one sheet / layer per table. Throws jw::UsageError for another
/// extension or several tables in CSV, jw::EnvironmentError when the file cannot be written.
void write_gap_tables(const std::string& path,
                      const std::vector<policy::GapTable>& tables,
                      const UnitGeometries& geometries = {});

} // namespace jw::io
