// Contraction hierarchies: node ordering by lazy edge difference, witness searches with a settle
// limit, and the bucket many-to-many query with stall-on-demand.

#include "binary.hpp"
#include "dary_heap.hpp"

#include <algorithm>
#include <jingwei/error.hpp>
#include <jingwei/network/contraction.hpp>
#include <jingwei/parallel.hpp>
#include <queue>

namespace jw::network {
namespace {

struct Edge {
    NodeIndex other;
    Millis travel_ms;
};

// Keeps the faster of two parallel edges.
void add_or_lower(std::vector<Edge>& list, NodeIndex other, Millis ms) {
    for (auto& e : list)
        if (e.other == other) {
            e.travel_ms = std::min(e.travel_ms, ms);
            return;
        }
    list.push_back({other, ms});
}

void remove_edge_to(std::vector<Edge>& list, NodeIndex other) {
    for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i].other == other) {
            list[i] = list.back();
            list.pop_back();
            return;
        }
}

struct Shortcut {
    NodeIndex from, to;
    Millis travel_ms;
};

class Contractor {
  public:
    Contractor(const RoadGraph& graph, const ContractionOptions& options)
        : m_out(graph.node_count()), m_in(graph.node_count()), m_heap(graph.node_count()),
          m_dist(graph.node_count()), m_options(options) {
        for (const auto& a : graph.arcs())
            if (a.tail != a.head) {
                add_or_lower(m_out[a.tail], a.head, a.data.travel_ms);
                add_or_lower(m_in[a.head], a.tail, a.data.travel_ms);
            }
    }

    // Shortcuts that contracting v needs (those without a witness path avoiding v).
    void shortcuts_for(NodeIndex v, std::vector<Shortcut>& out) {
        out.clear();
        for (const auto& in : m_in[v]) {
            const NodeIndex u = in.other;
            Millis max_ms = 0;
            for (const auto& o : m_out[v])
                if (o.other != u)
                    max_ms = std::max(max_ms, in.travel_ms + o.travel_ms);
            if (max_ms == 0)
                continue;
            witness_search(u, v, max_ms);
            for (const auto& o : m_out[v]) {
                if (o.other == u)
                    continue;
                const Millis via = in.travel_ms + o.travel_ms;
                if (m_dist[o.other] > via)
                    out.push_back({u, o.other, via});
            }
            m_heap.clear();
            m_dist.reset();
        }
    }

    int priority(NodeIndex v) {
        shortcuts_for(v, m_scratch);
        const int edge_difference =
            static_cast<int>(m_scratch.size()) - static_cast<int>(m_in[v].size() + m_out[v].size());
        return edge_difference + static_cast<int>(m_deleted_neighbours[v]);
    }

    static ContractionHierarchy::UpArc to_up_arc(const Edge& e) { return {e.other, e.travel_ms}; }

    void run(std::vector<std::vector<ContractionHierarchy::UpArc>>& up,
             std::vector<std::vector<ContractionHierarchy::UpArc>>& down,
             std::size_t& shortcut_count,
             const Progress& progress) {
        const std::size_t n = m_out.size();
        m_deleted_neighbours.assign(n, 0);
        std::vector<int> current(n);
        std::vector<char> contracted(n, 0);
        using Item = std::pair<int, NodeIndex>;
        std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
        for (NodeIndex v = 0; v < n; ++v) {
            current[v] = priority(v);
            queue.push({current[v], v});
        }
        up.assign(n, {});
        down.assign(n, {});
        std::size_t done = 0;
        std::vector<Shortcut> shortcuts;
        std::vector<NodeIndex> neighbours;
        while (!queue.empty()) {
            const auto [p, v] = queue.top();
            queue.pop();
            if (contracted[v] || p != current[v])
                continue;
            // Lazy update: a stale priority that is no longer the smallest goes back.
            const int fresh = priority(v);
            if (fresh > p && !queue.empty() && fresh > queue.top().first) {
                current[v] = fresh;
                queue.push({fresh, v});
                continue;
            }
            shortcuts_for(v, shortcuts);
            for (const auto& e : m_out[v])
                up[v].push_back(to_up_arc(e));
            for (const auto& e : m_in[v])
                down[v].push_back(to_up_arc(e));
            neighbours.clear();
            for (const auto& e : m_out[v]) {
                remove_edge_to(m_in[e.other], v);
                neighbours.push_back(e.other);
            }
            for (const auto& e : m_in[v]) {
                remove_edge_to(m_out[e.other], v);
                neighbours.push_back(e.other);
            }
            for (const auto& s : shortcuts) {
                add_or_lower(m_out[s.from], s.to, s.travel_ms);
                add_or_lower(m_in[s.to], s.from, s.travel_ms);
            }
            shortcut_count += shortcuts.size();
            m_out[v].clear();
            m_out[v].shrink_to_fit();
            m_in[v].clear();
            m_in[v].shrink_to_fit();
            contracted[v] = 1;
            std::sort(neighbours.begin(), neighbours.end());
            neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
            for (const auto w : neighbours) {
                ++m_deleted_neighbours[w];
                current[w] = priority(w);
                queue.push({current[w], w});
            }
            if (++done % 4096 == 0 && !progress(static_cast<double>(done) / static_cast<double>(n),
                                                "contraction hierarchy"))
                throw Error("cancelled");
        }
    }

