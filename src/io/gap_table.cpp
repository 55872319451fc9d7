// Gap-table writers. Text cells come from one function (gap_cells) so CSV, Markdown, XLSX and
// GeoPackage never disagree on what "unknown" or a suppressed count looks like.

#include <cmath>
#include <cpl_error.h>
#include <cstdio>
#include <fstream>
#include <gdal_priv.h>
#include <jingwei/error.hpp>
#include <jingwei/io/gap_table.hpp>
#include <jingwei/policy/indicators.hpp>
#include <jingwei/store/workspace.hpp>
#include <ogrsf_frmts.h>
#include <xlsxwriter.h>

namespace jw::io {
namespace {

std::string number(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// Counts print without decimals, rates with two, so a column never mixes styles.
std::string count(double v) {
    return number(v, 0);
}

std::string extension_of(const std::string& path) {
    const auto dot = path.find_last_of('.');
    if (dot == std::string::npos)
        return "";
    std::string ext = path.substr(dot + 1);
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string md_field(const std::string& s) {
    std::string out;
    for (char c : s)
        out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
    return out;
}

std::vector<std::string> table_notes(const policy::GapTable& t) {
    std::vector<std::string> notes;
    notes.push_back("Profile " + t.profile + ", level " + t.level + ", as of " +
                    (t.as_of.empty() ? std::string("(no date)") : t.as_of) +
                    "; period 1 January to the as-of date. Ranked worst gap first.");
    notes.push_back("unknown = an input is missing in the workspace (never read as zero).");
    if (t.has_suppressed)
        notes.push_back("Patient counts from 1 to " + std::to_string(t.min_cell_count - 1) +
                        " are suppressed (shown as <" + std::to_string(t.min_cell_count) +
                        "), with every figure derived from them.");
    if (t.has_synthetic)
        notes.push_back(
            "The register holds SYNTHETIC patients (synthetic=1): patient indicators are "
            "illustrations, not facts.");
    return notes;
}

void write_csv(const std::string& path, const policy::GapTable& t) {
    std::ofstream out(path, std::ios::binary);
    if (!out)
        throw EnvironmentError(path + ": cannot be written");
    out << "\xEF\xBB\xBF"; // BOM: Excel then reads the Chinese as UTF-8
    bool first = true;
    for (const auto& c : gap_columns()) {
        out << (first ? "" : ",") << c.key;
        first = false;
    }
    out << "\r\n";
    for (const auto& row : t.rows) {
        first = true;
        for (const auto& cell : gap_cells(row, t.min_cell_count)) {
            out << (first ? "" : ",") << csv_field(cell);
            first = false;
        }
        out << "\r\n";
    }
    if (!out)
        throw EnvironmentError(path + ": write failed");
}

void write_md(const std::string& path, const policy::GapTable& t) {
    std::ofstream out(path, std::ios::binary);
    if (!out)
        throw EnvironmentError(path + ": cannot be written");
    out << "# Gaps: " << t.profile << ", " << t.level << "\n\n";
    for (const auto& n : table_notes(t))
        out << "- " << n << "\n";
    out << "\n|";
    for (const auto& c : gap_columns())
        out << " " << c.header_zh << " (" << c.key << ") |";
    out << "\n|";
    for (std::size_t i = 0; i < gap_columns().size(); ++i)
        out << "---|";
    out << "\n";
    for (const auto& row : t.rows) {
        out << "|";
        for (const auto& cell : gap_cells(row, t.min_cell_count))
            out << " " << md_field(cell) << " |";
        out << "\n";
    }
    if (!out)
        throw EnvironmentError(path + ": write failed");
}

void check_xlsx(lxw_error e, const std::string& path) {
    if (e != LXW_NO_ERROR)
        throw EnvironmentError(path + ": " + lxw_strerror(e));
}

void write_xlsx(const std::string& path, const std::vector<policy::GapTable>& tables) {
    struct WorkbookCloser {
        lxw_workbook* wb;
        ~WorkbookCloser() {
            if (wb)
                workbook_close(wb);
        }
    };
    WorkbookCloser book{workbook_new(path.c_str())};
    if (!book.wb)
        throw EnvironmentError(path + ": cannot create the workbook");
    lxw_format* bold = workbook_add_format(book.wb);
    format_set_bold(bold);
    lxw_format* key_format = workbook_add_format(book.wb);
    format_set_italic(key_format);
    format_set_font_color(key_format, LXW_COLOR_GRAY);
    lxw_format* two_decimals = workbook_add_format(book.wb);
    format_set_num_format(two_decimals, "0.00");
    lxw_format* integer = workbook_add_format(book.wb);
    format_set_num_format(integer, "#,##0");
    lxw_format* percent = workbook_add_format(book.wb);
    format_set_num_format(percent, "0.0%");
    const auto& columns = gap_columns();
    for (const auto& t : tables) {
        lxw_worksheet* sheet = workbook_add_worksheet(book.wb, t.level.c_str());
        if (!sheet)
            throw EnvironmentError(path + ": cannot add sheet " + t.level);
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const auto col = static_cast<lxw_col_t>(c);
            worksheet_write_string(sheet, 0, col, columns[c].header_zh, bold);
            worksheet_write_string(sheet, 1, col, columns[c].key, key_format);
        }
        worksheet_freeze_panes(sheet, 2, 4);
        lxw_row_t r = 2;
        for (const auto& row : t.rows) {
            const auto cells = gap_cells(row, t.min_cell_count);
            for (std::size_t c = 0; c < columns.size(); ++c) {
                const std::string key = columns[c].key;
                const auto col = static_cast<lxw_col_t>(c);
                // Known numbers go in as numbers (sortable, formatted); text otherwise.
                std::optional<double> v;
                lxw_format* fmt = two_decimals;
                if (key == "rank")
                    v = row.rank, fmt = integer;
                else if (key == "value")
                    v = row.value;
                else if (key == "numerator")
                    v = row.numerator, fmt = integer;
                else if (key == "denominator")
                    v = row.denominator, fmt = integer;
                else if (key == "target")
                    v = row.target.value;
                else if (key == "gap_abs")
                    v = row.gap_abs;
                else if (key == "gap_rel")
                    v = row.gap_rel, fmt = percent;
                else if (key == "closes_amount")
                    v = row.closes_amount, fmt = integer;
                else if (key == "target_year")
                    v = row.target.year, fmt = nullptr;
                if (v)
                    worksheet_write_number(sheet, r, col, *v, fmt);
                else if (!cells[c].empty())
                    worksheet_write_string(sheet, r, col, cells[c].c_str(), nullptr);
            }
            ++r;
        }
        ++r;
        for (const auto& n : table_notes(t))
            worksheet_write_string(sheet, r++, 0, n.c_str(), nullptr);
    }
    lxw_workbook* wb = book.wb;
    book.wb = nullptr;
    check_xlsx(workbook_close(wb), path);
}

// GDAL messages go into the exception, not stderr.
class QuietGdal {
  public:
    QuietGdal() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~QuietGdal() { CPLPopErrorHandler(); }
    QuietGdal(const QuietGdal&) = delete;
    QuietGdal& operator=(const QuietGdal&) = delete;
};

void write_gpkg(const std::string& path,
                const std::vector<policy::GapTable>& tables,
                const UnitGeometries& geoms) {
    GDALAllRegister();
    QuietGdal quiet;
    auto* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver)
        throw EnvironmentError("GDAL has no GPKG driver");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        throw EnvironmentError(path + ": " + CPLGetLastErrorMsg());
    OGRSpatialReference srs;
    srs.importFromEPSG(geoms.epsg);
    const auto& columns = gap_columns();
    for (const auto& t : tables) {
        OGRLayer* layer = ds->CreateLayer(
            ("gaps_" + t.level).c_str(), geoms.epsg ? &srs : nullptr, wkbMultiPolygon, nullptr);
        if (!layer)
            throw EnvironmentError(path + ": " + CPLGetLastErrorMsg());
        for (const auto& c : columns) {
            const std::string key = c.key;
            OGRFieldType type = OFTString;
            if (key == "value" || key == "numerator" || key == "denominator" || key == "target" ||
                key == "gap_abs" || key == "gap_rel" || key == "closes_amount")
                type = OFTReal;
            else if (key == "rank" || key == "target_year")
                type = OFTInteger;
            OGRFieldDefn field(c.key, type);
            field.SetAlternativeName(c.header_zh);
            layer->CreateField(&field);
        }
        if (ds->StartTransaction() != OGRERR_NONE)
            throw EnvironmentError(path + ": " + CPLGetLastErrorMsg());
        for (const auto& row : t.rows) {
            OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
            const auto cells = gap_cells(row, t.min_cell_count);
            for (std::size_t c = 0; c < columns.size(); ++c) {
                const std::string key = columns[c].key;
                const int i = static_cast<int>(c);
                std::optional<double> v;
                bool numeric = true;
                if (key == "value")
                    v = row.value;
                else if (key == "numerator")
                    v = row.numerator;
                else if (key == "denominator")
                    v = row.denominator;
                else if (key == "target")
                    v = row.target.value;
                else if (key == "gap_abs")
                    v = row.gap_abs;
                else if (key == "gap_rel")
                    v = row.gap_rel;
                else if (key == "closes_amount")
                    v = row.closes_amount;
                else if (key == "rank")
                    v = row.rank;
                else if (key == "target_year")
                    v = row.target.year;
                else
                    numeric = false;
                if (numeric) {
                    if (v)
                        f->SetField(i, *v); // unknown stays NULL, never 0
                } else {
                    f->SetField(i, cells[c].c_str());
                }
            }
            if (auto it = geoms.wkb.find(row.unit_code); it != geoms.wkb.end()) {
                OGRGeometry* g = nullptr;
                if (OGRGeometryFactory::createFromWkb(
                        it->second.data(), nullptr, &g, it->second.size()) == OGRERR_NONE)
                    f->SetGeometryDirectly(g);
            }
            if (layer->CreateFeature(f.get()) != OGRERR_NONE)
                throw EnvironmentError(path + ": " + CPLGetLastErrorMsg());
        }
        if (ds->CommitTransaction() != OGRERR_NONE)
            throw EnvironmentError(path + ": " + CPLGetLastErrorMsg());
    }
}

} // namespace

UnitGeometries load_unit_geometries(store::Workspace& ws) {
    UnitGeometries out;
    out.epsg = ws.crs_epsg();
    auto s = ws.db().prepare("SELECT code, AsBinary(geom) FROM admin_units WHERE geom IS NOT NULL");
    while (s.step())
        out.wkb[s.column_text(0)] = s.column_blob(1);
    if (ws.db().query_int(
            "SELECT count(*) FROM geometry_columns WHERE f_table_name = 'grid_cells'") > 0) {
        auto c =
            ws.db().prepare("SELECT id, AsBinary(geom) FROM grid_cells WHERE geom IS NOT NULL");
        while (c.step())
            out.wkb[policy::cell_code(c.column_int(0))] = c.column_blob(1);
    }
    return out;
}

const std::vector<GapColumn>& gap_columns() {
    static const std::vector<GapColumn> columns = {
        {"rank", "排名"},
        {"level", "层级"},
        {"unit_code", "区划代码"},
        {"unit_name", "名称"},
        {"indicator", "指标"},
        {"indicator_zh", "指标名称"},
        {"status", "状态"},
        {"value", "现值"},
        {"unit", "单位"},
        {"numerator", "分子"},
        {"denominator", "分母"},
        {"target", "目标值"},
        {"comparison", "比较"},
        {"target_year", "目标年份"},
        {"stated_level", "文件规定层级"},
        {"gap_abs", "差距"},
        {"gap_rel", "相对差距"},
        {"closes_amount", "补齐所需数量"},
        {"closes_what", "补齐内容"},
        {"closes_what_zh", "补齐内容（中文）"},
        {"note", "说明"},
        {"profile", "目标来源档案"},
        {"source_file", "来源文件"},
        {"source_clause", "条款"},
        {"source_quote", "原文"},
    };
    return columns;
}

std::vector<std::string> gap_cells(const policy::GapRow& row, int min_cell_count) {
    const auto& info = policy::indicator(row.indicator);
    const bool suppressed = row.status == policy::GapStatus::suppressed;
    const std::string hidden = "<" + std::to_string(min_cell_count);
    const std::string missing = suppressed ? hidden : "unknown";
    auto opt = [&](const std::optional<double>& v, int decimals) {
        return v ? number(*v, decimals) : missing;
    };
    std::vector<std::string> cells;
    for (const auto& c : gap_columns()) {
        const std::string key = c.key;
        if (key == "rank")
            cells.push_back(std::to_string(row.rank));
        else if (key == "level")
            cells.push_back(row.level);
        else if (key == "unit_code")
            cells.push_back(row.unit_code);
        else if (key == "unit_name")
            cells.push_back(row.unit_name);
        else if (key == "indicator")
            cells.push_back(row.indicator);
        else if (key == "indicator_zh")
            cells.push_back(info.name_zh);
        else if (key == "status")
            cells.push_back(policy::gap_status_name(row.status));
        else if (key == "value")
            cells.push_back(opt(row.value, 2));
        else if (key == "unit")
            cells.push_back(row.target.unit);
        else if (key == "numerator")
            cells.push_back(row.numerator ? count(*row.numerator) : missing);
        else if (key == "denominator")
            cells.push_back(row.denominator ? count(*row.denominator)
                                            : (suppressed ? hidden : "unknown"));
        else if (key == "target")
            cells.push_back(
                number(row.target.value, row.target.value == std::floor(row.target.value) ? 0 : 1));
        else if (key == "comparison")
            cells.push_back(row.target.comparison == policy::Comparison::at_least ? ">=" : "<=");
        else if (key == "target_year")
            cells.push_back(std::to_string(row.target.year));
        else if (key == "stated_level")
            cells.push_back(row.target.stated_level);
        else if (key == "gap_abs")
            cells.push_back(opt(row.gap_abs, 2));
        else if (key == "gap_rel")
            cells.push_back(row.gap_rel ? number(*row.gap_rel * 100, 1) + "%" : missing);
        else if (key == "closes_amount")
            cells.push_back(row.closes_amount ? count(*row.closes_amount) : missing);
        else if (key == "closes_what")
            cells.push_back(row.closes_what);
        else if (key == "closes_what_zh")
            cells.push_back(info.closes_zh);
        else if (key == "note")
            cells.push_back(row.note);
        else if (key == "profile")
            cells.push_back(row.target.profile);
        else if (key == "source_file")
            cells.push_back(row.target.source.file);
        else if (key == "source_clause")
            cells.push_back(row.target.source.clause);
        else if (key == "source_quote")
            cells.push_back(row.target.source.quote);
        else
            cells.emplace_back();
    }
    return cells;
}

void write_gap_tables(const std::string& path,
                      const std::vector<policy::GapTable>& tables,
                      const UnitGeometries& geometries) {
    if (tables.empty())
        throw InternalError("write_gap_tables: no table");
    const std::string ext = extension_of(path);
    if (ext == "csv" || ext == "md") {
        if (tables.size() != 1)
            throw UsageError(path +
                             ": CSV and Markdown hold one level; use .xlsx or .gpkg for several");
        ext == "csv" ? write_csv(path, tables.front()) : write_md(path, tables.front());
    } else if (ext == "xlsx") {
        write_xlsx(path, tables);
    } else if (ext == "gpkg") {
        write_gpkg(path, tables, geometries);
    } else {
        throw UsageError(path + ": unknown output format '." + ext +
                         "' (use .csv, .md, .xlsx or .gpkg)");
    }
}

} // namespace jw::io
