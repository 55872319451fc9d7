#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include "tokens.hpp"

#include <jingwei/error.hpp>
#include <jingwei/io/tsplib.hpp>
#include <jingwei/model/values.hpp>
#include <map>
#include <sstream>

namespace jw::io {
namespace {

using detail::parse_number;
using detail::split;
using detail::upper;
using model::trim;

// Above this many nodes the n² matrix (8 bytes a cell) would cost more than ~70 MB; distances are
// then computed from coordinates on each lookup.
constexpr std::size_t max_dense_nodes = 3000;

// TSPLIB95 distance rules; the floating-point steps follow the TSPLIB documentation exactly so
// that lengths match every other TSPLIB tool.
double nint(double x) {
    return static_cast<double>(static_cast<long long>(x + 0.5));
}

double euc_2d(const std::array<double, 2>& a, const std::array<double, 2>& b) {
    const double dx = a[0] - b[0];
    const double dy = a[1] - b[1];
    return nint(std::sqrt(dx * dx + dy * dy));
}

double ceil_2d(const std::array<double, 2>& a, const std::array<double, 2>& b) {
    const double dx = a[0] - b[0];
    const double dy = a[1] - b[1];
    return std::ceil(std::sqrt(dx * dx + dy * dy));
}

double att(const std::array<double, 2>& a, const std::array<double, 2>& b) {
    const double dx = a[0] - b[0];
    const double dy = a[1] - b[1];
    const double r = std::sqrt((dx * dx + dy * dy) / 10.0);
    const double t = nint(r);
    return t < r ? t + 1.0 : t;
}

double geo_radians(double x) {
    constexpr double pi = 3.141592; // TSPLIB's own value, not M_PI
    const double degrees = static_cast<double>(static_cast<long long>(x)); // toward zero
    const double minutes = x - degrees;
    return pi * (degrees + 5.0 * minutes / 3.0) / 180.0;
}

double geo(const std::array<double, 2>& a, const std::array<double, 2>& b) {
    constexpr double earth_radius_km = 6378.388;
    const double lat_a = geo_radians(a[0]);
    const double lon_a = geo_radians(a[1]);
    const double lat_b = geo_radians(b[0]);
    const double lon_b = geo_radians(b[1]);
    const double q1 = std::cos(lon_a - lon_b);
    const double q2 = std::cos(lat_a - lat_b);
    const double q3 = std::cos(lat_a + lat_b);
    return static_cast<double>(static_cast<long long>(
        earth_radius_km * std::acos(0.5 * ((1.0 + q1) * q2 - (1.0 - q1) * q3)) + 1.0));
}

using CoordinateRule = double (*)(const std::array<double, 2>&, const std::array<double, 2>&);

const std::map<std::string, CoordinateRule>& coordinate_rules() {
    static const std::map<std::string, CoordinateRule> rules = {
        {"EUC_2D", &euc_2d}, {"CEIL_2D", &ceil_2d}, {"ATT", &att}, {"GEO", &geo}};
    return rules;
}

// Which (row, column) cells an EXPLICIT format lists, in order. *_COL formats of a symmetric
// matrix read like the mirrored *_ROW format.
enum class Triangle { full, upper, upper_diag, lower, lower_diag };

bool triangle_of(const std::string& format, Triangle& out) {
    static const std::map<std::string, Triangle> formats = {
        {"FULL_MATRIX", Triangle::full},
        {"UPPER_ROW", Triangle::upper},
        {"LOWER_COL", Triangle::upper},
        {"UPPER_DIAG_ROW", Triangle::upper_diag},
        {"LOWER_DIAG_COL", Triangle::upper_diag},
        {"LOWER_ROW", Triangle::lower},
        {"UPPER_COL", Triangle::lower},
        {"LOWER_DIAG_ROW", Triangle::lower_diag},
        {"UPPER_DIAG_COL", Triangle::lower_diag},
    };
    const auto it = formats.find(format);
    if (it == formats.end())
        return false;
    out = it->second;
    return true;
}

std::size_t weight_count(Triangle t, std::size_t n) {
    switch (t) {
    case Triangle::full:
        return n * n;
    case Triangle::upper:
    case Triangle::lower:
        return n * (n - 1) / 2;
    case Triangle::upper_diag:
    case Triangle::lower_diag:
        return n * (n + 1) / 2;
    }
    return 0;
}

std::vector<double> expand(Triangle t, std::size_t n, const std::vector<double>& w) {
    std::vector<double> m(n * n, 0.0);
    std::size_t k = 0;
    for (std::size_t a = 0; a < n; ++a) {
        std::size_t from = 0;
        std::size_t to = n; // exclusive
        switch (t) {
        case Triangle::full:
            break;
        case Triangle::upper:
            from = a + 1;
            break;
        case Triangle::upper_diag:
            from = a;
            break;
        case Triangle::lower:
            to = a;
            break;
        case Triangle::lower_diag:
            to = a + 1;
            break;
        }
        for (std::size_t b = from; b < to; ++b) {
            m[a * n + b] = w[k];
            if (t != Triangle::full)
                m[b * n + a] = w[k];
            ++k;
        }
    }
    return m;
}

bool is_keyword_line(const std::string& line) {
    return !line.empty() && std::isalpha(static_cast<unsigned char>(line[0]));
}

class Parser {
  public:
    Parser(std::istream& in, std::string file) : m_file(std::move(file)) {
        std::string line;
        while (std::getline(in, line))
            m_lines.push_back(trim(line));
    }

