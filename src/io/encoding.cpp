#include <algorithm>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <jingwei/error.hpp>
#include <jingwei/io/table_reader.hpp>
#include <memory>

namespace jw::io {

Encoding parse_encoding(const std::string& text) {
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    if (t == "auto" || t.empty())
        return Encoding::automatic;
    if (t == "utf-8" || t == "utf8")
        return Encoding::utf8;
    if (t == "gb18030" || t == "gbk" || t == "cp936" || t == "gb2312")
        return Encoding::gb18030;
    throw UsageError("--encoding: '" + text + "' is not auto, utf-8 or gb18030 (gbk)");
}

std::string encoding_name(Encoding e) {
    switch (e) {
    case Encoding::automatic:
        return "auto";
    case Encoding::utf8:
        return "utf-8";
    case Encoding::gb18030:
        return "gb18030";
    }
    return "?";
}

bool is_valid_utf8(const std::string& s, std::size_t* bad_offset) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        bool ok = i + len <= n;
        for (std::size_t k = 1; ok && k < len; ++k) {
            ok = (p[i + k] & 0xC0) == 0x80;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        static const std::uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
        ok = ok && cp >= min_for_len[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        if (!ok) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += len;
    }
    return true;
}

namespace {
// GB18030: one byte 00–7F; two bytes 81–FE + 40–7E/80–FE; four bytes 81–FE 30–39 81–FE 30–39.
bool is_valid_gb18030(const std::string& s, std::size_t* bad_offset) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0x81 && c <= 0xFE && i + 1 < n) {
            const unsigned char d = p[i + 1];
            if ((d >= 0x40 && d <= 0x7E) || (d >= 0x80 && d <= 0xFE)) {
                i += 2;
                continue;
            }
            if (d >= 0x30 && d <= 0x39 && i + 3 < n && p[i + 2] >= 0x81 && p[i + 2] <= 0xFE &&
                p[i + 3] >= 0x30 && p[i + 3] <= 0x39) {
                i += 4;
                continue;
            }
        }
        if (bad_offset)
            *bad_offset = i;
        return false;
    }
    return true;
}

std::string recode(const std::string& bytes, const char* from, const char* to) {
    std::unique_ptr<char, decltype(&CPLFree)> out(CPLRecode(bytes.c_str(), from, to), &CPLFree);
    return out ? std::string(out.get()) : std::string();
}
} // namespace

EncodingCheck detect_encoding(const std::string& bytes) {
    EncodingCheck check;
    std::string body = bytes;
    if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        check.has_bom = true;
        body = bytes.substr(3);
    }
    std::size_t bad_utf8 = 0;
    if (is_valid_utf8(body, &bad_utf8)) {
        check.encoding = Encoding::utf8;
        return check;
    }
    std::size_t bad_gb = 0;
    const bool whole_gb = !check.has_bom && is_valid_gb18030(body, &bad_gb);
    // Line by line: rows pasted from a UTF-8 file into a GB18030 one (or the reverse) leave each
    // line valid in its own encoding. A line counts as UTF-8 only with two or more 3-byte
    // sequences, which GB text almost never forms by chance.
    std::size_t start = 0, first_utf8 = std::string::npos;
    std::int64_t line = 1, first_utf8_line = 0, utf8_lines = 0, gb_lines = 0, bad_lines = 0;
    while (start < body.size()) {
        std::size_t end = body.find('\n', start);
        if (end == std::string::npos)
            end = body.size();
        const std::string text = body.substr(start, end - start);
        if (std::any_of(text.begin(), text.end(), [](char c) { return c & 0x80; })) {
            const auto three_byte = std::count_if(text.begin(), text.end(), [](char c) {
                return (static_cast<unsigned char>(c) & 0xF0) == 0xE0;
            });
            if (is_valid_utf8(text) && three_byte >= 2) {
                if (utf8_lines++ == 0) {
                    first_utf8 = start;
                    first_utf8_line = line;
                }
            } else if (is_valid_gb18030(text, nullptr)) {
                ++gb_lines;
            } else {
                ++bad_lines;
            }
        }
        start = end + 1;
        ++line;
    }
    if (utf8_lines > 0 && gb_lines > 0 && bad_lines == 0) {
        check.is_valid = false;
        check.is_mixed = true;
        check.encoding = Encoding::gb18030;
        check.bad_offset = first_utf8 + (check.has_bom ? 3 : 0);
        check.bad_line = first_utf8_line;
        return check;
    }
    if (whole_gb) {
        check.encoding = Encoding::gb18030;
        return check;
    }
    // Neither: report the later failure point, the one that got further being the likelier
    // intended encoding, so the user is sent to the byte that is really wrong.
    check.is_valid = false;
    check.encoding = (check.has_bom || bad_utf8 >= bad_gb) ? Encoding::utf8 : Encoding::gb18030;
    check.bad_offset =
        (check.encoding == Encoding::utf8 ? bad_utf8 : bad_gb) + (check.has_bom ? 3 : 0);
    check.bad_line = 1 + std::count(bytes.begin(),
                                    bytes.begin() + static_cast<std::ptrdiff_t>(check.bad_offset),
                                    '\n');
    return check;
}

std::string to_utf8(const std::string& bytes, Encoding from) {
    if (from != Encoding::gb18030)
        return bytes;
    return recode(bytes, "GB18030", CPL_ENC_UTF8);
}

std::string from_utf8(const std::string& utf8, Encoding to) {
    if (to != Encoding::gb18030)
        return utf8;
    return recode(utf8, CPL_ENC_UTF8, "GB18030");
}

} // namespace jw::io
