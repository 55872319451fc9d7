// The import pipeline: read (io) -> parse each row (model) -> repair and reproject (geo) ->
// write (store), all inside one transaction. A row either goes in whole (a SAVEPOINT per row)
// or goes to the rejects file with its reason.

#include "schema.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <jingwei/error.hpp>
#include <jingwei/geo/crs.hpp>
#include <jingwei/geo/geos.hpp>
#include <jingwei/geo/locate.hpp>
#include <jingwei/io/table_writer.hpp>
#include <jingwei/model/unit_code.hpp>
#include <jingwei/model/values.hpp>
#include <jingwei/store/import.hpp>
#include <jingwei/store/pseudonym.hpp>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <regex>
#include <set>
#include <sstream>
#include <unordered_map>

namespace fs = std::filesystem;

namespace jw::store {

ImportKind parse_import_kind(const std::string& text) {
    for (auto k : {ImportKind::units,
                   ImportKind::population,
                   ImportKind::facilities,
                   ImportKind::patients,
                   ImportKind::teams})
        if (text == kind_name(k))
            return k;
    throw UsageError("'" + text +
                     "' is not an import kind (units, population, facilities, patients, teams)");
}

std::string kind_name(ImportKind kind) {
    switch (kind) {
    case ImportKind::units:
        return "units";
    case ImportKind::population:
        return "population";
    case ImportKind::facilities:
        return "facilities";
    case ImportKind::patients:
        return "patients";
    case ImportKind::teams:
        return "teams";
    }
    return "?";
}

const std::vector<FieldSpec>& field_specs(ImportKind kind) {
    // Accepted column names: Jingwei's own, common English ones, and the Chinese headers of
    // statistical tables and registers. Matching ignores case and surrounding spaces.
    static const std::vector<std::string> lon = {"lon", "lng", "longitude", "x", "经度", "东经"};
    static const std::vector<std::string> lat = {"lat", "latitude", "y", "纬度", "北纬"};
    static const std::vector<FieldSpec> units = {
        {"code", true, {"code", "unit_code", "adcode", "id", "代码", "区划代码", "统计用区划代码"}},
        {"name", false, {"name", "名称", "区划名称", "单位名称"}},
        {"level", false, {"level", "级别", "层级"}},
        {"urban_rural_code", false, {"urban_rural_code", "城乡分类代码", "城乡分类"}},
        {"vintage", false, {"vintage", "版本", "年份"}},
        {"derived", false, {"derived"}},
        {"synthetic", false, {"synthetic"}},
        {"source", false, {"source", "来源"}},
        {"lon", false, lon},
        {"lat", false, lat},
    };
    static const std::vector<FieldSpec> population = {
        {"unit_code", true, {"unit_code", "code", "代码", "区划代码"}},
        {"year", true, {"year", "年份", "年度"}},
        {"count", true, {"count", "population", "pop", "人口", "常住人口", "人口数"}},
        {"kind", false, {"kind", "口径", "人口口径"}},
        {"quality", false, {"quality", "质量"}},
        {"derived", false, {"derived"}},
        {"synthetic", false, {"synthetic"}},
        {"source", false, {"source", "来源", "出处"}},
    };
    static const std::vector<FieldSpec> facilities = {
        {"id", true, {"id", "facility_id", "机构编码", "机构代码", "编码"}},
        {"name", true, {"name", "机构名称", "名称"}},
        {"kind", true, {"kind", "facility_type", "type", "机构类型", "类型"}},
        {"unit_code", false, {"unit_code", "township_code", "乡镇代码", "所在乡镇代码"}},
        {"county_code", false, {"county_code", "县区代码", "区县代码"}},
        {"beds_authorised", false, {"beds_authorised", "beds", "编制床位", "床位数", "精神科床位"}},
        {"beds_open", false, {"beds_open", "开放床位", "实有床位"}},
        {"psychiatrists", false, {"psychiatrists", "精神科医师", "精神科执业医师", "精神科医生"}},
        {"prevention_staff", false, {"prevention_staff", "精防人员", "精防医生"}},
        {"has_psych_clinic", false, {"has_psych_clinic", "精神科门诊", "心理门诊"}},
        {"status", false, {"status", "状态"}},
        {"location_quality", false, {"location_quality", "coord_quality", "定位质量"}},
        {"derived", false, {"derived"}},
        {"synthetic", false, {"synthetic"}},
        {"source", false, {"source", "来源"}},
        {"referral_facility_id",
         false,
         {"referral_facility_id", "referral_to", "转诊机构", "转诊医院", "定点医院"}},
        {"lon", false, lon},
        {"lat", false, lat},
    };
    static const std::vector<FieldSpec> patients = {
        {"id_number", false, {"id_number", "身份证号", "身份证号码", "公民身份号码"}},
        {"patient_key", false, {"patient_key", "pseudonym", "患者编号"}},
        {"village_code", false, {"village_code", "code", "现住址代码", "村居代码", "村（居）代码"}},
        {"diagnosis", true, {"diagnosis", "诊断", "疾病诊断", "诊断名称"}},
        {"risk_level", false, {"risk_level", "risk", "危险性评估", "危险性", "危险性等级"}},
        {"stability", false, {"stability", "病情", "病情分类", "随访分类"}},
        {"management_status", false, {"management_status", "status", "管理状态"}},
        {"medication", false, {"medication", "服药情况", "服药依从性"}},
        {"registered_date", false, {"registered_date", "建档日期", "登记日期"}},
        {"last_visit_date",
         false,
         {"last_visit_date", "末次随访日期", "最近随访日期", "上次随访日期"}},
        {"last_exam_date", false, {"last_exam_date", "体检日期", "最近体检日期"}},
        {"sex", false, {"sex", "性别"}},
        {"birth_year", false, {"birth_year", "出生年份"}},
        {"synthetic", false, {"synthetic"}},
        {"name", false, {"name", "姓名", "患者姓名"}},
        {"address", false, {"address", "现住址", "住址", "家庭住址"}},
        {"phone", false, {"phone", "联系电话", "电话"}},
        {"guardian_name", false, {"guardian_name", "监护人", "监护人姓名"}},
        {"guardian_phone", false, {"guardian_phone", "监护人电话", "监护人联系电话"}},
        {"lon", false, lon},
        {"lat", false, lat},
    };
    static const std::vector<FieldSpec> teams = {
        {"id", true, {"id", "team_id", "团队编号"}},
        {"name", true, {"name", "团队名称", "名称"}},
        {"base_facility_id", false, {"base_facility_id", "facility_id", "所属机构编码"}},
        {"unit_code", false, {"unit_code", "township_code", "乡镇代码"}},
        {"members", false, {"members", "成员"}},
        {"skills", false, {"skills", "技能", "能力"}},
        {"shift", false, {"shift", "工作时间", "班次"}},
        {"workdays", false, {"workdays", "工作日"}},
        {"synthetic", false, {"synthetic"}},
    };
    switch (kind) {
    case ImportKind::units:
        return units;
    case ImportKind::population:
        return population;
    case ImportKind::facilities:
        return facilities;
    case ImportKind::patients:
        return patients;
    case ImportKind::teams:
        return teams;
    }
    throw InternalError("unknown import kind");
}

std::string file_sha256(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), md, &len);
    std::ostringstream hex;
    for (unsigned int i = 0; i < len; ++i)
        hex << "0123456789abcdef"[md[i] >> 4] << "0123456789abcdef"[md[i] & 15];
    return hex.str();
}