    TsplibInstance parse() {
        TsplibInstance out;
        std::string type;
        bool has_coordinates = false;
        std::vector<double> weights;
        std::size_t weights_line = 0;
        while (m_next < m_lines.size()) {
            const std::size_t line_no = m_next + 1;
            const std::string line = m_lines[m_next++];
            if (line.empty())
                continue;
            const auto colon = line.find(':');
            const std::string key = upper(trim(line.substr(0, colon)));
            const std::string value =
                colon == std::string::npos ? "" : trim(line.substr(colon + 1));
            if (key == "EOF")
                break;
            if (key == "NAME") {
                out.name = split(value).empty() ? "" : split(value)[0];
            } else if (key == "TYPE") {
                type = upper(value);
                if (type != "TSP")
                    fail(line_no, "TYPE", "'" + value + "' is not supported (only symmetric TSP)");
            } else if (key == "COMMENT" || key == "NODE_COORD_TYPE" || key == "DISPLAY_DATA_TYPE" ||
                       key == "EDGE_DATA_FORMAT") {
                // informative only
            } else if (key == "DIMENSION") {
                double d = 0;
                if (!parse_number(value, d) || d < 1 || d != std::floor(d))
                    fail(line_no, "DIMENSION", "'" + value + "' is not a positive integer");
                out.dimension = static_cast<std::size_t>(d);
            } else if (key == "EDGE_WEIGHT_TYPE") {
                out.edge_weight_type = upper(value);
                if (out.edge_weight_type != "EXPLICIT" &&
                    coordinate_rules().count(out.edge_weight_type) == 0)
                    fail(line_no, "EDGE_WEIGHT_TYPE", "'" + value + "' is not supported");
            } else if (key == "EDGE_WEIGHT_FORMAT") {
                out.edge_weight_format = upper(value);
                Triangle t;
                if (out.edge_weight_format != "FUNCTION" && !triangle_of(out.edge_weight_format, t))
                    fail(line_no, "EDGE_WEIGHT_FORMAT", "'" + value + "' is not supported");
            } else if (key == "NODE_COORD_SECTION") {
                need_dimension(out, line_no, key);
                out.coordinates = read_nodes(out.dimension, key, line_no);
                has_coordinates = true;
            } else if (key == "DISPLAY_DATA_SECTION") {
                need_dimension(out, line_no, key);
                read_nodes(out.dimension, key, line_no); // drawing positions: not distances
            } else if (key == "EDGE_WEIGHT_SECTION") {
                need_dimension(out, line_no, key);
                Triangle t;
                if (!triangle_of(out.edge_weight_format, t))
                    fail(line_no, key, "EDGE_WEIGHT_FORMAT must come first and be a matrix format");
                weights = read_weights(weight_count(t, out.dimension), line_no);
                weights_line = line_no;
            } else if (key == "FIXED_EDGES_SECTION") {
                skip_until_minus_one();
            } else {
                fail(line_no, "", "unexpected line '" + line.substr(0, 40) + "'");
            }
        }
        if (type.empty())
            fail(0, "TYPE", "missing");
        if (out.dimension == 0)
            fail(0, "DIMENSION", "missing");
        if (out.edge_weight_type.empty())
            fail(0, "EDGE_WEIGHT_TYPE", "missing");
        const std::size_t n = out.dimension;
        if (out.edge_weight_type == "EXPLICIT") {
            Triangle t;
            if (weights.empty() || !triangle_of(out.edge_weight_format, t))
                fail(weights_line, "EDGE_WEIGHT_SECTION", "missing");
            out.distance = routing::Matrix(n, expand(t, n, weights));
            out.coordinates.clear();
            return out;
        }
        if (!has_coordinates)
            fail(0, "NODE_COORD_SECTION", "missing");
        const CoordinateRule rule = coordinate_rules().at(out.edge_weight_type);
        if (n <= max_dense_nodes) {
            std::vector<double> m(n * n, 0.0);
            for (std::size_t a = 0; a < n; ++a)
                for (std::size_t b = a + 1; b < n; ++b)
                    m[a * n + b] = m[b * n + a] = rule(out.coordinates[a], out.coordinates[b]);
            out.distance = routing::Matrix(n, std::move(m));
        } else {
            out.distance =
                routing::Matrix(n, [coords = out.coordinates, rule](std::size_t a, std::size_t b) {
                    return a == b ? 0.0 : rule(coords[a], coords[b]);
                });
        }
        return out;
    }

