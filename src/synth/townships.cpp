#include "geometry.hpp"
#include "partition.hpp"
#include "random.hpp"
#include "units.hpp"

#include <algorithm>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/store/workspace.hpp>
#include <jingwei/synth/townships.hpp>
#include <limits>
#include <map>
#include <numeric>

namespace jw::synth {
namespace {

using detail::GeomPtr;

GeomPtr read_geometry(store::Workspace& ws, const std::string& code, const char* column) {
    auto st = ws.db().prepare(std::string("SELECT AsBinary(") + column +
                              ") FROM admin_units WHERE code = ?");
    st.bind(1, code);
    if (!st.step() || st.is_null(0))
        throw InternalError("admin unit " + code + " has no " + column);
    return detail::read_wkb(st.column_blob(0));
}

// Northernmost WGS84 latitude of a part, through SpatiaLite's PROJ.
double max_latitude(store::Workspace& ws, const GEOSGeometry* part, int epsg) {
    auto st = ws.db().prepare("SELECT MbrMaxY(ST_Transform(GeomFromWKB(?, ?), 4326))");
    st.bind_blob(1, detail::write_wkb(part)).bind(2, epsg);
    if (!st.step() || st.is_null(0))
        throw EnvironmentError("SpatiaLite could not transform EPSG:" + std::to_string(epsg) +
                               " to WGS84 (is PROJ's proj.db installed?)");
    return st.column_double(0);
}

struct Seat {
    double x, y;
};

// Best-candidate (Mitchell) sampling: of a few uniform points inside the polygon, keep the one
// farthest from the points placed so far. Villages spread out and never coincide.
std::vector<Seat> spread_points(
    const GEOSGeometry* polygon, std::size_t count, Seat anchor, detail::Rng& rng, int candidates) {
    std::vector<Seat> placed{anchor};
    std::vector<Seat> out;
    if (count == 0)
        return out;
    const geo::PreparedArea area(detail::clone(polygon));
    const auto e = detail::envelope(polygon);
    const auto fallback = detail::point_on_surface(polygon);
    for (std::size_t i = 0; i < count; ++i) {
        Seat best{fallback.first, fallback.second};
        double best_d2 = -1;
        for (int k = 0; k < std::max(1, candidates); ++k) {
            Seat candidate{fallback.first, fallback.second};
            for (int attempt = 0; attempt < 1000; ++attempt) {
                const double x = rng.uniform(e.xmin, e.xmax);
                const double y = rng.uniform(e.ymin, e.ymax);
                if (area.contains(x, y)) {
                    candidate = {x, y};
                    break;
                }
            }
            double d2 = std::numeric_limits<double>::infinity();
            for (const auto& p : placed)
                d2 = std::min(d2,
                              (p.x - candidate.x) * (p.x - candidate.x) +
                                  (p.y - candidate.y) * (p.y - candidate.y));
            if (d2 > best_d2) {
                best_d2 = d2;
                best = candidate;
            }
        }
        placed.push_back(best);
        out.push_back(best);
    }
    return out;
}

} // namespace

TownshipReport synthesize_townships(store::Workspace& ws,
                                    const TownshipOptions& options,
                                    const Progress& progress) {
    const int epsg = ws.crs_epsg();
    if (epsg == 0)
        throw UsageError(ws.path() +
                         ": the workspace has no CRS and no geometry yet; import the county "
                         "boundaries first ('jingwei import WS units FILE')");
    TownshipReport report;
    report.seed = options.seed;
    report.year = options.year != 0 ? options.year : detail::latest_population_year(ws);
    const auto tree = detail::load_units(ws);
    const auto population = detail::load_population(ws, report.year, "resident");

    store::Transaction tx(ws.db());
    auto write_polygon = ws.db().prepare(
        "UPDATE admin_units SET geom = CastToMultiPolygon(GeomFromWKB(?, ?)), derived = 1, "
        "source = coalesce(source || '; ', '') || ? WHERE code = ?");
    auto write_seat =
        ws.db().prepare("UPDATE admin_units SET seat = GeomFromWKB(?, ?), derived = 1, "
                        "source = coalesce(source || '; ', '') || ? WHERE code = ?");

    // Township polygons known after the partition step, by unit index (existing or new).
    std::map<std::size_t, GeomPtr> township_area;

    std::vector<std::size_t> counties;
    for (std::size_t i = 0; i < tree.units.size(); ++i)
        if (tree.units[i].level == "county")
            counties.push_back(i);

    std::size_t done = 0;
    for (const auto ci : counties) {
        detail::report(progress,
                       0.7 * static_cast<double>(done++) /
                           std::max<std::size_t>(1, counties.size()),
                       "township polygons");
        const auto& county = tree.units[ci];
        std::vector<std::size_t> existing, missing;
        for (const auto c : county.children)
            if (tree.units[c].level == "township")
                (tree.units[c].has_geom ? existing : missing).push_back(c);
        for (const auto t : existing)
            township_area.emplace(t, read_geometry(ws, tree.units[t].code, "geom"));
        if (missing.empty())
            continue;
        if (!county.has_geom) {
            report.counties_without_polygon.push_back(county.code);
            continue;
        }
        CountyPartition cp;
        cp.code = county.code;
        // Leave out the far-away parts (Dongsha) before anything is measured.
        auto county_geom = read_geometry(ws, county.code, "geom");
        std::vector<const GEOSGeometry*> kept;
        auto parts = detail::polygon_parts(county_geom.get());
        for (const auto& part : parts) {
            if (max_latitude(ws, part.get(), epsg) < options.drop_south_of_lat) {
                ++cp.parts_dropped;
                cp.dropped_area_km2 += detail::area(part.get()) / 1e6;
            } else {
                kept.push_back(part.get());
            }
        }
        if (kept.empty())
            continue;
        auto area = detail::union_all(kept);
        if (!existing.empty()) {
            std::vector<const GEOSGeometry*> taken;
            for (const auto t : existing)
                taken.push_back(township_area.at(t).get());
            area = detail::difference(area.get(), detail::union_all(taken).get());
        }
        area = detail::polygons_of(area.get());
        cp.area_km2 = detail::area(area.get()) / 1e6;
        if (!(cp.area_km2 > 0))
            continue;

        // Weights: population; unknown → mean of the known; floored so every town gets land.
        std::vector<double> weights;
        double known_sum = 0;
        int known_n = 0;
        for (const auto t : missing) {
            const auto it = population.find(tree.units[t].code);
            if (it != population.end() && it->second > 0) {
                known_sum += static_cast<double>(it->second);
                ++known_n;
            }
        }
        const double mean = known_n > 0 ? known_sum / known_n : 1.0;
        for (const auto t : missing) {
            const auto it = population.find(tree.units[t].code);
            const double w = it != population.end() ? static_cast<double>(it->second) : mean;
            weights.push_back(std::max(w, options.min_weight_share * mean));
        }
        auto pieces = detail::partition_by_weight(area.get(), weights);
        const double weight_sum = std::accumulate(weights.begin(), weights.end(), 0.0);
        const std::string source = "schematic township boundary (jingwei synth townships: "
                                   "recursive bisection of county " +
                                   county.code + ", area proportional to " +
                                   std::to_string(report.year) +
                                   " population; not a real boundary)";
        for (std::size_t k = 0; k < missing.size(); ++k) {
            const double share = detail::area(pieces[k].get()) / (cp.area_km2 * 1e6);
            const double expected = weights[k] / weight_sum;
            cp.max_area_error_pct =
                std::max(cp.max_area_error_pct, 100.0 * std::abs(share - expected) / expected);
            write_polygon.bind_blob(1, detail::write_wkb(pieces[k].get()))
                .bind(2, epsg)
                .bind(3, source)
                .bind(4, tree.units[missing[k]].code)
                .run();
            ++report.township_polygons;
            township_area.emplace(missing[k], std::move(pieces[k]));
        }
        cp.townships_partitioned = static_cast<int>(missing.size());
        report.counties.push_back(cp);
    }

    // Seats: the township's from its polygon, the villages' spread inside it.
    std::size_t t_done = 0;
    for (const auto& [ti, polygon] : township_area) {
        detail::report(progress,
                       0.7 + 0.3 * static_cast<double>(t_done++) /
                                 std::max<std::size_t>(1, township_area.size()),
                       "seats");
        const auto& township = tree.units[ti];
        Seat anchor{0, 0};
        if (township.has_seat) {
            const auto p = read_geometry(ws, township.code, "seat");
            const auto xy = detail::xy(p.get());
            anchor = {xy.first, xy.second};
        } else {
            const auto xy = detail::point_on_surface(polygon.get());
            anchor = {xy.first, xy.second};
            write_seat.bind_blob(1, detail::write_wkb(detail::point(xy.first, xy.second).get()))
                .bind(2, epsg)
                .bind(3, "seat derived: point on surface of the township polygon")
                .bind(4, township.code)
                .run();
            ++report.township_seats;
        }
        std::vector<std::size_t> villages;
        for (const auto v : township.children)
            if (!tree.units[v].has_seat)
                villages.push_back(v);
        detail::Rng rng(detail::stream_seed(options.seed, township.code));
        const auto seats = spread_points(
            polygon.get(), villages.size(), anchor, rng, options.candidates_per_village);
        const std::string source = "seat derived: seeded best-candidate point inside the township "
                                   "polygon (seed " +
                                   std::to_string(options.seed) +
                                   "); schematic, not the village committee's location";
        for (std::size_t k = 0; k < villages.size(); ++k) {
            write_seat.bind_blob(1, detail::write_wkb(detail::point(seats[k].x, seats[k].y).get()))
                .bind(2, epsg)
                .bind(3, source)
                .bind(4, tree.units[villages[k]].code)
                .run();
            ++report.village_seats;
        }
    }
    for (const auto& u : tree.units) {
        if (u.level != "village" || u.has_seat)
            continue;
        const auto parent = tree.find(u.parent_code);
        if (!parent || township_area.count(*parent) == 0)
            report.villages_without_area.push_back(u.code);
    }
    tx.commit();
    detail::report(progress, 1.0, "seats");
    return report;
}

} // namespace jw::synth
