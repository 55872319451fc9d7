// The contraction hierarchy and the 4-ary-heap Dijkstra give exactly the times of a plain
// Boost.Graph Dijkstra, on random graphs with one-way arcs and on multi-seed trip ends.

#include <jingwei/network/contraction.hpp>

#include <catch2/catch.hpp>
#include <random>

using namespace jw::network;

namespace {

// A w x h grid with random travel times, some one-way streets and a few long diagonals.
RoadGraph random_grid(std::uint32_t w, std::uint32_t h, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&rng](std::uint64_t n) { return static_cast<std::uint32_t>(rng() % n); };
    std::vector<Point> xy;
    for (std::uint32_t y = 0; y < h; ++y)
        for (std::uint32_t x = 0; x < w; ++x)
            xy.push_back({x * 100.0, y * 100.0});
    std::vector<Arc> arcs;
    auto add = [&](NodeIndex a, NodeIndex b) {
        const Millis ms = 1000 + pick(20000);
        const int kind = static_cast<int>(pick(10));
        if (kind != 0)
            arcs.push_back({a, b, {ms, 100}});
        if (kind != 1)
            arcs.push_back({b, a, {ms + (kind == 2 ? 5000 : 0), 100}});
    };
    for (std::uint32_t y = 0; y < h; ++y)
        for (std::uint32_t x = 0; x < w; ++x) {
            const NodeIndex v = y * w + x;
            if (x + 1 < w)
                add(v, v + 1);
            if (y + 1 < h)
                add(v, v + w);
            if (pick(20) == 0)
                add(v, pick(w * h));
        }
    return RoadGraph(std::move(xy), std::move(arcs));
}

} // namespace

TEST_CASE("contraction hierarchy equals plain Dijkstra on random pairs", "[network]") {
    for (const std::uint64_t seed : {1, 2, 3}) {
        const auto g = random_grid(30, 25, seed);
        const auto ch = ContractionHierarchy::build(g);
        CHECK(ch.node_count() == g.node_count());
        std::mt19937_64 rng(seed + 100);
        std::vector<Endpoint> sources, targets;
        std::vector<NodeIndex> s_nodes, t_nodes;
        for (int i = 0; i < 40; ++i) {
            s_nodes.push_back(static_cast<NodeIndex>(rng() % g.node_count()));
            t_nodes.push_back(static_cast<NodeIndex>(rng() % g.node_count()));
            sources.push_back({{s_nodes.back(), 0}});
            targets.push_back({{t_nodes.back(), 0}});
        }
        const auto by_ch = ch.many_to_many(sources, targets, 2);
        const auto by_dijkstra = dijkstra_matrix(g, sources, targets, 2);
        for (std::size_t i = 0; i < sources.size(); ++i) {
            const auto reference = boost_dijkstra(g, s_nodes[i]);
            for (std::size_t j = 0; j < targets.size(); ++j) {
                INFO("seed " << seed << " pair " << i << "," << j);
                REQUIRE(by_dijkstra.at(i, j) == reference[t_nodes[j]]);
                REQUIRE(by_ch.at(i, j) == reference[t_nodes[j]]);
            }
        }
    }
}

TEST_CASE("trip ends with two seeds and offsets take the better seed", "[network]") {
    const auto g = random_grid(20, 20, 7);
    const auto ch = ContractionHierarchy::build(g);
    std::mt19937_64 rng(8);
    std::vector<Endpoint> sources, targets;
    for (int i = 0; i < 15; ++i) {
        sources.push_back({{static_cast<NodeIndex>(rng() % 400), static_cast<Millis>(rng() % 5000)},
                           {static_cast<NodeIndex>(rng() % 400), static_cast<Millis>(rng() % 5000)}});
        targets.push_back({{static_cast<NodeIndex>(rng() % 400), static_cast<Millis>(rng() % 5000)},
                           {static_cast<NodeIndex>(rng() % 400), static_cast<Millis>(rng() % 5000)}});
    }
    targets.push_back({});  // an unsnapped end: no time
    const auto by_ch = ch.many_to_many(sources, targets, 2);
    const auto by_dijkstra = dijkstra_matrix(g, sources, targets, 1);
    for (std::size_t i = 0; i < sources.size(); ++i) {
        std::vector<std::vector<Millis>> rows;
        for (const auto& s : sources[i])
            rows.push_back(boost_dijkstra(g, s.node));
        for (std::size_t j = 0; j < targets.size(); ++j) {
            Millis expected = unreachable_ms;
            for (std::size_t a = 0; a < sources[i].size(); ++a)
                for (const auto& t : targets[j])
                    if (rows[a][t.node] != unreachable_ms)
                        expected = std::min<Millis>(expected, sources[i][a].offset_ms + rows[a][t.node] + t.offset_ms);
            REQUIRE(by_ch.at(i, j) == expected);
            REQUIRE(by_dijkstra.at(i, j) == expected);
        }
    }
}

TEST_CASE("the hierarchy's image reads back and answers the same", "[network]") {
    const auto g = random_grid(15, 15, 11);
    const auto ch = ContractionHierarchy::build(g);
    std::vector<unsigned char> image;
    ch.write(image);
    const unsigned char* p = image.data();
    const auto back = ContractionHierarchy::read(p, image.data() + image.size());
    CHECK(p == image.data() + image.size());
    std::vector<Endpoint> ends;
    for (NodeIndex v = 0; v < g.node_count(); v += 7)
        ends.push_back({{v, 0}});
    CHECK(back.many_to_many(ends, ends, 1).ms == ch.many_to_many(ends, ends, 2).ms);
}
