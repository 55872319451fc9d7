// `jingwei locate` as a library call: read points (a fast path for plain `id,x,y` CSV, GDAL for
// everything else) and polygons, locate, write CSV in input order. The CSV fast path exists
// because GDAL's CSV driver spends several seconds per million rows (bench/locate/README.md).

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <fstream>
#include <future>
#include <jingwei/error.hpp>
#include <jingwei/geo/crs.hpp>
#include <jingwei/geo/geos.hpp>
#include <jingwei/geo/locate.hpp>
#include <jingwei/io/locate.hpp>
#include <jingwei/io/table_reader.hpp>
#include <jingwei/parallel.hpp>
#include <memory>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace jw::io {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

/// Columns of a point table, by the names the contract allows.
struct PointColumns {
    int id = -1, x = -1, y = -1;
};
PointColumns find_point_columns(const std::vector<std::string>& names) {
    PointColumns c;
    for (int i = 0; i < static_cast<int>(names.size()); ++i) {
        const std::string name = lower(trim(names[static_cast<std::size_t>(i)]));
        if (name == "id" && c.id < 0)
            c.id = i;
        else if ((name == "x" || name == "lon" || name == "lng" || name == "longitude") && c.x < 0)
            c.x = i;
        else if ((name == "y" || name == "lat" || name == "latitude") && c.y < 0)
            c.y = i;
    }
    return c;
}

/// A coordinate: empty is NaN (no point), anything but a number is an error.
double parse_coordinate(std::string_view text) {
    text = trim(text);
    if (text.empty())
        return std::nan("");
    if (text.front() == '+')
        text.remove_prefix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        throw InputError("'" + std::string(text) + "' is not a number");
    return value;
}

/// A read-only memory map of a whole file: the fast path parses the page cache in place, with
/// no copy and no fresh pages to zero.
class MappedFile {
  public:
    explicit MappedFile(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            throw InputError(
                path, 0, "", std::string("cannot open the file: ") + std::strerror(errno));
        struct stat info {};
        if (::fstat(fd, &info) != 0) {
            ::close(fd);
            throw InputError(
                path, 0, "", std::string("cannot read the file: ") + std::strerror(errno));
        }
        m_size = static_cast<std::size_t>(info.st_size);
        if (m_size > 0) {
            void* data = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
            ::close(fd);
            if (data == MAP_FAILED)
                throw EnvironmentError(path + ": cannot map the file: " + std::strerror(errno));
            m_data = static_cast<const char*>(data);
        } else {
            ::close(fd);
        }
    }
    ~MappedFile() {
        if (m_data)
            ::munmap(const_cast<char*>(m_data), m_size);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    std::string_view text() const { return {m_data ? m_data : "", m_size}; }

  private:
    const char* m_data = nullptr;
    std::size_t m_size = 0;
};

bool ends_with_csv(const std::string& path) {
    return path.size() >= 4 && lower(path.substr(path.size() - 4)) == ".csv";
}

/// Calls f(line) for every non-blank line of text (CR stripped).
template <typename F> void for_each_line(std::string_view text, F&& f) {
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t newline = text.find('\n', at);
        const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
        std::string_view line = text.substr(at, end - at);
        at = end + 1;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (!line.empty()) // blank lines, as GDAL skips them
            f(line);
    }
}

