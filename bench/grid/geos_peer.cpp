// Peer for bench/grid/run.sh: what a plain GEOS program does to get exact cell shares. For each
// township: a prepared geometry classifies the 1 km cells of its bounding box (inside → the full
// cell, disjoint → nothing), and GEOSIntersection_r + GEOSArea_r runs only for the cells on its
// boundary. Threads take townships round-robin, each with its own GEOS context. Prints
// "townships,share_rows,area_error,seconds" (area_error = max |Σ cell areas − polygon area| / area).
//
//   geos_peer WS.sqlite [--cell 1000] [--threads 2]

#include <geos_c.h>
#include <jingwei/store/workspace.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

void geos_message(const char*, ...) {}

struct Result {
    std::size_t shares = 0;
    double max_error = 0;
};

Result run_township(GEOSContextHandle_t h, const std::vector<unsigned char>& wkb, double cell) {
    Result r;
    GEOSWKBReader* reader = GEOSWKBReader_create_r(h);
    GEOSGeometry* poly = GEOSWKBReader_read_r(h, reader, wkb.data(), wkb.size());
    GEOSWKBReader_destroy_r(h, reader);
    if (poly == nullptr)
        return r;
    const GEOSPreparedGeometry* prepared = GEOSPrepare_r(h, poly);
    double xmin, ymin, xmax, ymax;
    GEOSGeom_getXMin_r(h, poly, &xmin);
    GEOSGeom_getYMin_r(h, poly, &ymin);
    GEOSGeom_getXMax_r(h, poly, &xmax);
    GEOSGeom_getYMax_r(h, poly, &ymax);
    double total = 0, sum = 0;
    GEOSArea_r(h, poly, &total);
    for (double y = std::floor(ymin / cell) * cell; y < ymax; y += cell)
        for (double x = std::floor(xmin / cell) * cell; x < xmax; x += cell) {
            GEOSGeometry* box = GEOSGeom_createRectangle_r(h, x, y, x + cell, y + cell);
            if (GEOSPreparedContainsProperly_r(h, prepared, box)) {
                sum += cell * cell;
                ++r.shares;
            } else if (GEOSPreparedIntersects_r(h, prepared, box)) {
                GEOSGeometry* piece = GEOSIntersection_r(h, poly, box);
                double a = 0;
                if (piece != nullptr) {
                    GEOSArea_r(h, piece, &a);
                    GEOSGeom_destroy_r(h, piece);
                }
                if (a > 1e-6) {
                    sum += a;
                    ++r.shares;
                }
            }
            GEOSGeom_destroy_r(h, box);
        }
    r.max_error = total > 0 ? std::fabs(sum - total) / total : 0;
    GEOSPreparedGeom_destroy_r(h, prepared);
    GEOSGeom_destroy_r(h, poly);
    return r;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: geos_peer WS.sqlite [--cell 1000] [--threads 2]\n");
        return 1;
    }
    double cell = 1000;
    unsigned threads = 2;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--cell") == 0)
            cell = std::atof(argv[i + 1]);
        else if (std::strcmp(argv[i], "--threads") == 0)
            threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
    }
    std::vector<std::vector<unsigned char>> polygons;
    {
        auto ws = jw::store::Workspace::open(argv[1]);
        auto st = ws.db().prepare(
            "SELECT AsBinary(geom) FROM admin_units WHERE level = 'township' AND geom IS NOT NULL");
        while (st.step())
            polygons.push_back(st.column_blob(0));
    }
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<Result> per_thread(threads);
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            GEOSContextHandle_t h = GEOS_init_r();
            GEOSContext_setErrorHandler_r(h, geos_message);
            for (std::size_t i; (i = next++) < polygons.size();) {
                const auto r = run_township(h, polygons[i], cell);
                per_thread[t].shares += r.shares;
                per_thread[t].max_error = std::max(per_thread[t].max_error, r.max_error);
            }
            GEOS_finish_r(h);
        });
    for (auto& th : pool)
        th.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    Result all;
    for (const auto& r : per_thread) {
        all.shares += r.shares;
        all.max_error = std::max(all.max_error, r.max_error);
    }
    std::printf("%zu,%zu,%.1e,%.2f\n", polygons.size(), all.shares, all.max_error, seconds);
    return 0;
}