  private:
    void witness_search(NodeIndex source, NodeIndex avoid, Millis max_ms) {
        m_dist.set(source, 0);
        m_heap.push_or_decrease(source, 0);
        std::uint32_t settled = 0;
        while (!m_heap.empty()) {
            const auto [x, d] = m_heap.pop();
            if (d > max_ms || ++settled > m_options.witness_settle_limit)
                break;
            for (const auto& e : m_out[x]) {
                if (e.other == avoid)
                    continue;
                const Millis nd = d + e.travel_ms;
                if (nd <= max_ms && nd < m_dist[e.other]) {
                    m_dist.set(e.other, nd);
                    m_heap.push_or_decrease(e.other, nd);
                }
            }
        }
    }

    std::vector<std::vector<Edge>> m_out, m_in;
    std::vector<std::uint32_t> m_deleted_neighbours;
    std::vector<Shortcut> m_scratch;
    detail::DaryHeap m_heap;
    detail::DistanceLabels m_dist;
    ContractionOptions m_options;
};

void flatten(const std::vector<std::vector<ContractionHierarchy::UpArc>>& lists,
             std::vector<std::uint32_t>& first,
             std::vector<ContractionHierarchy::UpArc>& arcs) {
    first.assign(lists.size() + 1, 0);
    for (std::size_t v = 0; v < lists.size(); ++v)
        first[v + 1] = first[v] + static_cast<std::uint32_t>(lists[v].size());
    arcs.clear();
    arcs.reserve(first.back());
    for (const auto& l : lists) {
        auto sorted = l; // by head: the stored image does not depend on hash or heap order
        std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
            return a.head < b.head;
        });
        arcs.insert(arcs.end(), sorted.begin(), sorted.end());
    }
}

} // namespace

ContractionHierarchy ContractionHierarchy::build(const RoadGraph& graph,
                                                 const ContractionOptions& options,
                                                 const Progress& progress) {
    ContractionHierarchy ch;
    std::vector<std::vector<UpArc>> up, down;
    Contractor contractor(graph, options);
    contractor.run(up, down, ch.m_shortcuts, progress);
    flatten(up, ch.m_up_first, ch.m_up);
    flatten(down, ch.m_down_first, ch.m_down);
    progress(1.0, "contraction hierarchy");
    return ch;
}