/// The `id,x,y` fast path; nullopt when the file needs GDAL (quotes, not UTF-8, no such columns).
/// Two passes over parts cut at line starts: count the rows (and check the bytes), then parse
/// each part straight into its slice of the table.
std::optional<PointTable> read_plain_csv(const std::string& path, unsigned threads) {
    auto file = std::make_shared<MappedFile>(path);
    const std::string_view bytes = file->text();
    std::size_t header_begin = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    std::size_t header_end = bytes.find('\n', header_begin);
    if (header_end == std::string_view::npos)
        header_end = bytes.size();
    std::vector<std::string> names;
    {
        const std::string_view header = bytes.substr(header_begin, header_end - header_begin);
        std::size_t start = 0;
        while (true) {
            const std::size_t comma = header.find(',', start);
            names.emplace_back(trim(header.substr(start, comma - start)));
            if (comma == std::string_view::npos)
                break;
            start = comma + 1;
        }
    }
    if (bytes.substr(0, header_end).find('"') != std::string_view::npos)
        return std::nullopt; // quoted names: GDAL's job
    const PointColumns columns = find_point_columns(names);
    if (columns.id < 0 || columns.x < 0 || columns.y < 0)
        return std::nullopt; // GDAL reports the missing column with the same words
    const int last_column = std::max({columns.id, columns.x, columns.y});

    const std::size_t body_begin = std::min(bytes.size(), header_end + 1);
    threads = thread_count(threads);
    std::vector<std::size_t> cut{body_begin};
    for (unsigned t = 1; t < threads; ++t) {
        std::size_t at = body_begin + (bytes.size() - body_begin) * t / threads;
        at = std::max(at, cut.back());
        const std::size_t newline = bytes.find('\n', at);
        cut.push_back(newline == std::string_view::npos ? bytes.size() : newline + 1);
    }
    cut.push_back(bytes.size());
    const auto part_text = [&](std::size_t t) { return bytes.substr(cut[t], cut[t + 1] - cut[t]); };

    // Pass 1: rows per part; quotes and invalid UTF-8 send the file to GDAL. Parts end at line
    // ends, so no UTF-8 sequence is split.
    std::vector<std::size_t> rows(threads + 1, 0);
    std::vector<char> needs_gdal(threads, 0);
    parallel_ranges(threads, threads, [&](unsigned, std::size_t t_begin, std::size_t t_end) {
        for (std::size_t t = t_begin; t < t_end; ++t) {
            const std::string_view text = part_text(t);
            if (text.find('"') != std::string_view::npos) {
                needs_gdal[t] = 1;
                continue;
            }
            const bool is_ascii = std::all_of(text.begin(), text.end(), [](char c) {
                return static_cast<unsigned char>(c) < 0x80;
            });
            if (!is_ascii && !is_valid_utf8(std::string(text))) {
                needs_gdal[t] = 1;
                continue;
            }
            std::size_t count = 0;
            for_each_line(text, [&](std::string_view) { ++count; });
            rows[t + 1] = count;
        }
    });
    if (std::any_of(needs_gdal.begin(), needs_gdal.end(), [](char c) { return c != 0; }))
        return std::nullopt;
    for (unsigned t = 0; t < threads; ++t)
        rows[t + 1] += rows[t];

    PointTable table;
    table.ids.resize(rows[threads]);
    table.xs.resize(rows[threads]);
    table.ys.resize(rows[threads]);
    // Pass 2: parse. A bad coordinate stops its part; the earliest part's error is reported.
    parallel_ranges(threads, threads, [&](unsigned, std::size_t t_begin, std::size_t t_end) {
        for (std::size_t t = t_begin; t < t_end; ++t) {
            std::size_t row = rows[t];
            std::string_view fields[3];
            for_each_line(part_text(t), [&](std::string_view line) {
                int column = 0;
                std::size_t start = 0;
                while (column <= last_column) {
                    const std::size_t comma = line.find(',', start);
                    const std::string_view field = line.substr(start, comma - start);
                    if (column == columns.id)
                        fields[0] = field;
                    else if (column == columns.x)
                        fields[1] = field;
                    else if (column == columns.y)
                        fields[2] = field;
                    ++column;
                    if (comma == std::string_view::npos)
                        break;
                    start = comma + 1;
                }
                table.ids[row] = column > columns.id ? trim(fields[0]) : std::string_view();
                int which = columns.x;
                try {
                    table.xs[row] = column > columns.x ? parse_coordinate(fields[1]) : std::nan("");
                    which = columns.y;
                    table.ys[row] = column > columns.y ? parse_coordinate(fields[2]) : std::nan("");
                } catch (const InputError& e) {
                    throw InputError(path,
                                     static_cast<std::int64_t>(row + 1),
                                     names[static_cast<std::size_t>(which)],
                                     e.reason);
                }
                ++row;
            });
        }
    });
    table.storage = std::move(file);
    table.is_fast_csv = true;
    return table;
}