namespace {

std::string lower_trim(const std::string& s) {
    std::string t = model::trim(s);
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    return t;
}

/// Where each Jingwei field is in the file's columns.
class ColumnMap {
  public:
    ColumnMap(ImportKind kind, const io::TableReader& reader, const ImportOptions& options) {
        const auto& specs = field_specs(kind);
        const auto& cols = reader.columns();
        auto check_known =
            [&](const char* flag, const std::string& target, const std::string& value) {
                if (std::none_of(specs.begin(), specs.end(), [&](const FieldSpec& s) {
                        return s.target == target;
                    })) {
                    std::string known;
                    for (const auto& s : specs)
                        known += (known.empty() ? "" : ", ") + s.target;
                    throw UsageError(std::string(flag) + " " + target + "=" + value + ": '" +
                                     target + "' is not a field of " + kind_name(kind) +
                                     " (fields: " + known + ")");
                }
            };
        for (const auto& [target, source] : options.field_map)
            check_known("--map", target, source);
        for (const auto& [target, value] : options.constants) {
            check_known("--set", target, value);
            if (options.field_map.count(target))
                throw UsageError("--set " + target + " and --map " + target +
                                 ": give one or the other");
        }
        m_constants = options.constants;
        for (const auto& spec : specs) {
            int found = -1;
            if (m_constants.count(spec.target)) {
                m_index[spec.target] = constant_column;
                continue;
            }
            if (auto it = options.field_map.find(spec.target); it != options.field_map.end()) {
                for (std::size_t i = 0; i < cols.size(); ++i)
                    if (cols[i] == it->second || lower_trim(cols[i]) == lower_trim(it->second))
                        found = static_cast<int>(i);
                if (found < 0)
                    throw UsageError("--map " + spec.target + "=" + it->second + ": " +
                                     reader.path() + " has no column '" + it->second +
                                     "' (columns: " + column_list(cols) + ")");
            } else {
                for (const auto& alias : spec.aliases) {
                    for (std::size_t i = 0; i < cols.size() && found < 0; ++i)
                        if (lower_trim(cols[i]) == lower_trim(alias))
                            found = static_cast<int>(i);
                    if (found >= 0)
                        break;
                }
            }
            if (found < 0 && spec.required) {
                std::string looked;
                for (const auto& a : spec.aliases)
                    looked += (looked.empty() ? "" : ", ") + a;
                throw InputError(reader.path(),
                                 0,
                                 spec.target,
                                 "required column missing (looked for " + looked +
                                     "; the file has " + column_list(cols) +
                                     "); name it with --map " + spec.target + "=COLUMN");
            }
            m_index[spec.target] = found;
        }
    }
    bool has(const std::string& target) const {
        const auto it = m_index.find(target);
        return it != m_index.end() && (it->second >= 0 || it->second == constant_column);
    }
    /// The trimmed value, "" when the column is absent or empty.
    std::string get(const io::Row& row, const std::string& target) const {
        const auto it = m_index.find(target);
        if (it != m_index.end() && it->second == constant_column)
            return m_constants.at(target);
        if (it == m_index.end() || it->second < 0)
            return std::string();
        return model::trim(row.values[static_cast<std::size_t>(it->second)]);
    }

  private:
    static std::string column_list(const std::vector<std::string>& cols) {
        std::string out;
        for (const auto& c : cols)
            out += (out.empty() ? "" : ", ") + c;
        return out.empty() ? "no columns" : out;
    }
    static constexpr int constant_column = -2; // the value comes from --set, not the file
    std::unordered_map<std::string, int> m_index;
    std::map<std::string, std::string> m_constants;
};

/// Parses a field, adding its name to the reason.
template <typename F> auto field(const std::string& name, F&& parse) -> decltype(parse()) {
    try {
        return parse();
    } catch (const InputError& e) {
        throw InputError("", 0, name, e.reason);
    }
}

std::optional<std::string> opt(const std::string& v) {
    return v.empty() ? std::nullopt : std::optional<std::string>(v);
}
std::optional<std::int64_t> opt_count(const std::string& name, const std::string& v) {
    if (v.empty())
        return std::nullopt;
    return field(name, [&] { return static_cast<std::int64_t>(model::parse_count(v)); });
}
int flag(const ColumnMap& cols, const io::Row& row, const std::string& name) {
    const std::string v = cols.get(row, name);
    return v.empty() ? 0 : field(name, [&] { return model::parse_yes_no(v) ? 1 : 0; });
}

/// Coordinates of a row, repaired and reprojected into the workspace CRS.
class GeometryPipeline {
  public:
    GeometryPipeline(const geo::CrsSpec& from, int workspace_epsg)
        : m_transformer(from, geo::CrsSpec::parse("EPSG:" + std::to_string(workspace_epsg))) {}

    /// Source WKB -> workspace WKB; notes repairs in `warning`.
    std::vector<unsigned char> to_workspace(const std::vector<unsigned char>& wkb,
                                            std::string& warning) {
        auto g = geo::from_wkb(wkb.data(), wkb.size());
        if (geo::is_empty(g.get()))
            throw InputError("", 0, "geometry", "the geometry is empty");
        auto ctx = geo::GeosContext::this_thread().get();
        GEOSGeometry* moved = GEOSGeom_transformXY_r(
            ctx,
            g.get(),
            [](double* x, double* y, void* self) {
                static_cast<geo::Transformer*>(self)->transform(*x, *y);
                return 1;
            },
            &m_transformer);
        auto out = geo::take(moved, "transform");
        if (auto repaired = geo::make_valid_if_needed(out.get())) {
            warning = "invalid geometry repaired (" + repaired->reason + ")";
            out = std::move(repaired->geometry);
            // A repaired area can carry slivers collapsed to lines: keep its polygons.
            if (GEOSGeomTypeId_r(geo::GeosContext::this_thread().get(), out.get()) ==
                GEOS_GEOMETRYCOLLECTION)
                if (auto polygons = geo::polygonal_parts(out.get()))
                    out = std::move(polygons);
        }
        return geo::to_wkb(out.get());
    }