MillisMatrix ContractionHierarchy::many_to_many(const std::vector<Endpoint>& sources,
                                                const std::vector<Endpoint>& targets,
                                                unsigned threads) const {
    MillisMatrix out;
    out.rows = sources.size();
    out.cols = targets.size();
    out.ms.assign(out.rows * out.cols, unreachable_ms);
    const std::size_t n = node_count();
    struct BucketEntry {
        NodeIndex node;
        std::uint32_t target;
        Millis travel_ms;
    };

    // One upward search from the seeds over `arcs`, stalling on `stall_arcs`; calls
    // visit(node, ms) for every node settled and not stalled.
    auto search = [n](const Endpoint& seeds,
                      const std::vector<std::uint32_t>& first,
                      const std::vector<UpArc>& arcs,
                      const std::vector<std::uint32_t>& stall_first,
                      const std::vector<UpArc>& stall_arcs,
                      detail::DaryHeap& heap,
                      detail::DistanceLabels& dist,
                      auto&& visit) {
        for (const auto& s : seeds)
            if (s.offset_ms < dist[s.node]) {
                dist.set(s.node, s.offset_ms);
                heap.push_or_decrease(s.node, s.offset_ms);
            }
        while (!heap.empty()) {
            const auto [x, d] = heap.pop();
            bool is_stalled = false;
            for (auto i = stall_first[x]; i < stall_first[x + 1] && !is_stalled; ++i) {
                const auto& a = stall_arcs[i];
                is_stalled = dist[a.head] != unreachable_ms && dist[a.head] + a.travel_ms < d;
            }
            if (is_stalled)
                continue;
            visit(x, d);
            for (auto i = first[x]; i < first[x + 1]; ++i) {
                const auto& a = arcs[i];
                const Millis nd = d + a.travel_ms;
                if (nd < dist[a.head]) {
                    dist.set(a.head, nd);
                    heap.push_or_decrease(a.head, nd);
                }
            }
        }
        heap.clear();
        dist.reset();
        (void)n;
    };

    // Backward searches fill per-thread entry lists, in target order within each thread.
    threads = std::max(1u, threads);
    std::vector<std::vector<BucketEntry>> per_thread(threads);
    parallel_ranges(
        targets.size(), threads, [&](unsigned range, std::size_t first, std::size_t last) {
            auto& entries = per_thread[range];
            detail::DaryHeap heap(n);
            detail::DistanceLabels dist(n);
            for (std::size_t j = first; j < last; ++j)
                search(targets[j],
                       m_down_first,
                       m_down,
                       m_up_first,
                       m_up,
                       heap,
                       dist,
                       [&](NodeIndex x, Millis d) {
                           entries.push_back({x, static_cast<std::uint32_t>(j), d});
                       });
        });
    // Buckets by node (counting sort; stable, so targets stay in order within a bucket).
    std::vector<std::uint32_t> bucket_first(n + 1, 0);
    for (const auto& list : per_thread)
        for (const auto& e : list)
            ++bucket_first[e.node + 1];
    for (std::size_t v = 0; v < n; ++v)
        bucket_first[v + 1] += bucket_first[v];
    struct Bucketed {
        std::uint32_t target;
        Millis travel_ms;
    };
    std::vector<Bucketed> buckets(bucket_first.back());
    {
        std::vector<std::uint32_t> fill(bucket_first.begin(), bucket_first.end() - 1);
        for (auto& list : per_thread) {
            for (const auto& e : list)
                buckets[fill[e.node]++] = {e.target, e.travel_ms};
            std::vector<BucketEntry>().swap(list);
        }
    }
    // Forward searches scan the buckets of every node they settle.
    parallel_ranges(sources.size(), threads, [&](unsigned, std::size_t first, std::size_t last) {
        detail::DaryHeap heap(n);
        detail::DistanceLabels dist(n);
        for (std::size_t i = first; i < last; ++i) {
            Millis* row = out.ms.data() + i * out.cols;
            search(sources[i],
                   m_up_first,
                   m_up,
                   m_down_first,
                   m_down,
                   heap,
                   dist,
                   [&](NodeIndex x, Millis d) {
                       for (auto b = bucket_first[x]; b < bucket_first[x + 1]; ++b) {
                           const Millis total = d + buckets[b].travel_ms;
                           if (total < row[buckets[b].target])
                               row[buckets[b].target] = total;
                       }
                   });
        }
    });
    return out;
}

namespace {
constexpr std::uint32_t ch_magic = 0x4a574348; // "JWCH"
}

void ContractionHierarchy::write(std::vector<unsigned char>& out) const {
    detail::put(out, ch_magic);
    detail::put<std::uint64_t>(out, m_shortcuts);
    detail::put_vector(out, m_up_first);
    detail::put_vector(out, m_up);
    detail::put_vector(out, m_down_first);
    detail::put_vector(out, m_down);
}

ContractionHierarchy ContractionHierarchy::read(const unsigned char*& data,
                                                const unsigned char* end) {
    if (detail::get<std::uint32_t>(data, end) != ch_magic)
        throw InputError("stored contraction hierarchy is not readable: re-import the roads");
    ContractionHierarchy ch;
    ch.m_shortcuts = detail::get<std::uint64_t>(data, end);
    ch.m_up_first = detail::get_vector<std::uint32_t>(data, end);
    ch.m_up = detail::get_vector<UpArc>(data, end);
    ch.m_down_first = detail::get_vector<std::uint32_t>(data, end);
    ch.m_down = detail::get_vector<UpArc>(data, end);
    if (ch.m_up_first.size() != ch.m_down_first.size() || ch.m_up_first.empty() ||
        ch.m_up_first.back() != ch.m_up.size() || ch.m_down_first.back() != ch.m_down.size())
        throw InputError("stored contraction hierarchy is inconsistent: re-import the roads");
    return ch;
}

} // namespace jw::network