/// Any OGR layer, and CSV the fast path declined.
PointTable read_points_gdal(const std::string& path, const std::string& layer) {
    TableReader reader(path, layer);
    PointTable table;
    table.crs = reader.crs();
    const PointColumns columns = find_point_columns(reader.columns());
    auto storage = std::make_shared<std::string>();
    std::vector<std::size_t> id_end;
    GEOSContextHandle_t ctx = geo::GeosContext::this_thread().get();
    Row row;
    while (reader.next(row)) {
        const std::string id = columns.id >= 0 ? row.values[static_cast<std::size_t>(columns.id)]
                                               : std::to_string(row.number);
        *storage += trim(id);
        id_end.push_back(storage->size());
        double x = std::nan(""), y = std::nan("");
        if (!row.wkb.empty()) {
            try {
                const geo::GeomPtr g = geo::from_wkb(row.wkb.data(), row.wkb.size());
                if (GEOSGeomTypeId_r(ctx, g.get()) != GEOS_POINT)
                    throw InputError("a point layer was expected, this geometry is not a point");
                if (GEOSisEmpty_r(ctx, g.get()) != 1) {
                    GEOSGeomGetX_r(ctx, g.get(), &x);
                    GEOSGeomGetY_r(ctx, g.get(), &y);
                }
            } catch (const InputError& e) {
                throw InputError(path, row.number, "geometry", e.reason);
            }
        } else if (columns.x >= 0 && columns.y >= 0) {
            for (const int column : {columns.x, columns.y}) {
                try {
                    (column == columns.x ? x : y) =
                        parse_coordinate(row.values[static_cast<std::size_t>(column)]);
                } catch (const InputError& e) {
                    throw InputError(path,
                                     row.number,
                                     reader.columns()[static_cast<std::size_t>(column)],
                                     e.reason);
                }
            }
        } else {
            throw InputError(path,
                             0,
                             columns.x < 0 ? "x" : "y",
                             "the points have neither a geometry nor columns id, x, y");
        }
        table.xs.push_back(x);
        table.ys.push_back(y);
    }
    std::size_t begin = 0;
    table.ids.reserve(id_end.size());
    for (const std::size_t end : id_end) {
        table.ids.emplace_back(storage->data() + begin, end - begin);
        begin = end;
    }
    table.storage = std::move(storage);
    return table;
}

/// Closes the output unless it is standard output.
struct OutputFile {
    explicit OutputFile(const std::string& path) : m_path(path) {
        m_file = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
        if (!m_file)
            throw EnvironmentError(path +
                                   ": cannot create the output file: " + std::strerror(errno));
    }
    ~OutputFile() {
        if (m_file && m_file != stdout)
            std::fclose(m_file);
    }
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    void write(const std::string& bytes) {
        if (std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size())
            throw EnvironmentError(m_path + ": cannot write: " + std::strerror(errno));
    }
    void close() {
        const bool failed =
            std::fflush(m_file) != 0 || (m_file != stdout && std::fclose(m_file) != 0);
        if (m_file != stdout)
            m_file = nullptr;
        if (failed)
            throw EnvironmentError(m_path + ": cannot write: " + std::strerror(errno));
    }

  private:
    std::string m_path;
    std::FILE* m_file;
};

void check_progress(const Progress& progress, double fraction, std::string_view stage) {
    if (!progress(fraction, stage))
        throw Error("cancelled");
}

} // namespace

void append_csv_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

PointTable read_points(const std::string& path, const std::string& layer, unsigned threads) {
    if (layer.empty() && ends_with_csv(path))
        if (auto table = read_plain_csv(path, threads))
            return std::move(*table);
    return read_points_gdal(path, layer);
}