  private:
    geo::Transformer m_transformer;
};

std::vector<unsigned char> point_wkb(double x, double y) {
    auto p = geo::make_point(x, y);
    return geo::to_wkb(p.get());
}

/// Writes rejected rows with their reason, in the input's own encoding, so they can be fixed in
/// Excel and imported again.
void write_rejects(const std::string& path,
                   const io::TableReader& reader,
                   const std::vector<io::Row>& rows,
                   const std::vector<ImportResult::Reject>& rejects) {
    std::string text;
    for (const auto& c : reader.columns())
        text += io::csv_cell(c) + ",";
    text += "reason\n";
    for (const auto& r : rejects) {
        const auto& row = rows[static_cast<std::size_t>(r.row - 1)];
        for (const auto& v : row.values)
            text += io::csv_cell(v) + ",";
        text += io::csv_cell("row " + std::to_string(r.row) + ": " + r.reason) + "\n";
    }
    std::string bytes = io::from_utf8(text, reader.encoding());
    if (reader.has_bom())
        bytes = "\xEF\xBB\xBF" + bytes;
    const std::string tmp = path + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out || !(out << bytes) || !out.flush())
            throw EnvironmentError(path + ": cannot write the rejects file");
    }
    fs::rename(tmp, path);
}

class Importer {
  public:
    Importer(Workspace& ws, ImportKind kind, const ImportOptions& options, const Progress& progress)
        : m_ws(ws), m_kind(kind), m_opt(options), m_progress(progress),
          m_reader(options.file, options.layer, options.encoding), m_cols(kind, m_reader, options) {
    }

