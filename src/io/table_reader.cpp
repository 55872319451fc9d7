#include <algorithm>
#include <atomic>
#include <cpl_vsi.h>
#include <filesystem>
#include <fstream>
#include <gdal_priv.h>
#include <jingwei/error.hpp>
#include <jingwei/io/table_reader.hpp>
#include <mutex>
#include <ogrsf_frmts.h>
#include <optional>
#include <sstream>

namespace fs = std::filesystem;

namespace jw::io {
namespace {

void register_gdal() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

/// Keeps GDAL's messages off stderr for a scope; the caller puts them in the exception.
class QuietGdal {
  public:
    QuietGdal() {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
    }
    ~QuietGdal() { CPLPopErrorHandler(); }
    static std::string last() {
        const char* m = CPLGetLastErrorMsg();
        return m && *m ? m : "GDAL gave no reason";
    }
};

std::string lower_extension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path, 0, "", "cannot read the file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A /vsimem/ file that GDAL reads like a disk file; removed when this goes away.
class MemFile {
  public:
    MemFile(const std::string& name_hint, const std::string& bytes) {
        static std::atomic<int> counter{0};
        m_path = "/vsimem/jingwei_" + std::to_string(counter++) + "_" + name_hint;
        m_bytes = bytes;
        VSILFILE* f = VSIFileFromMemBuffer(m_path.c_str(),
                                           reinterpret_cast<GByte*>(m_bytes.data()),
                                           static_cast<vsi_l_offset>(m_bytes.size()),
                                           FALSE);
        if (f == nullptr)
            throw EnvironmentError("cannot create in-memory copy of " + name_hint);
        VSIFCloseL(f);
    }
    ~MemFile() { VSIUnlink(m_path.c_str()); }
    const std::string& path() const { return m_path; }

  private:
    std::string m_path;
    std::string m_bytes;
};

/// Sets a GDAL config option for this thread while alive (GDAL 3.6's XLSX/ODS drivers take
/// header and type choices only as config options, and read sheets lazily).
class ScopedConfig {
  public:
    ScopedConfig(const char* key, const char* value) : m_key(key) {
        if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr))
            m_old = old;
        CPLSetThreadLocalConfigOption(key, value);
    }
    ~ScopedConfig() {
        CPLSetThreadLocalConfigOption(m_key.c_str(), m_old ? m_old->c_str() : nullptr);
    }
    ScopedConfig(const ScopedConfig&) = delete;
    ScopedConfig& operator=(const ScopedConfig&) = delete;

  private:
    std::string m_key;
    std::optional<std::string> m_old;
};

} // namespace

/// Where each CSV record starts and how many fields it has. GDAL fills missing fields with
/// nulls and says nothing, so a row cut short would import with empty values: this lets the
/// importer refuse it. Blank lines are skipped, as GDAL does.
struct CsvRecord {
    std::int64_t line;
    int fields;
};

void scan_csv_records(const std::string& path,
                      const std::string& text,
                      std::vector<CsvRecord>& out) {
    const char delimiter = [&] {
        // GDAL picks the delimiter from the header line: comma, semicolon or tab.
        const std::string header = text.substr(0, text.find('\n'));
        const auto commas = std::count(header.begin(), header.end(), ',');
        const auto semicolons = std::count(header.begin(), header.end(), ';');
        const auto tabs = std::count(header.begin(), header.end(), '\t');
        if (tabs > commas && tabs > semicolons)
            return '\t';
        return semicolons > commas ? ';' : ',';
    }();
    std::int64_t line = 1, record_line = 1;
    int fields = 1;
    bool in_quotes = false, empty_record = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"')
                    ++i;
                else
                    in_quotes = false;
            } else if (c == '\n') {
                ++line;
            }
            continue;
        }
        if (c == '"') {
            in_quotes = true;
            empty_record = false;
        } else if (c == delimiter) {
            ++fields;
            empty_record = false;
        } else if (c == '\n') {
            if (!empty_record)
                out.push_back({record_line, fields});
            ++line;
            record_line = line;
            fields = 1;
            empty_record = true;
        } else if (c != '\r') {
            empty_record = false;
        }
    }
    if (in_quotes)
        throw InputError(
            path,
            record_line,
            "",
            "the file ends inside a quoted value that starts on this line: it was cut short");
    if (!empty_record)
        out.push_back({record_line, fields});
    if (!out.empty())
        out.erase(out.begin()); // the header
}

struct TableReader::Impl {
    std::vector<CsvRecord> records;                    // CSV only
    std::vector<std::unique_ptr<ScopedConfig>> config; // outlives the dataset (declared first)
    std::string path;
    std::unique_ptr<MemFile> recoded; // the UTF-8 copy GDAL reads when the input was not UTF-8
    GDALDatasetUniquePtr dataset;
    OGRLayer* layer = nullptr;
    std::vector<std::string> columns;
    Encoding encoding = Encoding::utf8;
    bool has_bom = false;
    bool recode_fields = false; // shapefile without code page: recode each string ourselves
    std::int64_t row_number = 0;