LocateSummary locate_points(const LocateOptions& options, const Progress& progress) {
    LocateSummary summary;
    const unsigned threads = thread_count(options.threads);

    check_progress(progress, 0.0, "reading polygons");
    // Points are read while GDAL reads the polygons on one core: the two reads overlap.
    std::future<PointTable> points_read = std::async(std::launch::async, [&] {
        const auto points_start = Clock::now();
        PointTable table = read_points(options.points_path, options.points_layer, threads);
        summary.read_points_s = seconds_since(points_start);
        return table;
    });
    auto start = Clock::now();
    TableReader polygon_reader(options.polygons_path, options.polygons_layer);
    const auto& names = polygon_reader.columns();
    auto key_column = std::find(names.begin(), names.end(), options.key_field);
    if (key_column == names.end())
        key_column = std::find_if(names.begin(), names.end(), [&](const std::string& n) {
            return lower(n) == lower(options.key_field);
        });
    if (key_column == names.end()) {
        std::string known;
        for (const auto& n : names)
            known += (known.empty() ? "" : ", ") + n;
        throw UsageError("--key: " + options.polygons_path + " has no field '" + options.key_field +
                         "' (fields: " + known + ")");
    }
    const auto key_index = static_cast<std::size_t>(key_column - names.begin());
    geo::PointLocator locator(geo::PointLocator::Options{options.cells_per_edge, threads});
    std::vector<std::string> keys;
    Row row;
    while (polygon_reader.next(row)) {
        if (row.wkb.empty())
            continue; // no geometry: holds no point
        try {
            // The item is the polygon's rank in the file, so the first polygon wins ties.
            locator.add_wkb(row.wkb.data(), row.wkb.size(), static_cast<std::int64_t>(keys.size()));
        } catch (const InputError& e) {
            throw InputError(options.polygons_path, row.number, "geometry", e.reason);
        }
        keys.push_back(std::move(row.values[key_index]));
    }
    locator.build();
    summary.polygons = static_cast<std::int64_t>(locator.polygon_count());
    summary.read_polygons_s = seconds_since(start);

    check_progress(progress, 0.3, "reading points");
    PointTable points = points_read.get();
    start = Clock::now();
    summary.points = static_cast<std::int64_t>(points.ids.size());
    summary.is_fast_csv = points.is_fast_csv;
    const std::optional<std::string> polygons_crs = polygon_reader.crs();
    std::optional<std::string> points_crs =
        options.points_crs.empty() ? points.crs : options.points_crs;
    if (points_crs && !options.points_crs.empty() && !polygons_crs)
        throw UsageError("--points-crs: " + options.polygons_path +
                         " declares no CRS, so the points cannot be reprojected into it");
    if (points_crs && polygons_crs) {
        const geo::CrsSpec from = geo::CrsSpec::parse(*points_crs),
                           to = geo::CrsSpec::parse(*polygons_crs);
        if (!geo::Transformer(from, to).is_identity()) {
            summary.is_reprojected = true;
            parallel_ranges(
                points.xs.size(), threads, [&](unsigned, std::size_t begin, std::size_t end) {
                    const geo::Transformer transformer(from, to); // one per thread: not thread-safe
                    for (std::size_t i = begin; i < end; ++i) {
                        if (std::isnan(points.xs[i]) || std::isnan(points.ys[i]))
                            continue;
                        try {
                            transformer.transform(points.xs[i], points.ys[i]);
                        } catch (const InputError& e) {
                            throw InputError(options.points_path,
                                             static_cast<std::int64_t>(i + 1),
                                             "x",
                                             e.reason);
                        }
                    }
                });
        }
    }
    summary.reproject_s = seconds_since(start);

    check_progress(progress, 0.6, "locating");
    start = Clock::now();
    const std::vector<std::int64_t> items = locator.locate_all(points.xs, points.ys);
    summary.locate_s = seconds_since(start);
    for (const std::int64_t item : items)
        summary.located += item != geo::PointLocator::no_item;

    check_progress(progress, 0.8, "writing");
    start = Clock::now();
    OutputFile out(options.output_path);
    std::string header = "id,";
    append_csv_field(header, options.key_field);
    out.write(header + "\n");
    // Blocks keep the formatted text small; each block is formatted by all threads, in order.
    constexpr std::size_t block_rows = 1 << 20;
    std::vector<std::string> text(threads);
    for (std::size_t block = 0; block < items.size(); block += block_rows) {
        const std::size_t block_end = std::min(items.size(), block + block_rows);
        parallel_ranges(
            block_end - block, threads, [&](unsigned t, std::size_t begin, std::size_t end) {
                std::string& s = text[t];
                s.clear();
                s.reserve((end - begin) * 32);
                for (std::size_t i = block + begin; i < block + end; ++i) {
                    // Keys are read in the points' order, at random: fetch ahead.
                    if (i + 16 < block + end && items[i + 16] != geo::PointLocator::no_item)
                        __builtin_prefetch(&keys[static_cast<std::size_t>(items[i + 16])]);
                    append_csv_field(s, points.ids[i]);
                    s += ',';
                    if (items[i] != geo::PointLocator::no_item)
                        append_csv_field(s, keys[static_cast<std::size_t>(items[i])]);
                    s += '\n';
                }
            });
        for (std::size_t t = 0; t < threads && t < block_end - block; ++t)
            out.write(text[t]);
    }
    out.close();
    summary.write_s = seconds_since(start);
    check_progress(progress, 1.0, "done");
    return summary;
}

} // namespace jw::io
