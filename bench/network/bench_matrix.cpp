// Times the road network stored in a workspace: the product's matrix (contraction hierarchy),
// one 4-ary-heap Dijkstra per origin, and one plain Boost.Graph Dijkstra per origin; checks that
// all three give identical times. Prints `case, n, ours_s, peer_s, ratio` lines.
//
//   bench_matrix WS.sqlite [--n 2000] [--threads 2] [--boost-origins 100] [--seed 1]

#include "draw.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <jingwei/network/workspace_roads.hpp>
#include <jingwei/parallel.hpp>
#include <random>
#include <string>
#include <sys/resource.h>

using namespace jw::network;

namespace {
using jw::bench::now_s;
long peak_rss_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}
} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: bench_matrix WS.sqlite [--n 2000] [--threads 2] [--boost-origins 100] "
                     "[--seed 1]\n");
        return 2;
    }
    std::size_t n = 2000, boost_origins = 100;
    unsigned threads = 2;
    std::uint64_t seed = 1;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string f = argv[i];
        if (f == "--n")
            n = std::strtoull(argv[i + 1], nullptr, 10);
        else if (f == "--threads")
            threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
        else if (f == "--boost-origins")
            boost_origins = std::strtoull(argv[i + 1], nullptr, 10);
        else if (f == "--seed")
            seed = std::strtoull(argv[i + 1], nullptr, 10);
    }
    auto ws = jw::store::Workspace::open(argv[1], true);
    double t0 = now_s();
    const auto net = load_road_network(ws);
    if (!net) {
        std::fprintf(stderr, "%s: no road network\n", argv[1]);
        return 1;
    }
    const double load_s = now_s() - t0;
    const auto& g = net->graph;
    const auto draw = jw::bench::draw_nodes(g, n, seed);
    const auto &s_nodes = draw.source_nodes, &t_nodes = draw.target_nodes;
    const auto &sources = draw.sources, &targets = draw.targets;
    t0 = now_s();
    const auto ch = net->hierarchy.many_to_many(sources, targets, threads);
    const double ch_s = now_s() - t0;
    const long ch_rss = peak_rss_mb();

    t0 = now_s();
    const auto dij = dijkstra_matrix(g, sources, targets, threads);
    const double dij_s = now_s() - t0;

    // Boost.Graph, one full Dijkstra per origin on `threads` threads, on the first origins only
    // (it is the slow reference); scaled to n origins.
    const std::size_t k = std::min(boost_origins, n);
    std::vector<std::vector<Millis>> rows(k);
    t0 = now_s();
    jw::parallel_ranges(k, threads, [&](unsigned, std::size_t first, std::size_t last) {
        for (std::size_t i = first; i < last; ++i)
            rows[i] = boost_dijkstra(g, s_nodes[i]);
    });
    const double boost_s = (now_s() - t0) * static_cast<double>(n) / static_cast<double>(k);

    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            mismatches += ch.at(i, j) != dij.at(i, j);
            if (i < k)
                mismatches += ch.at(i, j) != rows[i][t_nodes[j]];
        }
    std::printf("# graph %zu nodes, %zu arcs, hierarchy %zu arcs (%zu shortcuts); load %.2f s; "
                "peak RSS after CH "
                "matrix %ld MB\n",
                g.node_count(),
                g.arc_count(),
                net->hierarchy.arc_count(),
                net->hierarchy.shortcut_count(),
                load_s,
                ch_rss);
    std::printf("case, n, ours_s, peer_s, ratio\n");
    std::printf("ch_vs_dary_dijkstra, %zu, %.3f, %.3f, %.1f\n", n, ch_s, dij_s, dij_s / ch_s);
    std::printf("ch_vs_boost_dijkstra, %zu, %.3f, %.3f, %.1f\n", n, ch_s, boost_s, boost_s / ch_s);
    std::printf("# boost: %zu origins timed, scaled to %zu; mismatches: %zu\n", k, n, mismatches);
    return mismatches == 0 ? 0 : 1;
}