    GDALDatasetUniquePtr open(const std::string& gdal_path,
                              const std::vector<std::string>& options) {
        std::vector<const char*> opts;
        for (const auto& o : options)
            opts.push_back(o.c_str());
        opts.push_back(nullptr);
        QuietGdal quiet;
        GDALDatasetUniquePtr ds(GDALDataset::Open(
            gdal_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, opts.data(), nullptr));
        if (!ds)
            throw InputError(
                path, 0, "", "GDAL cannot read it as a vector table: " + QuietGdal::last());
        return ds;
    }
};

TableReader::TableReader(const std::string& path, const std::string& layer, Encoding encoding)
    : m_impl(std::make_unique<Impl>()) {
    register_gdal();
    auto& d = *m_impl;
    d.path = path;
    if (!fs::exists(path))
        throw InputError(path, 0, "", "no such file");
    const std::string ext = lower_extension(path);
    std::string gdal_path = path;
    std::vector<std::string> options;

    if (ext == ".csv" || ext == ".txt" || ext == ".tsv") {
        const std::string bytes = read_bytes(path);
        if (bytes.empty())
            throw InputError(path, 0, "", "the file is empty");
        auto check = detect_encoding(bytes);
        if (encoding == Encoding::automatic && check.is_mixed)
            throw InputError(
                path,
                check.bad_line,
                "",
                "this line is UTF-8 but the lines before it are GB18030 (byte offset " +
                    std::to_string(check.bad_offset) +
                    "): rows pasted from two files; save the whole file in one encoding");
        if (encoding == Encoding::automatic && !check.is_valid) {
            std::ostringstream msg;
            msg << "byte 0x" << std::hex
                << static_cast<int>(static_cast<unsigned char>(bytes[check.bad_offset])) << std::dec
                << " at offset " << check.bad_offset
                << " is valid in neither UTF-8 nor GB18030; save the file as UTF-8 or GB18030";
            throw InputError(path, check.bad_line, "", msg.str());
        }
        d.encoding = encoding == Encoding::automatic ? check.encoding : encoding;
        d.has_bom = check.has_bom;
        std::string body = check.has_bom ? bytes.substr(3) : bytes;
        if (d.encoding == Encoding::gb18030 || check.has_bom) {
            d.recoded = std::make_unique<MemFile>(fs::path(path).filename().string(),
                                                  to_utf8(body, d.encoding));
            gdal_path = d.recoded->path();
        }
        scan_csv_records(path, to_utf8(body, d.encoding), d.records);
        // Every value as text: codes keep leading zeros and 12-digit codes stay exact.
        options = {"AUTODETECT_TYPE=NO", "KEEP_GEOM_COLUMNS=YES", "EMPTY_STRING_AS_NULL=NO"};
    } else if (ext == ".xlsx" || ext == ".ods") {
        // The first row is the header, and every cell is read as text (codes keep their zeros).
        const std::string driver = ext == ".xlsx" ? "OGR_XLSX_" : "OGR_ODS_";
        d.config.push_back(std::make_unique<ScopedConfig>((driver + "HEADERS").c_str(), "FORCE"));
        d.config.push_back(
            std::make_unique<ScopedConfig>((driver + "FIELD_TYPES").c_str(), "STRING"));
    } else if (ext == ".shp" || ext == ".dbf") {
        // Without a .cpg the driver would read GBK text as Latin-1: take bytes as they are and
        // decide ourselves below.
        const bool has_cpg = fs::exists(fs::path(path).replace_extension(".cpg")) ||
                             fs::exists(fs::path(path).replace_extension(".CPG"));
        if (encoding != Encoding::automatic)
            options = {std::string("ENCODING=") +
                       (encoding == Encoding::gb18030 ? "GB18030" : "UTF-8")};
        else if (!has_cpg) {
            options = {"ENCODING="};
            d.recode_fields = true;
        }
    }
    d.dataset = d.open(gdal_path, options);
    if (d.dataset->GetLayerCount() == 0)
        throw InputError(path, 0, "", "the file holds no table or layer");
    if (!layer.empty()) {
        d.layer = d.dataset->GetLayerByName(layer.c_str());
        if (d.layer == nullptr) {
            std::string names;
            for (const auto& n : layer_names())
                names += (names.empty() ? "" : ", ") + n;
            throw InputError(path, 0, "", "no layer or sheet '" + layer + "'; it has: " + names);
        }
    } else {
        if (d.dataset->GetLayerCount() > 1 && (ext == ".xlsx" || ext == ".ods" || ext == ".gpkg")) {
            std::string names;
            for (const auto& n : layer_names())
                names += (names.empty() ? "" : ", ") + n;
            throw InputError(path,
                             0,
                             "",
                             "it holds several sheets or layers (" + names +
                                 "): choose one with --layer");
        }
        d.layer = d.dataset->GetLayer(0);
    }
    OGRFeatureDefn* defn = d.layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        d.columns.emplace_back(defn->GetFieldDefn(i)->GetNameRef());

    if (d.recode_fields) {
        // Shapefile without code page: valid UTF-8 everywhere means UTF-8, else GB18030.
        std::string sample;
        d.layer->ResetReading();
        for (auto& f : *d.layer)
            for (int i = 0; i < defn->GetFieldCount(); ++i)
                if (defn->GetFieldDefn(i)->GetType() == OFTString && f->IsFieldSetAndNotNull(i))
                    sample += std::string(f->GetFieldAsString(i)) + "\n";
        d.layer->ResetReading();
        auto check = detect_encoding(sample);
        d.encoding = check.is_valid ? check.encoding : Encoding::gb18030;
        d.recode_fields = d.encoding == Encoding::gb18030;
        if (d.recode_fields)
            for (auto& c : d.columns)
                c = to_utf8(c, Encoding::gb18030);
    }
    d.layer->ResetReading();
}

