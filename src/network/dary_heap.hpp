#pragma once
// Private to network/: a 4-ary min-heap of node indices keyed by Millis, with decrease-key
// through a position array. Four children per node halve the depth of a binary heap and keep
// the children in one cache line; road graphs do many decrease-keys, which a d-ary heap makes
// cheap (Johnson 1975; Chen et al. 2007 measured it best for Dijkstra on road networks).

#include <jingwei/network/graph.hpp>

#include <vector>

namespace jw::network::detail {

class DaryHeap {
public:
    explicit DaryHeap(std::size_t node_count) : m_pos(node_count, absent) {}

    bool empty() const { return m_heap.empty(); }
    bool contains(NodeIndex v) const { return m_pos[v] != absent; }
    /// Inserts v or lowers its key; a higher key is ignored.
    void push_or_decrease(NodeIndex v, Millis key) {
        std::size_t i = m_pos[v];
        if (i == absent) {
            i = m_heap.size();
            m_heap.push_back({key, v});
        } else if (key < m_heap[i].key) {
            m_heap[i].key = key;
        } else {
            return;
        }
        sift_up(i);
    }
    /// Removes and returns the node with the smallest key (the smallest index among equals is
    /// not guaranteed; callers' results never depend on it, only on the keys).
    std::pair<NodeIndex, Millis> pop() {
        const Entry top = m_heap.front();
        m_pos[top.node] = absent;
        const Entry last = m_heap.back();
        m_heap.pop_back();
        if (!m_heap.empty()) {
            m_heap[0] = last;
            m_pos[last.node] = 0;
            sift_down(0);
        }
        return {top.node, top.key};
    }
    void clear() {
        for (const auto& e : m_heap)
            m_pos[e.node] = absent;
        m_heap.clear();
    }

private:
    static constexpr std::uint32_t absent = 0xffffffffu;
    struct Entry {
        Millis key;
        NodeIndex node;
    };
    void sift_up(std::size_t i) {
        const Entry e = m_heap[i];
        while (i > 0) {
            const std::size_t parent = (i - 1) / 4;
            if (m_heap[parent].key <= e.key)
                break;
            m_heap[i] = m_heap[parent];
            m_pos[m_heap[i].node] = static_cast<std::uint32_t>(i);
            i = parent;
        }
        m_heap[i] = e;
        m_pos[e.node] = static_cast<std::uint32_t>(i);
    }
    void sift_down(std::size_t i) {
        const Entry e = m_heap[i];
        const std::size_t n = m_heap.size();
        while (true) {
            const std::size_t first = 4 * i + 1;
            if (first >= n)
                break;
            std::size_t best = first;
            const std::size_t last = std::min(first + 4, n);
            for (std::size_t c = first + 1; c < last; ++c)
                if (m_heap[c].key < m_heap[best].key)
                    best = c;
            if (m_heap[best].key >= e.key)
                break;
            m_heap[i] = m_heap[best];
            m_pos[m_heap[i].node] = static_cast<std::uint32_t>(i);
            i = best;
        }
        m_heap[i] = e;
        m_pos[e.node] = static_cast<std::uint32_t>(i);
    }
    std::vector<Entry> m_heap;
    std::vector<std::uint32_t> m_pos;
};

/// Tentative distances that reset in time proportional to what a search touched.
class DistanceLabels {
public:
    explicit DistanceLabels(std::size_t node_count) : m_dist(node_count, unreachable_ms) {}
    Millis operator[](NodeIndex v) const { return m_dist[v]; }
    void set(NodeIndex v, Millis d) {
        if (m_dist[v] == unreachable_ms)
            m_touched.push_back(v);
        m_dist[v] = d;
    }
    void reset() {
        for (const auto v : m_touched)
            m_dist[v] = unreachable_ms;
        m_touched.clear();
    }

private:
    std::vector<Millis> m_dist;
    std::vector<NodeIndex> m_touched;
};

} // namespace jw::network::detail
