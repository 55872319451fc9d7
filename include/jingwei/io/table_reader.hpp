#pragma once
/// Reads any GDAL vector source (GeoJSON, GeoPackage, Shapefile, KML, CSV, XLSX, ...) as rows of
/// UTF-8 strings plus an optional geometry, whatever the file's text encoding.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace jw::io {

/// Text encodings Jingwei recognises. `auto` detects: a UTF-8 BOM, valid UTF-8, else GB18030
/// (a superset of GBK and GB2312, what Chinese Excel and ArcGIS write).
enum class Encoding { automatic, utf8, gb18030 };
Encoding parse_encoding(const std::string& text); ///< "auto", "utf-8", "gb18030"/"gbk"/"cp936"
std::string encoding_name(Encoding e);

/// Result of checking bytes: which encoding they are, or where they stop being valid.
struct EncodingCheck {
    Encoding encoding = Encoding::utf8;
    bool has_bom = false;
    bool is_valid = true;
    bool is_mixed = false;      ///< some lines UTF-8, others GB18030: the file was pasted together
    std::size_t bad_offset = 0; ///< byte offset of the first byte valid in neither encoding
                                ///< (mixed: the first byte of the first line in the minority one)
    std::int64_t bad_line = 0;  ///< 1-based line of that byte
};
EncodingCheck detect_encoding(const std::string& bytes);
bool is_valid_utf8(const std::string& bytes, std::size_t* bad_offset = nullptr);
/// Converts between UTF-8 and GB18030 (iconv through GDAL's CPLRecode).
std::string to_utf8(const std::string& bytes, Encoding from);
std::string from_utf8(const std::string& utf8, Encoding to);

struct Row {
    std::int64_t number = 0;         ///< 1-based data row (CSV: header excluded) / feature
    std::int64_t line = 0;           ///< CSV: 1-based line where the row starts; else 0
    int field_count = -1;            ///< CSV: fields actually in the row; -1 when unknown
    std::vector<std::string> values; ///< UTF-8, one per column(), "" for null
    std::vector<unsigned char> wkb;  ///< ISO WKB in the layer's CRS; empty: no geometry
    bool has_empty_geometry = false; ///< a spatial layer's feature without coordinates
};

class TableReader {
  public:
    /// Throws jw::InputError (file, reason) when GDAL cannot open the file or the layer,
    /// or when the bytes are in no supported encoding (naming line and byte offset).
    TableReader(const std::string& path,
                const std::string& layer = "",
                Encoding encoding = Encoding::automatic);
    ~TableReader();
    TableReader(const TableReader&) = delete;
    TableReader& operator=(const TableReader&) = delete;

    const std::string& path() const;
    const std::vector<std::string>& columns() const;
    std::vector<std::string> layer_names() const;
    std::string layer_name() const;
    std::string driver() const; ///< GDAL driver short name, e.g. "CSV", "GeoJSON"
    Encoding encoding() const;  ///< what the text was (before conversion to UTF-8)
    bool has_bom() const;
    /// The layer's CRS as "EPSG:n" or WKT, nullopt when the file declares none (CSV).
    std::optional<std::string> crs() const;
    std::int64_t feature_count() const; ///< -1 when unknown
    /// Next row; false at the end. Throws jw::InputError for an unreadable feature.
    bool next(Row& row);

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace jw::io
