// The workspace side of the grid: read unit polygons and points, compute exact shares
// (cover.cpp), allocate population, and write cells and shares in one transaction with
// prepared statements.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include "files.hpp"

#include <jingwei/error.hpp>
#include <jingwei/grid/build.hpp>
#include <jingwei/io/raster_sampler.hpp>
#include <jingwei/store/workspace.hpp>
#include <map>

namespace jw::grid {
namespace {

class WkbReader {
  public:
    explicit WkbReader(const std::vector<unsigned char>& b) : m_b(b) {}
    MultiPolygon read() {
        MultiPolygon out;
        const auto type = header();
        if (type == 3) {
            out.push_back(polygon());
        } else if (type == 6) {
            const auto n = u32();
            for (std::uint32_t i = 0; i < n; ++i) {
                if (header() != 3)
                    throw InputError("WKB: a MultiPolygon part is not a Polygon");
                out.push_back(polygon());
            }
        } else {
            throw InputError("WKB: geometry type " + std::to_string(type) +
                             " is not a (Multi)Polygon");
        }
        return out;
    }

  private:
    std::uint32_t header() {
        need(1);
        m_little = m_b[m_at++] == 1;
        const auto type = u32();
        if (type != 3 && type != 6)
            throw InputError("WKB: geometry type " + std::to_string(type) +
                             " is not a 2-D (Multi)Polygon");
        return type;
    }
    Polygon polygon() {
        Polygon p;
        const auto rings = u32();
        p.rings.resize(rings);
        for (auto& ring : p.rings) {
            const auto n = u32();
            ring.resize(n);
            for (auto& pt : ring) {
                pt.x = f64();
                pt.y = f64();
            }
        }
        return p;
    }
    void need(std::size_t n) const {
        if (m_at + n > m_b.size())
            throw InputError("WKB: truncated geometry");
    }
    std::uint32_t u32() {
        need(4);
        unsigned char t[4];
        std::memcpy(t, &m_b[m_at], 4);
        m_at += 4;
        if (!m_little)
            std::reverse(t, t + 4);
        std::uint32_t v;
        std::memcpy(&v, t, 4); // little-endian host (x86-64, arm64)
        return v;
    }
    double f64() {
        need(8);
        unsigned char t[8];
        std::memcpy(t, &m_b[m_at], 8);
        m_at += 8;
        if (!m_little)
            std::reverse(t, t + 8);
        double v;
        std::memcpy(&v, t, 8);
        return v;
    }
    const std::vector<unsigned char>& m_b;
    std::size_t m_at = 0;
    bool m_little = true;
};

struct Unit {
    std::string code, level;
    MultiPolygon polygon;
    std::optional<double> population;
    int population_year = 0;
};

using detail::CellTotals;

// A SpatiaLite geometry BLOB of a cell (its counter-clockwise corners) as a one-part
// MULTIPOLYGON, built here rather than by SQL functions: per-row SQL geometry functions cost
// more than the rest of the insert.
void cell_blob(std::vector<unsigned char>& out, int srid, const std::vector<Point>& corners) {
    out.clear();
    auto put = [&out](const void* p, std::size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        out.insert(out.end(), b, b + n);
    };
    auto i32 = [&](std::int32_t v) { put(&v, 4); }; // little-endian host, flagged by byte 1
    auto f64 = [&](double v) { put(&v, 8); };
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (const auto& p : corners)
        x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
    out.push_back(0x00); // start
    out.push_back(0x01); // little endian
    i32(srid);
    f64(x0), f64(y0), f64(x1), f64(y1); // MBR
    out.push_back(0x7C);                // MBR end
    i32(6);                             // MULTIPOLYGON
    i32(1);                             // one polygon
    out.push_back(0x69);                // entity
    i32(3);                             // POLYGON
    i32(1);                             // one ring
    i32(static_cast<std::int32_t>(corners.size() + 1)); // closed
    for (const auto& p : corners)
        f64(p.x), f64(p.y);
    f64(corners.front().x), f64(corners.front().y);
    out.push_back(0xFE); // end
}

// A hexagon's weight: the mean of the raster over its six w/2 × r/2 lattice rectangles (four
// whole, four halved by the diagonals of the bands shared with the rows above and below).
std::vector<double> hex_weights(const std::vector<double>& sub, std::int64_t sub_cols, const GridSpec& grid) {
    std::vector<double> out(static_cast<std::size_t>(grid.cols * grid.rows), 0.0);
    auto value = [&](std::int64_t i, std::int64_t j) {
        const double v = sub[static_cast<std::size_t>(j * sub_cols + i)];
        return std::isfinite(v) && v > 0 ? v : 0.0;
    };
    for (std::int64_t k = 0; k < grid.rows; ++k)
        for (std::int64_t m = 0; m < grid.cols; ++m) {
            const std::int64_t i = 2 * m + (k % 2);
            double sum = 0;
            for (std::int64_t di = 0; di < 2; ++di)
                sum += value(i + di, 3 * k + 1) + value(i + di, 3 * k + 2) +
                       0.5 * (value(i + di, 3 * k) + value(i + di, 3 * k + 3));
            out[static_cast<std::size_t>(grid.id(m, k))] = sum / 6;
        }
    return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void check_cancel(const Progress& progress, double fraction, std::string_view stage) {
    if (!progress(fraction, stage))
        throw Error("cancelled");
}

} // namespace

MultiPolygon parse_wkb(const std::vector<unsigned char>& wkb) {
    return WkbReader(wkb).read();
}

std::optional<GridSpec> stored_grid(store::Workspace& ws) {
    auto& db = ws.db();
    if (db.query_int("SELECT count(*) FROM sqlite_master WHERE name = 'grid_runs'") == 0)
        return std::nullopt;
    auto st = db.prepare(
        "SELECT origin_x, origin_y, cell_m, cols, rows, shape FROM grid_runs WHERE id = 1");
    if (!st.step())
        return std::nullopt;
    GridSpec g;
    g.origin_x = st.column_double(0);
    g.origin_y = st.column_double(1);
    g.cell_m = st.column_double(2);
    g.cols = st.column_int(3);
    g.rows = st.column_int(4);
    g.shape = parse_shape(st.column_text(5));
    return g;
}

GridSummary build_grid(store::Workspace& ws, const GridOptions& options, const Progress& progress) {
    if (!(options.cell_m > 0))
        throw UsageError("--cell: the cell size must be a positive number of metres");
    const CellShape shape = parse_shape(options.shape);
    if (shape == CellShape::hex && !options.output.empty())
        throw UsageError("-o " + options.output +
                         ": a GeoTIFF holds square cells only; build hexagons into the workspace");
    const int epsg = ws.crs_epsg();
    if (epsg == 0)
        throw InputError(
            ws.path(), 0, "", "the workspace has no CRS yet: import unit polygons first");
    auto& db = ws.db();
    const auto t0 = std::chrono::steady_clock::now();
    GridSummary summary;

    std::string prefix;
    if (!options.extent_code.empty()) {
        auto st = db.prepare("SELECT code, level FROM admin_units WHERE code = ? OR code = ? || "
                             "substr('000000000000', "
                             "length(?) + 1)");
        st.bind(1, options.extent_code).bind(2, options.extent_code).bind(3, options.extent_code);
        if (!st.step())
            throw UsageError("--extent " + options.extent_code + ": no such unit in the workspace");
        const std::string code = st.column_text(0), level = st.column_text(1);
        const std::map<std::string, std::size_t> lengths = {
            {"province", 2}, {"city", 4}, {"county", 6}, {"township", 9}, {"village", 12}};
        prefix = code.substr(0, lengths.at(level));
    }

    // Unit polygons with their latest resident population.
    check_cancel(progress, 0.0, "reading unit polygons");
    std::vector<Unit> units;
    {
        auto st = db.prepare("SELECT u.code, u.level, AsBinary(u.geom), "
                             "(SELECT count FROM population p WHERE p.unit_code = u.code AND "
                             "p.kind = 'resident' ORDER BY year DESC "
                             "LIMIT 1), (SELECT year FROM population p WHERE p.unit_code = u.code "
                             "AND p.kind = 'resident' ORDER BY "
                             "year DESC LIMIT 1) FROM admin_units u WHERE u.geom IS NOT NULL AND "
                             "u.level IN ('county', 'township', "
                             "'village') AND u.code LIKE ? || '%' ORDER BY u.code");
        st.bind(1, prefix);
        while (st.step()) {
            Unit u;
            u.code = st.column_text(0);
            u.level = st.column_text(1);
            try {
                u.polygon = parse_wkb(st.column_blob(2));
            } catch (const InputError& e) {
                throw InputError("admin_units", 0, u.code, e.reason);
            }
            if (!st.is_null(3)) {
                u.population = st.column_double(3);
                u.population_year = static_cast<int>(st.column_int(4));
            }
            units.push_back(std::move(u));
        }
    }
    auto count_level = [&](const char* level) {
        return std::count_if(
            units.begin(), units.end(), [&](const Unit& u) { return u.level == level; });
    };
    summary.counties = count_level("county");
    summary.townships = count_level("township");
    summary.villages = count_level("village");
    if (units.empty())
        throw InputError(ws.path(),
                         0,
                         "",
                         "no county, township or village polygons" +
                             (prefix.empty() ? std::string() : " within " + options.extent_code));
    // Cells cover the finest full partition: townships, else counties.
    const std::string base_level = summary.townships > 0 ? "township" : "county";
    // Shares are kept for townships and villages (counties only when no township has a polygon).
    units.erase(std::remove_if(
                    units.begin(),
                    units.end(),
                    [&](const Unit& u) { return u.level == "county" && base_level != "county"; }),
                units.end());
    if (base_level != "county")
        summary.counties = 0;

    double xmin = INFINITY, ymin = INFINITY, xmax = -INFINITY, ymax = -INFINITY;
    for (const auto& u : units)
        for (const auto& part : u.polygon)
            for (const auto& ring : part.rings)
                for (const auto& p : ring) {
                    xmin = std::min(xmin, p.x), xmax = std::max(xmax, p.x);
                    ymin = std::min(ymin, p.y), ymax = std::max(ymax, p.y);
                }
    summary.grid = grid_covering(xmin, ymin, xmax, ymax, options.cell_m, shape);
    const GridSpec& grid = summary.grid;

    check_cancel(progress, 0.1, "computing exact cell shares");
    std::vector<MultiPolygon> polygons;
    polygons.reserve(units.size());
    for (const auto& u : units)
        polygons.push_back(u.polygon);
    const auto areas = cell_areas_all(polygons, grid, options.threads);

    // Population from the finest level whose polygons all carry a count.
    for (const char* level : {"village", "township", "county"}) {
        std::int64_t with = 0, total = 0;
        for (const auto& u : units)
            if (u.level == level)
                ++total, with += u.population ? 1 : 0;
        if (total > 0 && with == total) {
            summary.population_level = level;
            break;
        }
    }
    if (summary.population_level.empty()) // no level complete: the base level, missing ones counted
        summary.population_level = base_level;
    summary.population_method = "area share of " + summary.population_level + " polygons";

    // Dense per-cell totals: 24 bytes a cell (a China-sized 1 km grid needs about 230 MB), no
    // hashing; cells with no area are not part of the area.
    constexpr std::int64_t max_cells = 60'000'000;
    if (grid.cols * grid.rows > max_cells)
        throw UsageError("the grid would have " + std::to_string(grid.cols * grid.rows) +
                         " cells over the bounding box (limit " + std::to_string(max_cells) +
                         "): use a larger --cell or an --extent");
    std::vector<CellTotals> cells(static_cast<std::size_t>(grid.cols * grid.rows));
    auto at = [](std::int64_t id) { return static_cast<std::size_t>(id); };
    for (std::size_t i = 0; i < units.size(); ++i) {
        const auto& u = units[i];
        double unit_area = 0;
        for (const auto& ca : areas[i])
            unit_area += ca.area_m2;
        const bool allocates = u.level == summary.population_level;
        if (allocates) {
            if (u.population) {
                summary.population_total += *u.population;
                summary.population_year = std::max(summary.population_year, u.population_year);
            } else {
                ++summary.units_without_population;
            }
        }
        if (u.level == base_level)
            for (const auto& ca : areas[i])
                cells[at(ca.cell)].area_m2 += ca.area_m2;
    }
    // Cell weights: 1 (area share only) or the raster's mean over the cell, each pixel weighted
    // by its overlap (GDAL's average warp); nodata, negative or no pixel count as 0.
    std::vector<double> weight; // by cell id; empty = all 1
    if (!options.weights_path.empty()) {
        std::vector<double> values;
        if (shape == CellShape::square) {
            values = io::average_raster(
                options.weights_path,
                {epsg, grid.origin_x, grid.origin_y, grid.cell_m, grid.cols, grid.rows});
        } else {
            // Hexagons: the raster on the finer lattice they are made of (cover.hpp).
            const double r = grid.hex_radius(), w = std::sqrt(3.0) * r;
            io::GridWindow sub{epsg, grid.origin_x, grid.origin_y, w / 2, 2 * grid.cols + 2, 3 * grid.rows + 2};
            sub.cell_h = r / 2;
            values = hex_weights(io::average_raster(options.weights_path, sub), sub.cols, grid);
        }
        weight.assign(cells.size(), 0.0);
        for (std::size_t id = 0; id < cells.size(); ++id)
            if (cells[id].area_m2 > 0 && std::isfinite(values[id]) && values[id] > 0)
                weight[id] = values[id];
        summary.population_method +=
            " weighted by the mean of raster " + options.weights_path + " over each cell";
    }
    // Population follows each unit's area shares (× cell weight); a unit whose cells all weigh 0
    // falls back to area shares. A piece outside every base cell (a village edge beyond its
    // township) stays unallocated, and the summary shows the difference.
    for (std::size_t i = 0; i < units.size(); ++i) {
        const auto& u = units[i];
        if (u.level != summary.population_level || !u.population)
            continue;
        auto mass = [&](const CellArea& ca) {
            return weight.empty() ? ca.area_m2 : ca.area_m2 * weight[at(ca.cell)];
        };
        double total = 0;
        for (const auto& ca : areas[i])
            total += mass(ca);
        const bool by_area = !(total > 0);
        if (by_area) {
            total = 0;
            for (const auto& ca : areas[i])
                total += ca.area_m2;
            if (!weight.empty())
                ++summary.units_weighted_by_area;
        }
        if (total <= 0)
            continue;
        for (const auto& ca : areas[i])
            if (auto& c = cells[at(ca.cell)]; c.area_m2 > 0)
                c.population += *u.population * (by_area ? ca.area_m2 : mass(ca)) / total;
    }

    // Points per cell; a point outside every cell is counted as outside.
    check_cancel(progress, 0.4, "counting patients and facilities");
    auto count_points = [&](const std::string& sql,
                            std::int32_t CellTotals::*field,
                            std::int64_t& inside,
                            std::int64_t& outside) {
        auto st = db.prepare(sql);
        st.bind(1, prefix);
        while (st.step()) {
            const auto id = grid.cell_at(st.column_double(0), st.column_double(1));
            if (id < 0 || !(cells[at(id)].area_m2 > 0)) {
                ++outside;
                continue;
            }
            ++(cells[at(id)].*field);
            ++inside;
        }
    };
    count_points("SELECT X(home), Y(home) FROM patients WHERE home IS NOT NULL AND "
                 "management_status NOT IN ('deceased', 'moved_out') AND coalesce(village_code, "
                 "'') LIKE ? || '%'",
                 &CellTotals::patients,
                 summary.patients_in_cells,
                 summary.patients_outside);
    count_points(
        "SELECT X(geom), Y(geom) FROM facilities WHERE geom IS NOT NULL AND status = 'open' AND "
        "coalesce(unit_code, '') LIKE ? || '%'",
        &CellTotals::facilities,
        summary.facilities_in_cells,
        summary.facilities_outside);
    // Counts for the summary, the same whichever writer runs.
    const double full_area = grid.cell_m * grid.cell_m;
    for (const auto& c : cells)
        if (c.area_m2 > 0) {
            ++summary.cells;
            summary.population_allocated += c.population;
            if (c.area_m2 < full_area * (1 - 1e-9))
                ++summary.partial_cells;
        }
    std::vector<double> share_sums(areas.size(), 0.0);
    detail::for_each_share(areas, cells, [&](std::size_t i, const CellArea&, double share) {
        share_sums[i] += share;
        ++summary.share_rows;
    });
    for (std::size_t i = 0; i < areas.size(); ++i)
        if (std::any_of(areas[i].begin(), areas[i].end(), [](const CellArea& ca) { return ca.area_m2 > 0; }))
            summary.max_share_sum_error =
                std::max(summary.max_share_sum_error, std::fabs(share_sums[i] - 1.0));
    summary.compute_seconds = seconds_since(t0);
    const auto t1 = std::chrono::steady_clock::now();

    if (!options.output.empty()) {
        // A national grid goes to files; the workspace's grid tables are left as they were.
        check_cancel(progress, 0.5, "writing the GeoTIFF and the shares CSV");
        std::vector<std::string> codes;
        codes.reserve(units.size());
        for (const auto& u : units)
            codes.push_back(u.code);
        summary.shares_csv = detail::shares_path_for(options.output);
        detail::write_grid_files(
            options.output, summary.shares_csv, epsg, grid, cells, codes, areas, summary);
        summary.write_seconds = seconds_since(t1);
        check_cancel(progress, 1.0, "done");
        return summary;
    }

    // Write everything in one transaction.
    check_cancel(progress, 0.5, "writing cells and shares");
    // Foreign keys are checked by construction here (unit codes come from admin_units, share
    // cells are the cells just written); per-row checks would double the write. The pragma
    // only takes effect outside a transaction, hence the guard around it.
    struct ForeignKeysOff {
        store::Connection& db;
        explicit ForeignKeysOff(store::Connection& c) : db(c) {
            db.exec("PRAGMA foreign_keys = OFF");
        }
        ~ForeignKeysOff() { db.exec_noexcept("PRAGMA foreign_keys = ON"); }
        ForeignKeysOff(const ForeignKeysOff&) = delete;
        ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;
    } foreign_keys_off(db);
    store::Transaction tx(db);
    // The geometry column is added on first use, when the CRS is known.
    if (db.query_int("SELECT count(*) FROM geometry_columns WHERE f_table_name = 'grid_cells'") ==
        0) {
        // No spatial index: cells are found by id = row × cols + col, and an R*Tree updated
        // row by row costs more than the whole rest of the write (docs/decisions/0008-grid.md).
        db.query_int("SELECT AddGeometryColumn('grid_cells', 'geom', " + std::to_string(epsg) +
                     ", 'MULTIPOLYGON', 'XY')");
    }
    // SpatiaLite's per-row triggers on grid_cells (geometry type check, last-modified stamp) cost
    // twice the insert itself; our blobs are valid MULTIPOLYGONs in the workspace SRID by
    // construction, so the triggers are set aside for the bulk write and put back, unchanged,
    // in the same transaction. The cell index on shares is likewise built once at the end.
    std::vector<std::pair<std::string, std::string>> triggers;
    {
        auto st = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
                             "tbl_name = 'grid_cells' ORDER BY name");
        while (st.step())
            triggers.emplace_back(st.column_text(0), st.column_text(1));
    }
    for (const auto& [name, _] : triggers)
        db.exec("DROP TRIGGER \"" + name + "\"");
    db.exec("DROP INDEX IF EXISTS grid_shares_cell");
    db.exec("DELETE FROM grid_shares");
    db.exec("DELETE FROM grid_cells");
    db.exec("DELETE FROM grid_runs");
    // Every cell goes in whole; the cells the outline cuts are clipped below, once
    // their shares say which units to clip them with.
    auto insert_cell =
        db.prepare("INSERT INTO grid_cells (id, col, row, area_m2, population, patients, "
                   "facilities, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    std::vector<unsigned char> blob;
    std::int64_t written = 0;
    for (std::int64_t id = 0; id < grid.cols * grid.rows; ++id) {
        const auto& c = cells[at(id)];
        if (!(c.area_m2 > 0))
            continue;
        const std::int64_t col = id % grid.cols, row = id / grid.cols;
        insert_cell.bind(1, id).bind(2, col).bind(3, row).bind(4, c.area_m2).bind(5, c.population);
        insert_cell.bind(6, c.patients).bind(7, c.facilities);
        cell_blob(blob, epsg, grid.outline(col, row));
        insert_cell.bind_blob(8, blob);
        insert_cell.run();
        if (++written % 65536 == 0)
            check_cancel(progress,
                         0.5 + 0.2 * static_cast<double>(id) /
                                   static_cast<double>(grid.cols * grid.rows),
                         "writing cells");
    }

    auto insert_share = db.prepare(
        "INSERT INTO grid_shares (unit_code, cell_id, area_m2, share) VALUES (?, ?, ?, ?)");
    detail::for_each_share(areas, cells, [&](std::size_t i, const CellArea& ca, double share) {
        insert_share.bind(1, units[i].code).bind(2, ca.cell).bind(3, ca.area_m2).bind(4, share);
        insert_share.run();
    });
    // Clip the cut cells to the base-level units that share them.
    check_cancel(progress, 0.9, "clipping cells on the outline");
    db.exec("CREATE INDEX grid_shares_cell ON grid_shares (cell_id)");
    for (const auto& [_, sql] : triggers)
        db.exec(sql);
    auto clip = db.prepare(
        "UPDATE grid_cells SET geom = (SELECT CastToMultiPolygon(ST_Union(ST_Intersection("
        "grid_cells.geom, u.geom))) FROM grid_shares s JOIN admin_units u ON u.code = s.unit_code "
        "WHERE s.cell_id = grid_cells.id AND u.level = ?) WHERE area_m2 < ?");
    clip.bind(1, base_level).bind(2, full_area * (1 - 1e-9));
    clip.run();
    auto run = db.prepare(
        "INSERT INTO grid_runs (id, cell_m, shape, origin_x, origin_y, cols, rows, extent_code, "
        "population_level, population_method, population_year, created_at) VALUES (1, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
    run.bind(1, grid.cell_m).bind(2, shape_name(shape)).bind(3, grid.origin_x).bind(4, grid.origin_y);
    run.bind(5, grid.cols).bind(6, grid.rows);
    if (options.extent_code.empty())
        run.bind_null(7);
    else
        run.bind(7, options.extent_code);
    run.bind(8, summary.population_level).bind(9, summary.population_method);
    if (summary.population_year)
        run.bind(10, summary.population_year);
    else
        run.bind_null(10);
    run.run();
    tx.commit();
    summary.write_seconds = seconds_since(t1);
    check_cancel(progress, 1.0, "done");
    return summary;
}

} // namespace jw::grid
