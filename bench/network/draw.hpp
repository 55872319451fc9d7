#pragma once
// Shared by the network benchmarks: the wall clock and the random origin/destination nodes, so
// bench_matrix and export_pgrouting time the very same pairs for one seed.

#include <chrono>
#include <jingwei/network/query.hpp>
#include <random>
#include <vector>

namespace jw::bench {

inline double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// n source and n target nodes drawn interleaved from one generator, each as a trip end.
struct Draw {
    std::vector<network::NodeIndex> source_nodes, target_nodes;
    std::vector<network::Endpoint> sources, targets;
};
inline Draw draw_nodes(const network::RoadGraph& g, std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    Draw d;
    for (std::size_t i = 0; i < n; ++i) {
        d.source_nodes.push_back(static_cast<network::NodeIndex>(rng() % g.node_count()));
        d.target_nodes.push_back(static_cast<network::NodeIndex>(rng() % g.node_count()));
        d.sources.push_back({{d.source_nodes.back(), 0}});
        d.targets.push_back({{d.target_nodes.back(), 0}});
    }
    return d;
}

} // namespace jw::bench