  private:
    [[noreturn]] void fail(std::size_t line, const std::string& field, const std::string& reason) {
        throw InputError(m_file, static_cast<std::int64_t>(line), field, reason);
    }

    void need_dimension(const TsplibInstance& out, std::size_t line, const std::string& key) {
        if (out.dimension == 0)
            fail(line, key, "DIMENSION must come before the section");
    }

    std::vector<std::array<double, 2>>
    read_nodes(std::size_t n, const std::string& section, std::size_t section_line) {
        std::vector<std::array<double, 2>> coords(n);
        std::vector<char> seen(n, 0);
        std::size_t count = 0;
        while (count < n) {
            if (m_next >= m_lines.size() || is_keyword_line(m_lines[m_next]))
                fail(m_next >= m_lines.size() ? m_lines.size() : m_next + 1,
                     section,
                     "truncated: expected " + std::to_string(n) + " nodes after line " +
                         std::to_string(section_line) + ", found " + std::to_string(count));
            const std::size_t line_no = m_next + 1;
            const std::string& line = m_lines[m_next++];
            if (line.empty())
                continue;
            const auto tokens = split(line);
            double id = 0;
            double x = 0;
            double y = 0;
            if (tokens.size() < 3 || !parse_number(tokens[0], id) || !parse_number(tokens[1], x) ||
                !parse_number(tokens[2], y))
                fail(line_no, section, "expected 'id x y', got '" + line.substr(0, 40) + "'");
            if (id < 1 || id > static_cast<double>(n) || id != std::floor(id))
                fail(line_no,
                     section,
                     "node id " + tokens[0] + " is not in 1.." + std::to_string(n));
            const auto index = static_cast<std::size_t>(id) - 1;
            if (seen[index])
                fail(line_no, section, "node " + tokens[0] + " listed twice");
            seen[index] = 1;
            coords[index] = {x, y};
            ++count;
        }
        return coords;
    }

    std::vector<double> read_weights(std::size_t count, std::size_t section_line) {
        std::vector<double> w;
        w.reserve(count);
        while (w.size() < count) {
            if (m_next >= m_lines.size() || is_keyword_line(m_lines[m_next]))
                fail(m_next >= m_lines.size() ? m_lines.size() : m_next + 1,
                     "EDGE_WEIGHT_SECTION",
                     "truncated: expected " + std::to_string(count) + " weights after line " +
                         std::to_string(section_line) + ", found " + std::to_string(w.size()));
            const std::size_t line_no = m_next + 1;
            for (const auto& token : split(m_lines[m_next++])) {
                double v = 0;
                if (!parse_number(token, v))
                    fail(line_no, "EDGE_WEIGHT_SECTION", "'" + token + "' is not a number");
                if (w.size() == count)
                    fail(line_no, "EDGE_WEIGHT_SECTION", "more weights than the format holds");
                w.push_back(v);
            }
        }
        return w;
    }

    void skip_until_minus_one() {
        while (m_next < m_lines.size()) {
            if (trim(m_lines[m_next++]) == "-1")
                return;
        }
    }

    std::string m_file;
    std::vector<std::string> m_lines;
    std::size_t m_next = 0;
};

} // namespace

TsplibInstance read_tsplib(std::istream& in, const std::string& file_label) {
    return Parser(in, file_label).parse();
}

TsplibInstance read_tsplib(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in)
        throw InputError(file.string(), 0, "", "cannot open the file");
    auto out = read_tsplib(in, file.string());
    if (out.name.empty())
        out.name = file.stem().string();
    return out;
}

} // namespace jw::io