TableReader::~TableReader() = default;

const std::string& TableReader::path() const {
    return m_impl->path;
}
const std::vector<std::string>& TableReader::columns() const {
    return m_impl->columns;
}
Encoding TableReader::encoding() const {
    return m_impl->encoding;
}
bool TableReader::has_bom() const {
    return m_impl->has_bom;
}
std::string TableReader::layer_name() const {
    return m_impl->layer->GetName();
}
std::string TableReader::driver() const {
    return m_impl->dataset->GetDriverName();
}

std::vector<std::string> TableReader::layer_names() const {
    std::vector<std::string> names;
    for (int i = 0; i < m_impl->dataset->GetLayerCount(); ++i)
        names.emplace_back(m_impl->dataset->GetLayer(i)->GetName());
    return names;
}

std::optional<std::string> TableReader::crs() const {
    const OGRSpatialReference* srs = m_impl->layer->GetSpatialRef();
    if (srs == nullptr)
        return std::nullopt;
    OGRSpatialReference copy(*srs);
    if (copy.GetAuthorityName(nullptr) == nullptr)
        copy.AutoIdentifyEPSG();
    const char* auth = copy.GetAuthorityName(nullptr);
    const char* code = copy.GetAuthorityCode(nullptr);
    if (auth && code && std::string(auth) == "EPSG")
        return "EPSG:" + std::string(code);
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    if (copy.exportToWkt(&wkt, options) != OGRERR_NONE) {
        CPLFree(wkt);
        return std::nullopt;
    }
    std::string out = wkt;
    CPLFree(wkt);
    return out;
}

std::int64_t TableReader::feature_count() const {
    return m_impl->layer->GetFeatureCount(FALSE);
}

bool TableReader::next(Row& row) {
    auto& d = *m_impl;
    QuietGdal quiet;
    OGRFeatureUniquePtr f(d.layer->GetNextFeature());
    if (!f) {
        if (CPLGetLastErrorType() >= CE_Failure)
            throw InputError(d.path, d.row_number + 1, "", "unreadable: " + QuietGdal::last());
        return false;
    }
    row.number = ++d.row_number;
    const auto index = static_cast<std::size_t>(row.number - 1);
    row.line = index < d.records.size() ? d.records[index].line : 0;
    row.field_count = index < d.records.size() ? d.records[index].fields : -1;
    row.values.assign(d.columns.size(), std::string());
    for (int i = 0; i < static_cast<int>(d.columns.size()); ++i)
        if (f->IsFieldSetAndNotNull(i)) {
            row.values[i] = f->GetFieldAsString(i);
            if (d.recode_fields)
                row.values[i] = to_utf8(row.values[i], Encoding::gb18030);
        }
    row.wkb.clear();
    row.has_empty_geometry = false;
    if (const OGRGeometry* g = f->GetGeometryRef(); g != nullptr && !g->IsEmpty()) {
        std::unique_ptr<OGRGeometry> flat(g->clone());
        flat->flattenTo2D();
        row.wkb.resize(flat->WkbSize());
        flat->exportToWkb(wkbNDR, row.wkb.data(), wkbVariantIso);
    } else if (d.layer->GetGeomType() != wkbNone) {
        // A layer of geometries with a feature that has none: GDAL turns empty coordinate
        // lists into null, so both are one case here.
        row.has_empty_geometry = true;
    }
    return true;
}

} // namespace jw::io