    ImportResult run() {
        m_result.encoding = io::encoding_name(m_reader.encoding());
        // Read everything first: the CRS is chosen from the data, and a bad row is reported
        // before anything is written.
        io::Row row;
        m_rows.reserve(
            static_cast<std::size_t>(std::max<std::int64_t>(0, m_reader.feature_count())));
        while (m_reader.next(row)) {
            m_rows.push_back(row);
            if (m_rows.size() % 4096 == 0)
                report(0.3 * fraction_read());
        }
        m_result.rows_read = static_cast<std::int64_t>(m_rows.size());
        if (m_rows.empty())
            throw InputError(m_opt.file, 0, "", "the file has a header but no rows");

        Transaction tx(m_ws.db());
        const std::string sha = file_sha256(m_opt.file);
        check_not_imported_before(sha);
        m_ws.db()
            .prepare(
                "INSERT INTO imports (kind, file, sha256, encoding, options, started_at, status) "
                "VALUES (?, ?, ?, ?, ?, ?, 'ok')")
            .bind(1, kind_name(m_kind))
            .bind(2, fs::absolute(m_opt.file).string())
            .bind(3, sha)
            .bind(4, m_result.encoding)
            .bind(5, options_json())
            .bind(6, utc_timestamp())
            .run();
        m_result.import_id = m_ws.db().last_insert_rowid();
        prepare_geometry();
        m_epsg = m_ws.crs_epsg();

        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            const auto& r = m_rows[i];
            if (outside_scope(r)) {
                ++m_result.rows_outside;
                continue;
            }
            m_ws.db().exec("SAVEPOINT jw_row");
            try {
                m_warning.clear();
                m_last_source_point.reset();
                import_row(r);
                m_ws.db().exec("RELEASE jw_row");
                ++m_result.rows_kept;
                if (!m_warning.empty())
                    m_result.warnings.push_back(m_opt.file + ":" + std::to_string(r.number) + ": " +
                                                m_warning);
            } catch (const InputError& e) {
                m_ws.db().exec("ROLLBACK TO jw_row");
                m_ws.db().exec("RELEASE jw_row");
                if (m_opt.on_error == OnError::abort)
                    throw InputError(m_opt.file,
                                     r.number,
                                     e.field,
                                     e.reason + " (import aborted: nothing was written)");
                ++m_result.rows_rejected;
                m_result.rejects.push_back(
                    {r.number, (e.field.empty() ? "" : e.field + ": ") + e.reason});
            }
            if (i % 1024 == 0)
                report(0.3 + 0.7 * static_cast<double>(i) / static_cast<double>(m_rows.size()));
        }
        check_offset_datum();
        if (m_result.rows_rejected > 0) {
            m_result.rejects_file =
                m_opt.rejects_path.empty() ? m_opt.file + ".rejects.csv" : m_opt.rejects_path;
            try {
                write_rejects(m_result.rejects_file, m_reader, m_rows, m_result.rejects);
            } catch (const EnvironmentError&) {
                if (!m_opt.rejects_path.empty())
                    throw;
                // The input's folder may be read-only (a package, a shared drive): use ours.
                m_result.rejects_file = fs::path(m_opt.file).filename().string() + ".rejects.csv";
                write_rejects(m_result.rejects_file, m_reader, m_rows, m_result.rejects);
            }
        }
        m_ws.db()
            .prepare("UPDATE imports SET source_crs = ?, rows_read = ?, rows_kept = ?, "
                     "rows_rejected = ?, "
                     "rejects_file = ?, finished_at = ?, status = ? WHERE id = ?")
            .bind(1, opt(m_result.source_crs))
            .bind(2, m_result.rows_read)
            .bind(3, m_result.rows_kept)
            .bind(4, m_result.rows_rejected)
            .bind(5,
                  opt(m_result.rejects_file.empty() ? ""
                                                    : fs::absolute(m_result.rejects_file).string()))
            .bind(6, utc_timestamp())
            .bind(7, m_result.rows_rejected > 0 ? "rows_rejected" : "ok")
            .bind(8, m_result.import_id)
            .run();
        tx.commit();
        report(1.0);
        m_result.workspace_epsg = m_ws.crs_epsg();
        return m_result;
    }

  private:
    double fraction_read() const {
        const auto n = m_reader.feature_count();
        return n > 0 ? std::min(1.0, static_cast<double>(m_rows.size()) / static_cast<double>(n))
                     : 0.5;
    }
    void report(double f) {
        if (m_progress && !m_progress(f, "import"))
            throw Error("import cancelled: nothing was written");
    }
    std::string options_json() const {
        nlohmann::json j;
        j["layer"] = m_reader.layer_name();
        j["map"] = m_opt.field_map;
        j["crs"] = m_opt.crs;
        j["on_error"] = m_opt.on_error == OnError::abort ? "abort" : "reject";
        j["within"] = m_opt.within;
        return j.dump();
    }

    bool has_lonlat() const { return m_cols.has("lon") && m_cols.has("lat"); }

    /// The same bytes imported twice would double a register: refuse, or with --replace remove
    /// the rows the earlier import wrote before writing them again.
    void check_not_imported_before(const std::string& sha) {
        auto st = m_ws.db().prepare(
            "SELECT id, started_at FROM imports WHERE sha256 = ? AND kind = ? ORDER BY id");
        st.bind(1, sha).bind(2, kind_name(m_kind));
        std::vector<std::int64_t> earlier;
        std::string first_date;
        while (st.step()) {
            earlier.push_back(st.column_int(0));
            if (first_date.empty())
                first_date = st.column_text(1);
        }
        if (earlier.empty())
            return;
        if (!m_opt.replace)
            throw InputError(m_opt.file,
                             0,
                             "",
                             "this file was already imported (import #" +
                                 std::to_string(earlier.front()) + ", " + first_date +
                                 ", same SHA-256): nothing was written; use --replace to import it "
                                 "again in place of the earlier rows");
        // Units and population rows are keyed by code: importing again updates them in place.
        const char* table = m_kind == ImportKind::facilities ? "facilities"
                            : m_kind == ImportKind::patients ? "patients"
                            : m_kind == ImportKind::teams    ? "teams"
                                                             : nullptr;
        if (table == nullptr)
            return;
        for (const auto id : earlier) {
            m_ws.db()
                .prepare(std::string("DELETE FROM ") + table + " WHERE import_id = ?")
                .bind(1, id)
                .run();
            m_result.rows_replaced += m_ws.db().changes();
        }
    }

    /// Coordinates declared (or assumed) WGS84 that really are GCJ-02 or BD-09 sit 300-700 m
    /// off in China: too little to fail any range check, enough to put homes near a boundary
    /// in the wrong village. Compare how many points land in the unit their code names under
    /// each reading, and warn when another datum fits clearly better.
    void check_offset_datum() {
        if (m_probes.size() < 10 || m_source_crs.kind != geo::CrsSpec::Kind::proj)
            return;
        const int source_epsg = geo::crs_epsg(m_source_crs.definition);
        if (source_epsg != 4326 && source_epsg != 4490)
            return;
        load_area_index();
        if (m_area_index.polygon_count() == 0)
            return;
        geo::Transformer to_workspace(geo::CrsSpec::parse("EPSG:4326"),
                                      geo::CrsSpec::parse("EPSG:" + srid()));
        auto share_matching = [&](geo::LonLat (*to_wgs84)(geo::LonLat)) {
            std::size_t matching = 0;
            for (const auto& p : m_probes) {
                const auto q = to_wgs84 ? to_wgs84(p.lonlat) : p.lonlat;
                double x = q.lon, y = q.lat;
                to_workspace.transform(x, y);
                const auto hit = m_area_index.locate(x, y);
                if (hit && m_area_codes[static_cast<std::size_t>(*hit)].compare(
                               0, p.digits, p.code, 0, p.digits) == 0)
                    ++matching;
            }
            return static_cast<double>(matching) / static_cast<double>(m_probes.size());
        };
        const double as_declared = share_matching(nullptr);
        const double as_gcj02 = share_matching(geo::gcj02_to_wgs84);
        const double as_bd09 = share_matching(geo::bd09_to_wgs84);
        const bool gcj_better = as_gcj02 >= as_bd09;
        const double best = gcj_better ? as_gcj02 : as_bd09;
        if (best - as_declared < 0.05)
            return;
        auto pct = [](double v) { return std::to_string(static_cast<int>(v * 100 + 0.5)) + " %"; };
        m_result.warnings.push_back(
            m_opt.file + ": the coordinates look like " +
            (gcj_better ? "GCJ-02 (Amap/Tencent)" : "BD-09 (Baidu)") + ", not " +
            m_source_crs.label() + ": read as declared, " + pct(as_declared) + " of " +
            std::to_string(m_probes.size()) + " points lie in the unit their code names; read as " +
            (gcj_better ? "GCJ-02, " : "BD-09, ") + pct(best) + ". Import again with --crs " +
            (gcj_better ? "gcj02" : "bd09") + " --replace");
    }

    void add_probe(const std::string& declared_code) {
        if (!m_last_source_point)
            return;
        const auto code = model::UnitCode::parse(declared_code);
        const std::size_t digits = code.level() == model::UnitLevel::village ? 12 : 9;
        if (code.level() != model::UnitLevel::village && code.level() != model::UnitLevel::township)
            return;
        m_probes.push_back({*m_last_source_point, code.str(), digits});
    }

    void prepare_geometry() {
        bool any_geometry = false;
        for (const auto& r : m_rows) {
            m_layer_has_geometry = m_layer_has_geometry || !r.wkb.empty();
            any_geometry =
                any_geometry || !r.wkb.empty() || (has_lonlat() && !m_cols.get(r, "lon").empty());
        }
        if (!any_geometry)
            return;
        if (!m_opt.crs.empty())
            m_source_crs = geo::CrsSpec::parse(m_opt.crs);
        else if (auto declared = m_reader.crs())
            m_source_crs = geo::CrsSpec::parse(*declared);
        else {
            m_source_crs = geo::CrsSpec::parse("EPSG:4326");
            m_result.warnings.push_back(
                m_opt.file +
                ": no coordinate system declared: read as WGS84 longitude/latitude "
                "(EPSG:4326); give --crs gcj02 for Amap/Tencent or --crs bd09 for Baidu "
                "coordinates");
        }
        m_result.source_crs = m_source_crs.label();
        if (m_ws.crs_epsg() == 0) {
            // The analysis CRS: the CGCS2000 3-degree Gauss-Kruger zone of the data's centre.
            geo::Transformer to_lonlat(m_source_crs, geo::CrsSpec::parse("EPSG:4326"));
            double lon_sum = 0;
            std::int64_t n = 0;
            for (const auto& r : m_rows) {
                double x = 0, y = 0;
                if (!r.wkb.empty()) {
                    auto g = geo::from_wkb(r.wkb.data(), r.wkb.size());
                    if (geo::is_empty(g.get()))
                        continue;
                    const auto e = geo::envelope(g.get());
                    x = (e.xmin + e.xmax) / 2;
                    y = (e.ymin + e.ymax) / 2;
                } else if (has_lonlat()) {
                    try {
                        x = model::parse_number(m_cols.get(r, "lon"));
                        y = model::parse_number(m_cols.get(r, "lat"));
                    } catch (const InputError&) {
                        continue;
                    }
                } else {
                    continue;
                }
                try {
                    to_lonlat.transform(x, y);
                } catch (const InputError&) {
                    continue;
                }
                if (x < 73 || x > 136)
                    continue;
                lon_sum += x;
                ++n;
            }
            if (n == 0)
                throw InputError(m_opt.file,
                                 0,
                                 "geometry",
                                 "no coordinate lies in China (73-136 E): is --crs right, or are "
                                 "longitude and latitude swapped?");
            m_ws.set_crs(geo::gauss_kruger_3deg_epsg(lon_sum / static_cast<double>(n)));
            m_result.crs_chosen_now = true;
        }
        m_geometry = std::make_unique<GeometryPipeline>(m_source_crs, m_ws.crs_epsg());
    }

    /// The row's geometry in the workspace CRS, empty when it has none.
    std::vector<unsigned char> geometry_of(const io::Row& r) {
        std::vector<unsigned char> src = r.wkb;
        if (src.empty() && has_lonlat()) {
            const std::string lon = m_cols.get(r, "lon"), lat = m_cols.get(r, "lat");
            if (lon.empty() && lat.empty())
                return {};
            if (lon.empty() || lat.empty())
                throw InputError("", 0, lon.empty() ? "lon" : "lat", "one coordinate is missing");
            src = point_wkb(field("lon", [&] { return model::parse_number(lon); }),
                            field("lat", [&] { return model::parse_number(lat); }));
        }
        if (src.empty())
            return {};
        if (m_source_crs.is_geographic()) {
            // China spans 73-136 E and 18-54 N: the ranges do not overlap, so a swap is certain.
            auto g = geo::from_wkb(src.data(), src.size());
            const auto e = geo::envelope(g.get());
            if (e.xmin >= 3 && e.xmax <= 54 && e.ymin >= 73 && e.ymax <= 136)
                throw InputError("",
                                 0,
                                 "geometry",
                                 "longitude and latitude look swapped (x " + short_number(e.xmin) +
                                     " is a latitude in China, y " + short_number(e.ymin) +
                                     " a longitude): swap the columns or map them with --map "
                                     "lon=... --map lat=...");
            if (!r.wkb.empty() || has_lonlat())
                m_last_source_point = geo::LonLat{(e.xmin + e.xmax) / 2, (e.ymin + e.ymax) / 2};
        }
        return m_geometry->to_workspace(src, m_warning);
    }

    static std::string short_number(double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.4f", v);
        return buf;
    }

    std::string srid() const { return std::to_string(m_epsg); }

    /// A statement prepared once per import and reused for every row, bindings cleared: rows
    /// run the same few statements thousands of times.
    store::Statement& statement(const std::string& sql) {
        auto it = m_statements.find(sql);
        if (it == m_statements.end())
            it = m_statements.emplace(sql, m_ws.db().prepare(sql)).first;
        it->second.reset();
        return it->second;
    }
    /// Whether `sql` (one parameter) returns a row for `value`.
    bool exists(const std::string& sql, const std::string& value) {
        auto& st = statement(sql);
        st.bind(1, value);
        const bool found = st.step();
        st.reset();
        return found;
    }
    /// The geometry column of an INSERT and its value, or nothing while the workspace has no
    /// geometry columns (they come with the first coordinates imported: decision 0003).
    std::string geometry_column(const char* column) const {
        return m_epsg ? std::string(", ") + column : std::string();
    }
    std::string geometry_value() const { return m_epsg ? ", GeomFromWKB(?, " + srid() + ")" : ""; }

    bool outside_scope(const io::Row& r) {
        if (m_opt.within.empty())
            return false;
        const char* target = nullptr;
        switch (m_kind) {
        case ImportKind::units:
            target = "code";
            break;
        case ImportKind::population:
            target = "unit_code";
            break;
        case ImportKind::facilities:
            target = m_cols.has("unit_code") ? "unit_code" : "county_code";
            break;
        case ImportKind::patients:
            target = "village_code";
            break;
        case ImportKind::teams:
            target = "unit_code";
            break;
        }
        const std::string v = m_cols.get(r, target);
        return !v.empty() && v.compare(0, m_opt.within.size(), m_opt.within) != 0;
    }

    bool unit_exists(const std::string& code) {
        return exists("SELECT 1 FROM admin_units WHERE code = ?", code);
    }
    std::string existing_unit(const std::string& field_name, const std::string& text) {
        const auto code = field(field_name, [&] { return model::UnitCode::parse(text); }).str();
        if (!unit_exists(code))
            throw InputError(
                "", 0, field_name, "unit " + code + " is not in the workspace: import units first");
        return code;
    }

    void import_row(const io::Row& r) {
        const int columns = static_cast<int>(m_reader.columns().size());
        if (r.field_count >= 0 && r.field_count < columns)
            throw InputError("",
                             0,
                             "",
                             "the row has " + std::to_string(r.field_count) + " of the header's " +
                                 std::to_string(columns) +
                                 " columns: cut short, or a value is missing");
        if (r.field_count > columns)
            throw InputError("",
                             0,
                             "",
                             "the row has " + std::to_string(r.field_count) +
                                 " columns but the header " + std::to_string(columns) +
                                 ": a comma inside an unquoted value?");
        if (r.has_empty_geometry && m_layer_has_geometry)
            throw InputError("", 0, "geometry", "the feature has no geometry (empty or null)");
        switch (m_kind) {
        case ImportKind::units:
            return unit_row(r);
        case ImportKind::population:
            return population_row(r);
        case ImportKind::facilities:
            return facility_row(r);
        case ImportKind::patients:
            return patient_row(r);
        case ImportKind::teams:
            return team_row(r);
        }
    }

    void check_duplicate(const std::string& key, std::int64_t row, const char* what) {
        auto [it, fresh] = m_seen.emplace(key, row);
        if (!fresh)
            throw InputError("",
                             0,
                             what,
                             "'" + key + "' appears twice in the file (first at row " +
                                 std::to_string(it->second) + ")");
    }

    void unit_row(const io::Row& r) {
        const auto code =
            field("code", [&] { return model::UnitCode::parse(m_cols.get(r, "code")); });
        if (merge_polygon_part(code.str(), r))
            return;
        check_duplicate(code.str(), r.number, "code");
        const std::string level_text = m_cols.get(r, "level");
        if (!level_text.empty()) {
            const auto level = field("level", [&] { return model::parse_level(level_text); });
            if (level != code.level())
                throw InputError("",
                                 0,
                                 "level",
                                 "says " + model::level_name(level) + " but " + code.str() +
                                     " is a " + model::level_name(code.level()) + " code");
        }
        const std::string urban_rural = m_cols.get(r, "urban_rural_code");
        if (!urban_rural.empty() && code.level() != model::UnitLevel::village)
            throw InputError("", 0, "urban_rural_code", "only villages carry an urban-rural code");
        const auto wkb = geometry_of(r);
        std::string column;
        if (!wkb.empty()) {
            auto g = geo::from_wkb(wkb.data(), wkb.size());
            const int type = GEOSGeomTypeId_r(geo::GeosContext::this_thread().get(), g.get());
            if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON)
                column = "geom";
            else if (type == GEOS_POINT)
                column = "seat";
            else
                throw InputError(
                    "", 0, "geometry", "a unit is a polygon (its area) or a point (its seat)");
        }
        if (column == "geom")
            m_polygon_codes.insert(code.str());
        const std::string geom_sql = column == "geom"
                                         ? "CastToMultiPolygon(GeomFromWKB(?, " + srid() + "))"
                                         : "GeomFromWKB(?, " + srid() + ")";
        const std::string name = m_cols.get(r, "name");
        if (unit_exists(code.str())) {
            // A second file completes units already known: boundaries after the code list.
            std::string sql =
                "UPDATE admin_units SET name = coalesce(?, name), urban_rural_code = "
                "coalesce(?, urban_rural_code), vintage = coalesce(?, vintage), source = "
                "coalesce(?, source)";
            if (!column.empty())
                sql += ", " + column + " = " + geom_sql + ", derived = ?";
            sql += " WHERE code = ?";
            auto& st = statement(sql);
            st.bind(1, opt(name)).bind(2, opt(urban_rural)).bind(3, opt(m_cols.get(r, "vintage")));
            st.bind(4, opt(m_cols.get(r, "source")));
            int i = 5;
            if (!column.empty()) {
                st.bind_blob(i++, wkb);
                st.bind(i++, flag(m_cols, r, "derived"));
            }
            st.bind(i, code.str()).run();
            ++m_result.rows_updated;
            return;
        }
        if (name.empty())
            throw InputError("", 0, "name", "a new unit needs a name");
        const auto parent = code.parent();
        std::string sql =
            "INSERT INTO admin_units (code, name, level, parent_code, urban_rural_code, vintage, "
            "derived, synthetic, source, import_id" +
            (column.empty() ? std::string() : ", " + column) +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?" +
            (column.empty() ? std::string() : ", " + geom_sql) + ")";
        auto& st = statement(sql);
        st.bind(1, code.str()).bind(2, name).bind(3, model::level_name(code.level()));
        st.bind(4, parent ? std::optional<std::string>(parent->str()) : std::nullopt);
        st.bind(5, opt(urban_rural)).bind(6, opt(m_cols.get(r, "vintage")));
        st.bind(7, flag(m_cols, r, "derived")).bind(8, flag(m_cols, r, "synthetic"));
        st.bind(9, opt(m_cols.get(r, "source"))).bind(10, m_result.import_id);
        if (!column.empty())
            st.bind_blob(11, wkb);
        st.run();
    }

    /// Boundary files often draw one unit as several features (islands, exclaves, a district
    /// in two pieces): a further polygon of a code already drawn in this file joins its area.
    bool merge_polygon_part(const std::string& code, const io::Row& r) {
        if (r.wkb.empty() || !m_polygon_codes.count(code))
            return false;
        const auto wkb = geometry_of(r);
        auto g = geo::from_wkb(wkb.data(), wkb.size());
        const int type = GEOSGeomTypeId_r(geo::GeosContext::this_thread().get(), g.get());
        if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)
            return false;
        statement(
            "UPDATE admin_units SET geom = CastToMultiPolygon(ST_Union(geom, GeomFromWKB(?, " +
            srid() + "))) WHERE code = ?")
            .bind_blob(1, wkb)
            .bind(2, code)
            .run();
        m_warning = (m_warning.empty() ? "" : m_warning + "; ") + "a further part of unit " + code +
                    " (first at row " + std::to_string(m_seen.at(code)) + "): merged into its area";
        return true;
    }

    void population_row(const io::Row& r) {
        const auto unit = existing_unit("unit_code", m_cols.get(r, "unit_code"));
        const auto year = field("year", [&] { return model::parse_count(m_cols.get(r, "year")); });
        if (year < 1949 || year > 2100)
            throw InputError(
                "", 0, "year", "'" + m_cols.get(r, "year") + "' is not a plausible census year");
        const auto count =
            field("count", [&] { return model::parse_count(m_cols.get(r, "count")); });
        std::string kind = lower_trim(m_cols.get(r, "kind"));
        if (kind.empty() || kind == "常住" || kind == "常住人口")
            kind = "resident";
        else if (kind == "户籍" || kind == "户籍人口")
            kind = "registered";
        else if (kind != "resident" && kind != "registered")
            throw InputError(
                "", 0, "kind", "'" + kind + "' is not resident (常住) or registered (户籍)");
        check_duplicate(unit + "/" + std::to_string(year) + "/" + kind, r.number, "unit_code");
        std::string quality = lower_trim(m_cols.get(r, "quality"));
        if (quality.empty()) {
            // Sources often state their quality first: "EXACT: ...", "APPROX ...".
            const std::string src = lower_trim(m_cols.get(r, "source"));
            for (const char* q : {"exact", "approx", "unverified", "derived"})
                if (src.rfind(q, 0) == 0)
                    quality = q;
            if (quality.empty())
                quality = "exact";
        }
        if (quality != "exact" && quality != "approx" && quality != "unverified" &&
            quality != "derived")
            throw InputError(
                "", 0, "quality", "'" + quality + "' is not exact, approx, unverified or derived");
        const int derived = quality == "derived" ? 1 : flag(m_cols, r, "derived");
        statement("INSERT INTO population (unit_code, year, count, kind, quality, derived, "
                  "synthetic, source, "
                  "import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_code, year, "
                  "kind) DO UPDATE "
                  "SET count = excluded.count, quality = excluded.quality, derived = "
                  "excluded.derived, "
                  "synthetic = excluded.synthetic, source = excluded.source, import_id = "
                  "excluded.import_id")
            .bind(1, unit)
            .bind(2, static_cast<std::int64_t>(year))
            .bind(3, static_cast<std::int64_t>(count))
            .bind(4, kind)
            .bind(5, quality)
            .bind(6, derived)
            .bind(7, flag(m_cols, r, "synthetic"))
            .bind(8, opt(m_cols.get(r, "source")))
            .bind(9, m_result.import_id)
            .run();
    }

    void facility_row(const io::Row& r) {
        const std::string id = m_cols.get(r, "id");
        if (id.empty())
            throw InputError("", 0, "id", "the facility has no id");
        check_duplicate(id, r.number, "id");
        if (exists("SELECT 1 FROM facilities WHERE id = ?", id))
            throw InputError("", 0, "id", "facility '" + id + "' is already in the workspace");
        const std::string kind =
            field("kind", [&] { return model::parse_facility_kind(m_cols.get(r, "kind")); });
        std::optional<std::string> unit;
        if (const auto t = m_cols.get(r, "unit_code"); !t.empty())
            unit = existing_unit("unit_code", t);
        else if (const auto c = m_cols.get(r, "county_code"); !c.empty())
            unit = existing_unit("county_code", c);
        const std::string clinic = m_cols.get(r, "has_psych_clinic");
        std::optional<std::int64_t> has_clinic;
        if (!clinic.empty())
            has_clinic =
                field("has_psych_clinic", [&] { return model::parse_yes_no(clinic) ? 1 : 0; });
        std::string location_quality = lower_trim(m_cols.get(r, "location_quality"));
        const auto wkb = geometry_of(r);
        if (!wkb.empty() && !is_point(wkb))
            throw InputError("", 0, "geometry", "a facility is a point");
        if (wkb.empty() || location_quality == "none")
            location_quality.clear();
        if (unit)
            add_probe(*unit);
        if (!location_quality.empty() && location_quality != "surveyed" &&
            location_quality != "geocoded" && location_quality != "approx" &&
            location_quality != "derived")
            throw InputError("",
                             0,
                             "location_quality",
                             "'" + location_quality +
                                 "' is not surveyed, geocoded, approx or derived");
        auto& st = statement("INSERT INTO facilities (id, name, kind, unit_code, "
                             "beds_authorised, beds_open, psychiatrists, "
                             "prevention_staff, has_psych_clinic, status, location_quality, "
                             "derived, synthetic, source, "
                             "import_id" +
                             geometry_column("geom") +
                             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" +
                             geometry_value() + ")");
        st.bind(1, id).bind(2, field("name", [&] {
                                const auto n = m_cols.get(r, "name");
                                if (n.empty())
                                    throw InputError("the facility has no name");
                                return n;
                            }));
        st.bind(3, kind).bind(4, unit);
        st.bind(5, opt_count("beds_authorised", m_cols.get(r, "beds_authorised")));
        st.bind(6, opt_count("beds_open", m_cols.get(r, "beds_open")));
        st.bind(7, opt_count("psychiatrists", m_cols.get(r, "psychiatrists")));
        st.bind(8, opt_count("prevention_staff", m_cols.get(r, "prevention_staff")));
        st.bind(9, has_clinic);
        st.bind(10, field("status", [&] {
                    return model::parse_facility_status(m_cols.get(r, "status"));
                }));
        st.bind(11, opt(location_quality));
        st.bind(12, flag(m_cols, r, "derived")).bind(13, flag(m_cols, r, "synthetic"));
        st.bind(14, opt(m_cols.get(r, "source"))).bind(15, m_result.import_id);
        if (!wkb.empty())
            st.bind_blob(16, wkb);
        st.run();
        // The hospital a health centre refers to (access referral times); it may be listed
        // later in the file, so it is checked where it is used.
        if (const auto referral = m_cols.get(r, "referral_facility_id"); !referral.empty())
            statement("UPDATE facilities SET referral_facility_id = ? WHERE id = ?")
                .bind(1, referral)
                .bind(2, id)
                .run();
    }

    static bool is_point(const std::vector<unsigned char>& wkb) {
        auto g = geo::from_wkb(wkb.data(), wkb.size());
        return GEOSGeomTypeId_r(geo::GeosContext::this_thread().get(), g.get()) == GEOS_POINT;
    }

    /// Polygons of the finest level that has them, for placing patients.
    void load_area_index() {
        if (m_area_loaded)
            return;
        m_area_loaded = true;
        for (const char* level : {"village", "township"}) {
            auto st = m_ws.db().prepare(
                std::string("SELECT code, AsBinary(geom) FROM admin_units WHERE level = '") +
                level + "' AND geom IS NOT NULL ORDER BY code");
            while (st.step()) {
                const auto blob = st.column_blob(1);
                m_area_codes.push_back(st.column_text(0));
                m_area_index.add_wkb(
                    blob.data(), blob.size(), static_cast<std::int64_t>(m_area_codes.size() - 1));
            }
            if (m_area_index.polygon_count() > 0) {
                m_area_level = level;
                break;
            }
        }
        m_area_index.build();
    }

    void patient_row(const io::Row& r) {
        std::string key;
        if (const auto idn = m_cols.get(r, "id_number"); !idn.empty())
            key = patient_key(m_ws, field("id_number", [&] { return check_id_number(idn); }));
        else if (const auto k = m_cols.get(r, "patient_key"); !k.empty())
            key = k;
        else
            throw InputError(
                "", 0, "id_number", "the patient has neither an ID number nor a patient_key");
        // Report the duplicate by row, never by key: the key may be derived from an ID number.
        if (auto [it, fresh] = m_seen.emplace(key, r.number); !fresh)
            throw InputError("",
                             0,
                             "id_number",
                             "the same patient appears twice in the file (first at row " +
                                 std::to_string(it->second) + ")");
        if (exists("SELECT 1 FROM patients WHERE patient_key = ?", key))
            throw InputError("", 0, "id_number", "this patient is already in the workspace");

        std::optional<std::string> declared;
        if (const auto c = m_cols.get(r, "village_code"); !c.empty()) {
            const auto code = field("village_code", [&] { return model::UnitCode::parse(c); });
            if (code.level() != model::UnitLevel::village)
                throw InputError(
                    "", 0, "village_code", code.str() + " is not a village (村/居) code");
            declared = code.str();
        }
        const auto wkb = geometry_of(r);
        if (!wkb.empty() && !is_point(wkb))
            throw InputError("", 0, "geometry", "a patient's home is a point");
        std::optional<std::string> village = declared;
        std::string assigned_by = "code";
        std::optional<std::string> issue;
        if (!wkb.empty()) {
            load_area_index();
            auto p = geo::from_wkb(wkb.data(), wkb.size());
            double x = 0, y = 0;
            GEOSGeomGetX_r(geo::GeosContext::this_thread().get(), p.get(), &x);
            GEOSGeomGetY_r(geo::GeosContext::this_thread().get(), p.get(), &y);
            const auto hit =
                m_area_index.polygon_count() > 0 ? m_area_index.locate(x, y) : std::nullopt;
            if (m_area_index.polygon_count() > 0 && !hit) {
                issue = "outside_area";
                m_warning =
                    "the home point lies outside every " + m_area_level + " of the workspace";
            } else if (hit) {
                const std::string& located = m_area_codes[static_cast<std::size_t>(*hit)];
                if (m_area_level == "village") {
                    if (declared && *declared != located) {
                        issue = "code_mismatch";
                        m_warning = "the home point lies in village " + located +
                                    " but the code says " + *declared;
                    }
                    village = located;
                    assigned_by = "polygon";
                } else if (declared && declared->compare(0, 9, located, 0, 9) != 0) {
                    issue = "code_mismatch";
                    m_warning = "the home point lies in township " + located.substr(0, 9) +
                                " but the code says " + *declared;
                }
            }
        }
        if (!village)
            throw InputError(
                "",
                0,
                "village_code",
                "cannot place the patient: no village code and no village polygon holds the point");
        if (declared)
            add_probe(*declared);
        if (!unit_exists(*village))
            throw InputError(
                "", 0, "village_code", "village " + *village + " is not in the workspace");

        std::optional<std::int64_t> risk;
        if (const auto v = m_cols.get(r, "risk_level"); !v.empty())
            risk = field("risk_level", [&] { return model::parse_risk_level(v); });
        auto opt_parse = [&](const char* name, std::string (*parse)(const std::string&)) {
            const auto v = m_cols.get(r, name);
            return v.empty() ? std::nullopt
                             : std::optional<std::string>(field(name, [&] { return parse(v); }));
        };
        std::optional<std::int64_t> birth_year;
        if (const auto v = m_cols.get(r, "birth_year"); !v.empty()) {
            birth_year = field("birth_year",
                               [&] { return static_cast<std::int64_t>(model::parse_count(v)); });
            if (*birth_year < 1900 || *birth_year > 2100)
                throw InputError("", 0, "birth_year", "'" + v + "' is not a plausible year");
        }
        auto& st = statement(
            "INSERT INTO patients (patient_key, village_code, declared_code, assigned_by, "
            "location_issue, "
            "diagnosis, risk_level, stability, management_status, medication, registered_date, "
            "last_visit_date, last_exam_date, sex, birth_year, synthetic, import_id" +
            geometry_column("home") +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" + geometry_value() + ")");
        st.bind(1, key).bind(2, *village).bind(3, declared).bind(4, assigned_by).bind(5, issue);
        st.bind(6, field("diagnosis", [&] {
                    return model::parse_diagnosis(m_cols.get(r, "diagnosis"));
                }));
        st.bind(7, risk);
        st.bind(8, opt_parse("stability", model::parse_stability));
        st.bind(9, field("management_status", [&] {
                    return model::parse_management_status(m_cols.get(r, "management_status"));
                }));
        st.bind(10, opt_parse("medication", model::parse_medication));
        st.bind(11, opt_parse("registered_date", model::parse_date));
        st.bind(12, opt_parse("last_visit_date", model::parse_date));
        st.bind(13, opt_parse("last_exam_date", model::parse_date));
        st.bind(14, opt_parse("sex", model::parse_sex));
        st.bind(15, birth_year);
        const int synthetic = flag(m_cols, r, "synthetic");
        st.bind(16, synthetic).bind(17, m_result.import_id);
        if (!wkb.empty())
            st.bind_blob(18, wkb);
        st.run();
        // Identity fields go only to their own table (docs/privacy.md).
        const auto name = m_cols.get(r, "name"), address = m_cols.get(r, "address"),
                   phone = m_cols.get(r, "phone");
        const auto gname = m_cols.get(r, "guardian_name"), gphone = m_cols.get(r, "guardian_phone");
        if (!(name + address + phone + gname + gphone).empty())
            statement("INSERT INTO patient_identity (patient_key, name, address, phone, "
                      "guardian_name, "
                      "guardian_phone, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(1, key)
                .bind(2, opt(name))
                .bind(3, opt(address))
                .bind(4, opt(phone))
                .bind(5, opt(gname))
                .bind(6, opt(gphone))
                .bind(7, synthetic)
                .run();
    }

    void team_row(const io::Row& r) {
        const std::string id = m_cols.get(r, "id");
        if (id.empty())
            throw InputError("", 0, "id", "the team has no id");
        check_duplicate(id, r.number, "id");
        if (exists("SELECT 1 FROM teams WHERE id = ?", id))
            throw InputError("", 0, "id", "team '" + id + "' is already in the workspace");
        std::optional<std::string> base;
        if (const auto b = m_cols.get(r, "base_facility_id"); !b.empty()) {
            if (!exists("SELECT 1 FROM facilities WHERE id = ?", b))
                throw InputError(
                    "", 0, "base_facility_id", "facility '" + b + "' is not in the workspace");
            base = b;
        }
        std::optional<std::string> unit;
        if (const auto u = m_cols.get(r, "unit_code"); !u.empty())
            unit = existing_unit("unit_code", u);
        const std::string members =
            field("members", [&] { return members_json(m_cols.get(r, "members")); });
        const std::string shift = m_cols.get(r, "shift");
        if (!shift.empty())
            field("shift", [&] { return check_shift(shift); });
        statement("INSERT INTO teams (id, name, base_facility_id, unit_code, members, skills, "
                  "shift, workdays, "
                  "synthetic, import_id) VALUES (?, ?, ?, ?, ?, ?, coalesce(?, "
                  "'08:30-11:30,14:00-17:00'), "
                  "coalesce(?, 'mon,tue,wed,thu,fri'), ?, ?)")
            .bind(1, id)
            .bind(2,
                  field("name",
                        [&] {
                            const auto n = m_cols.get(r, "name");
                            if (n.empty())
                                throw InputError("the team has no name");
                            return n;
                        }))
            .bind(3, base)
            .bind(4, unit)
            .bind(5, members)
            .bind(6, m_cols.get(r, "skills"))
            .bind(7, opt(shift))
            .bind(8, opt(m_cols.get(r, "workdays")))
            .bind(9, flag(m_cols, r, "synthetic"))
            .bind(10, m_result.import_id)
            .run();
    }

    /// Members as JSON: accepts JSON already, or "prevention_doctor:1;village_doctor:2".
    static std::string members_json(const std::string& text) {
        if (text.empty())
            return "[]";
        if (text.front() == '[') {
            const auto j = nlohmann::json::parse(text, nullptr, false);
            if (j.is_discarded() || !j.is_array())
                throw InputError("'" + text + "' is not a JSON list of members");
            return j.dump();
        }
        nlohmann::json out = nlohmann::json::array();
        std::stringstream ss(text);
        std::string part;
        while (std::getline(ss, part, ';')) {
            part = model::trim(part);
            if (part.empty())
                continue;
            const auto colon = part.find(':');
            const std::string role = model::trim(part.substr(0, colon));
            const long long count =
                colon == std::string::npos ? 1 : model::parse_count(part.substr(colon + 1));
            out.push_back({{"role", role}, {"count", count}});
        }
        return out.dump();
    }

    /// "08:30-11:30,14:00-17:00": ordered, non-overlapping periods within a day.
    static int check_shift(const std::string& text) {
        static const std::regex period(R"(^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$)");
        std::stringstream ss(text);
        std::string part;
        int last_end = -1;
        while (std::getline(ss, part, ',')) {
            std::smatch m;
            if (!std::regex_match(part, m, period))
                throw InputError("'" + part + "' is not a period like 08:30-11:30");
            const int start = std::stoi(m[1]) * 60 + std::stoi(m[2]);
            const int end = std::stoi(m[3]) * 60 + std::stoi(m[4]);
            if (end <= start || end > 24 * 60 || start <= last_end)
                throw InputError("'" + text + "' has periods out of order or overlapping");
            last_end = end;
        }
        return last_end;
    }

    Workspace& m_ws;
    ImportKind m_kind;
    const ImportOptions& m_opt;
    const Progress& m_progress;
    io::TableReader m_reader;
    ColumnMap m_cols;
    std::vector<io::Row> m_rows;
    ImportResult m_result;
    geo::CrsSpec m_source_crs;
    std::unique_ptr<GeometryPipeline> m_geometry;
    std::string m_warning;
    std::unordered_map<std::string, std::int64_t> m_seen;
    std::set<std::string> m_polygon_codes; // units given an area by this file
    bool m_layer_has_geometry = false;     // some features have geometry: the others must too
    int m_epsg = 0; // the workspace CRS once the geometry is prepared; 0 = no geometry columns
    std::map<std::string, store::Statement> m_statements; // by SQL, see statement()
    std::optional<geo::LonLat> m_last_source_point;       // lon/lat as read, for the datum check
    struct Probe {
        geo::LonLat lonlat;
        std::string code;
        std::size_t digits; // how much of the code the point can confirm (9: township, 12: village)
    };
    std::vector<Probe> m_probes;
    bool m_area_loaded = false;
    std::string m_area_level;
    std::vector<std::string> m_area_codes;
    geo::PointLocator m_area_index; // the engine `jingwei locate` uses
};

} // namespace

ImportResult import_file(Workspace& ws,
                         ImportKind kind,
                         const ImportOptions& options,
                         const Progress& progress) {
    if (!options.within.empty() &&
        options.within.find_first_not_of("0123456789") != std::string::npos)
        throw UsageError("--within: '" + options.within + "' is not a code prefix (digits)");
    return Importer(ws, kind, options, progress).run();
}

} // namespace jw::store
