// Generates a benchmark workspace for `jingwei grid`: N Voronoi townships over a square of A
// km², every shared edge made wiggly the same way from both sides (~50 vertices a township),
// lognormal populations. SYNTHETIC: codes, shapes and counts are made up.
//
//   gen_townships OUT.sqlite --townships 40000 --area-km2 9600000 [--seed 1] [--wiggles 7]

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <geos_c.h>
#include <jingwei/store/workspace.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

// Own uniform in [0, 1): std distributions differ between standard libraries.
double uniform(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

std::uint64_t mix(std::uint64_t x) { // splitmix64 finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}
std::uint64_t key(double x, double y) {
    std::uint64_t a, b;
    std::memcpy(&a, &x, 8);
    std::memcpy(&b, &y, 8);
    return mix(a ^ mix(b));
}

struct Pt {
    double x, y;
};

// Points strictly inside an edge, the same set whichever way the edge is walked: offsets are
// computed in the canonical direction (from the endpoint with the smaller key) and reversed.
std::vector<Pt> wiggle(Pt a, Pt b, int wiggles, double side_m, std::uint64_t seed) {
    const bool on_border = (a.x == 0 && b.x == 0) || (a.y == 0 && b.y == 0) ||
                           (a.x == side_m && b.x == side_m) || (a.y == side_m && b.y == side_m);
    std::vector<Pt> out;
    if (on_border)
        return out; // keep the study area a clean square
    const std::uint64_t ka = key(a.x, a.y), kb = key(b.x, b.y);
    const bool flip = ka > kb;
    const Pt p = flip ? b : a, q = flip ? a : b;
    std::mt19937_64 rng(seed ^ mix(std::min(ka, kb) + 3 * std::max(ka, kb)));
    const double dx = q.x - p.x, dy = q.y - p.y, len = std::hypot(dx, dy);
    const double nx = -dy / len, ny = dx / len;
    // A smooth bump series: amplitude ≤ 6 % of the edge, vanishing at both ends, so
    // neighbouring edges never cross.
    const double a1 = (uniform(rng) - 0.5) * 0.12, a2 = (uniform(rng) - 0.5) * 0.06;
    for (int i = 1; i <= wiggles; ++i) {
        const double t = static_cast<double>(i) / (wiggles + 1);
        const double off = len * (a1 * std::sin(M_PI * t) + a2 * std::sin(3 * M_PI * t));
        out.push_back({p.x + dx * t + nx * off, p.y + dy * t + ny * off});
    }
    if (flip)
        std::reverse(out.begin(), out.end());
    return out;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: gen_townships OUT.sqlite [--townships N] [--area-km2 A] [--seed S] "
                     "[--wiggles W]\n");
        return 2;
    }
    const std::string out = argv[1];
    long townships = 40000, wiggles = 7;
    double area_km2 = 9.6e6;
    std::uint64_t seed = 1;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--townships")
            townships = std::atol(argv[i + 1]);
        else if (flag == "--area-km2")
            area_km2 = std::atof(argv[i + 1]);
        else if (flag == "--seed")
            seed = std::strtoull(argv[i + 1], nullptr, 10);
        else if (flag == "--wiggles")
            wiggles = std::atol(argv[i + 1]);
    }
    const auto t0 = std::chrono::steady_clock::now();
    const double side_m = std::sqrt(area_km2) * 1000;
    std::mt19937_64 rng(seed);
    GEOSContextHandle_t ctx = GEOS_init_r();
    std::vector<GEOSGeometry*> points;
    for (long i = 0; i < townships; ++i)
        points.push_back(
            GEOSGeom_createPointFromXY_r(ctx, uniform(rng) * side_m, uniform(rng) * side_m));
    GEOSGeometry* multipoint = GEOSGeom_createCollection_r(
        ctx, GEOS_MULTIPOINT, points.data(), static_cast<unsigned>(points.size()));
    GEOSGeometry* frame = GEOSGeom_createRectangle_r(ctx, 0, 0, side_m, side_m);
    GEOSGeometry* cells = GEOSVoronoiDiagram_r(ctx, multipoint, frame, 0, 0);
    if (!cells) {
        std::fprintf(stderr, "GEOSVoronoiDiagram failed\n");
        return 1;
    }

    std::remove(out.c_str());
    auto ws = jw::store::Workspace::create(out, "EPSG:4547");
    auto& db = ws.db();
    jw::store::Transaction tx(db);
    auto insert_unit = db.prepare(
        "INSERT INTO admin_units (code, name, level, synthetic, source, geom) VALUES (?, "
        "?, 'township', 1, 'bench/grid/gen_townships', CastToMultiPolygon("
        "GeomFromWKB(?, 4547)))");
    auto insert_pop =
        db.prepare("INSERT INTO population (unit_code, year, count, synthetic, quality) VALUES (?, "
                   "2020, ?, 1, 'derived')");
    GEOSWKBWriter* writer = GEOSWKBWriter_create_r(ctx);
    long vertices = 0, written = 0;
    // The clipped Voronoi rings (closed), then their wiggled versions. Bumps of 6 % of a long
    // edge can cross a short neighbouring edge of a thin cell and make the township invalid
    // (GEOS then fails or miscounts); such a township's edges are kept straight, on both sides,
    // and the rings are rebuilt until every township is valid.
    std::vector<std::vector<Pt>> base;
    const int n = GEOSGetNumGeometries_r(ctx, cells);
    for (int i = 0; i < n; ++i) {
        GEOSGeometry* clipped = GEOSIntersection_r(ctx, GEOSGetGeometryN_r(ctx, cells, i), frame);
        if (!clipped || GEOSGeomTypeId_r(ctx, clipped) != GEOS_POLYGON) {
            if (clipped)
                GEOSGeom_destroy_r(ctx, clipped);
            continue;
        }
        const GEOSGeometry* ring = GEOSGetExteriorRing_r(ctx, clipped);
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
        unsigned size = 0;
        GEOSCoordSeq_getSize_r(ctx, seq, &size);
        std::vector<Pt> in(size);
        for (unsigned k = 0; k < size; ++k)
            GEOSCoordSeq_getXY_r(ctx, seq, k, &in[k].x, &in[k].y);
        GEOSGeom_destroy_r(ctx, clipped);
        base.push_back(std::move(in));
    }
    auto edge_key = [](Pt a, Pt b) {
        const auto ka = key(a.x, a.y), kb = key(b.x, b.y);
        return std::make_pair(std::min(ka, kb), std::max(ka, kb));
    };
    std::set<std::pair<std::uint64_t, std::uint64_t>> straight;
    std::vector<GEOSGeometry*> polys(base.size(), nullptr);
    std::vector<std::size_t> ring_sizes(base.size(), 0);
    for (bool again = true; again;) {
        again = false;
        for (std::size_t i = 0; i < base.size(); ++i) {
            const auto& in = base[i];
            std::vector<Pt> ringpts;
            for (std::size_t k = 0; k + 1 < in.size(); ++k) {
                ringpts.push_back(in[k]);
                if (straight.count(edge_key(in[k], in[k + 1])))
                    continue;
                for (const auto& p :
                     wiggle(in[k], in[k + 1], static_cast<int>(wiggles), side_m, seed))
                    ringpts.push_back(p);
            }
            ringpts.push_back(ringpts.front());
            GEOSCoordSequence* s =
                GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(ringpts.size()), 2);
            for (unsigned k = 0; k < ringpts.size(); ++k)
                GEOSCoordSeq_setXY_r(ctx, s, k, ringpts[k].x, ringpts[k].y);
            if (polys[i])
                GEOSGeom_destroy_r(ctx, polys[i]);
            polys[i] =
                GEOSGeom_createPolygon_r(ctx, GEOSGeom_createLinearRing_r(ctx, s), nullptr, 0);
            ring_sizes[i] = ringpts.size();
            if (GEOSisValid_r(ctx, polys[i]) != 1) {
                for (std::size_t k = 0; k + 1 < in.size(); ++k)
                    again |= straight.insert(edge_key(in[k], in[k + 1])).second;
            }
        }
    }
    for (std::size_t i = 0; i < base.size(); ++i) {
        GEOSGeometry* poly = polys[i];
        std::size_t wkb_size = 0;
        unsigned char* wkb = GEOSWKBWriter_write_r(ctx, writer, poly, &wkb_size);
        GEOSGeom_destroy_r(ctx, poly);
        vertices += static_cast<long>(ring_sizes[i]) - 1;
        // Codes: 50 townships per county, counties numbered within provinces 11.. (made up).
        const long county = written / 50, town = written % 50;
        char code[64];
        std::snprintf(code,
                      sizeof code,
                      "%02ld%02ld%02ld%03ld000",
                      11 + county / 8100,
                      1 + (county / 90) % 90,
                      1 + county % 90,
                      1 + town);
        insert_unit.bind(1, std::string(code)).bind(2, std::string("T") + code);
        insert_unit.bind_blob(3, std::vector<unsigned char>(wkb, wkb + wkb_size));
        insert_unit.run();
        GEOSFree_r(ctx, wkb);
        // Lognormal population: median 20 000, sigma 0.9 (Box-Muller on our own uniforms).
        const double u1 = 1 - uniform(rng), u2 = uniform(rng);
        const double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
        insert_pop.bind(1, std::string(code))
            .bind(2, static_cast<std::int64_t>(std::llround(20000 * std::exp(0.9 * z))));
        insert_pop.run();
        ++written;
    }
    tx.commit();
    GEOSWKBWriter_destroy_r(ctx, writer);
    GEOSGeom_destroy_r(ctx, cells);
    GEOSGeom_destroy_r(ctx, multipoint);
    GEOSGeom_destroy_r(ctx, frame);
    GEOS_finish_r(ctx);
    std::printf(
        "{\"townships\": %ld, \"straight_edges\": %zu, \"mean_vertices\": %.1f, \"side_km\": "
        "%.1f, \"seconds\": %.2f}\n",
        written,
        straight.size(),
        static_cast<double>(vertices) / static_cast<double>(written),
        side_m / 1000,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return 0;
}
