// Exports the road network stored in a workspace for pgRouting (one row per directed arc, cost in
// seconds) with the same random origin/destination nodes as bench_matrix (same seed), and times
// our contraction-hierarchy matrix on them; writes our times of the first origins so the
// pgRouting answers can be checked pair by pair.
//
//   export_pgrouting WS.sqlite OUTDIR [--n 2000] [--threads 2] [--check-origins 100] [--seed 1]
// Writes OUTDIR/edges.csv (id,source,target,cost), OUTDIR/sources.csv, OUTDIR/targets.csv
// (pgRouting vertex id = node + 1) and OUTDIR/ours.csv (start_vid,end_vid,seconds); prints
// "ours_s,<seconds>" and "ours_peak_mb,<MB>".

#include "draw.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <jingwei/network/workspace_roads.hpp>
#include <random>
#include <string>
#include <sys/resource.h>

using namespace jw::network;

namespace {
using jw::bench::now_s;
std::FILE* open_out(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) {
        std::perror(path.c_str());
        std::exit(1);
    }
    return f;
}
} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr,
                     "usage: export_pgrouting WS.sqlite OUTDIR [--n 2000] [--threads 2] "
                     "[--check-origins 100] [--seed 1]\n");
        return 2;
    }
    const std::string out = argv[2];
    std::size_t n = 2000, check = 100;
    unsigned threads = 2;
    std::uint64_t seed = 1;
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string f = argv[i];
        if (f == "--n")
            n = std::strtoull(argv[i + 1], nullptr, 10);
        else if (f == "--threads")
            threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
        else if (f == "--check-origins")
            check = std::strtoull(argv[i + 1], nullptr, 10);
        else if (f == "--seed")
            seed = std::strtoull(argv[i + 1], nullptr, 10);
    }
    auto ws = jw::store::Workspace::open(argv[1], true);
    const auto net = load_road_network(ws);
    if (!net) {
        std::fprintf(stderr, "%s: no road network\n", argv[1]);
        return 1;
    }
    const auto& g = net->graph;
    // The same draw as bench_matrix.
    const auto draw = jw::bench::draw_nodes(g, n, seed);
    const auto &s_nodes = draw.source_nodes, &t_nodes = draw.target_nodes;
    const double t0 = now_s();
    const auto ch = net->hierarchy.many_to_many(draw.sources, draw.targets, threads);
    const double ours_s = now_s() - t0;
    rusage u{};
    getrusage(RUSAGE_SELF, &u);

    std::FILE* edges = open_out(out + "/edges.csv");
    std::fprintf(edges, "id,source,target,cost\n");
    std::size_t id = 0;
    for (const auto& a : g.arcs())
        std::fprintf(
            edges, "%zu,%u,%u,%.3f\n", ++id, a.tail + 1, a.head + 1, a.data.travel_ms / 1000.0);
    std::fclose(edges);
    std::FILE* s = open_out(out + "/sources.csv");
    std::FILE* t = open_out(out + "/targets.csv");
    std::fprintf(s, "seq,vid\n");
    std::fprintf(t, "seq,vid\n");
    for (std::size_t i = 0; i < n; ++i) {
        std::fprintf(s, "%zu,%u\n", i, s_nodes[i] + 1);
        std::fprintf(t, "%zu,%u\n", i, t_nodes[i] + 1);
    }
    std::fclose(s);
    std::fclose(t);
    std::FILE* ours = open_out(out + "/ours.csv");
    std::fprintf(ours, "start_vid,end_vid,seconds\n");
    for (std::size_t i = 0; i < std::min(check, n); ++i)
        for (std::size_t j = 0; j < n; ++j)
            if (ch.at(i, j) != unreachable_ms)
                std::fprintf(
                    ours, "%u,%u,%.3f\n", s_nodes[i] + 1, t_nodes[j] + 1, ch.at(i, j) / 1000.0);
    std::fclose(ours);
    std::printf("ours_s,%.3f\nours_peak_mb,%ld\narcs,%zu\n", ours_s, u.ru_maxrss / 1024, id);
    return 0;
}
