// TSP: nearest-neighbour start, 2-opt + Or-opt local search on neighbour lists driven by a queue
// of "dirty" nodes (don't-look bits), inside an iterated local search whose kick is a segment
// double bridge (Martin, Otto & Felten 1991; Johnson & McGeoch 1997). Every move is a sequence of
// 2-opt reversals on an array tour, so one undo journal reverts a rejected kick in O(changes).

#include <algorithm>
#include <deque>
#include <exception>
#include <jingwei/error.hpp>
#include <jingwei/parallel.hpp>
#include <jingwei/routing/random.hpp>
#include <jingwei/routing/tsp.hpp>
#include <numeric>
#include <thread>
#include <utility>

namespace jw::routing {
namespace {

// Gains below this are rounding noise: TSPLIB lengths are integers, other costs are doubles.
constexpr double min_gain = 1e-7;

using Neighbours = std::vector<std::vector<int>>;

Neighbours nearest_neighbours(const Matrix& d, std::size_t k) {
    const int n = static_cast<int>(d.size());
    k = std::min<std::size_t>(k, static_cast<std::size_t>(n - 1));
    Neighbours out(static_cast<std::size_t>(n));
    std::vector<std::pair<double, int>> row;
    for (int i = 0; i < n; ++i) {
        row.clear();
        for (int j = 0; j < n; ++j)
            if (j != i)
                row.emplace_back(d(static_cast<std::size_t>(i), static_cast<std::size_t>(j)), j);
        // Ties broken by index so the lists, and so the search, are the same everywhere.
        std::partial_sort(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(k), row.end());
        auto& list = out[static_cast<std::size_t>(i)];
        for (std::size_t r = 0; r < k; ++r)
            list.push_back(row[r].second);
    }
    return out;
}

/// Array tour with positions; writes can be journaled and undone.
class Tour {
  public:
    explicit Tour(std::vector<int> order) : m_order(std::move(order)), m_pos(m_order.size()) {
        m_n = static_cast<int>(m_order.size());
        for (int i = 0; i < m_n; ++i)
            m_pos[static_cast<std::size_t>(m_order[static_cast<std::size_t>(i)])] = i;
    }
    int size() const { return m_n; }
    int at(int index) const { return m_order[static_cast<std::size_t>(wrap(index))]; }
    int pos(int node) const { return m_pos[static_cast<std::size_t>(node)]; }
    int next(int node) const { return at(pos(node) + 1); }
    int prev(int node) const { return at(pos(node) - 1); }
    const std::vector<int>& order() const { return m_order; }

    /// Reverses the path from a forward to b; reverses the complement instead when shorter, which
    /// gives the same cyclic tour read the other way.
    void reverse_path(int a, int b) {
        int i = pos(a);
        int j = pos(b);
        int len = j - i;
        if (len < 0)
            len += m_n;
        len += 1;
        if (2 * len > m_n) {
            i = wrap(j + 1);
            j = wrap(pos(a) - 1);
            len = m_n - len;
        }
        for (int k = 0; k < len / 2; ++k) {
            const int u = at(i);
            const int v = at(j);
            set(i, v);
            set(j, u);
            i = wrap(i + 1);
            j = wrap(j - 1);
        }
    }

    /// Removes edges (a,b), (c,d) and adds (a,c), (b,d); a→b and c→d run the same way round.
    void two_opt(int a, int b, int c, int d) {
        (void)d;
        if (next(a) == b)
            reverse_path(b, c);
        else
            reverse_path(c, b);
    }

    /// Swaps the adjacent segments [first, first+len1) and [first+len1, first+len1+len2).
    void swap_segments(int first, int len1, int len2) {
        m_buffer.clear();
        for (int k = 0; k < len2; ++k)
            m_buffer.push_back(at(first + len1 + k));
        for (int k = 0; k < len1; ++k)
            m_buffer.push_back(at(first + k));
        for (int k = 0; k < len1 + len2; ++k)
            set(wrap(first + k), m_buffer[static_cast<std::size_t>(k)]);
    }

    void start_journal() { m_journal.clear(); }
    void undo_journal() {
        for (auto it = m_journal.rbegin(); it != m_journal.rend(); ++it)
            m_order[static_cast<std::size_t>(it->first)] = it->second;
        for (const auto& [index, old] : m_journal)
            m_pos[static_cast<std::size_t>(m_order[static_cast<std::size_t>(index)])] = index;
        m_journal.clear();
    }

  private:
    int wrap(int index) const {
        if (index >= m_n)
            return index - m_n;
        if (index < 0)
            return index + m_n;
        return index;
    }
    void set(int index, int node) {
        m_journal.emplace_back(index, m_order[static_cast<std::size_t>(index)]);
        m_order[static_cast<std::size_t>(index)] = node;
        m_pos[static_cast<std::size_t>(node)] = index;
    }

    int m_n = 0;
    std::vector<int> m_order;
    std::vector<int> m_pos;
    std::vector<std::pair<int, int>> m_journal; // (index, previous node there)
    std::vector<int> m_buffer;
};

class LocalSearch {
  public:
    LocalSearch(const Matrix& d, const Neighbours& nb, Tour& tour)
        : m_d(d), m_nb(nb), m_tour(tour), m_queued(static_cast<std::size_t>(tour.size()), 0) {}

    void push(int node) {
        if (!m_queued[static_cast<std::size_t>(node)]) {
            m_queued[static_cast<std::size_t>(node)] = 1;
            m_queue.push_back(node);
        }
    }
    void push_all() {
        for (int v : m_tour.order())
            push(v);
    }

    /// Runs until no queued node yields an improving move; returns the total gain.
    double run() {
        double gain = 0.0;
        while (!m_queue.empty()) {
            const int a = m_queue.front();
            m_queue.pop_front();
            m_queued[static_cast<std::size_t>(a)] = 0;
            double g = try_two_opt(a);
            if (g <= 0.0)
                g = try_or_opt(a);
            if (g > 0.0) {
                gain += g;
                push(a);
            }
        }
        return gain;
    }

  private:
    double dist(int a, int b) const {
        return m_d(static_cast<std::size_t>(a), static_cast<std::size_t>(b));
    }
    const std::vector<int>& nb(int a) const { return m_nb[static_cast<std::size_t>(a)]; }

    double try_two_opt(int a) {
        for (int forward = 1; forward >= 0; --forward) {
            const int b = forward ? m_tour.next(a) : m_tour.prev(a);
            const double d_ab = dist(a, b);
            for (int c : nb(a)) {
                const double g1 = d_ab - dist(a, c);
                if (g1 <= min_gain)
                    break;
                const int d = forward ? m_tour.next(c) : m_tour.prev(c);
                if (c == b || d == a)
                    continue;
                const double gain = g1 + dist(c, d) - dist(b, d);
                if (gain > min_gain) {
                    m_tour.two_opt(a, b, c, d);
                    push(b);
                    push(c);
                    push(d);
                    return gain;
                }
            }
        }
        return 0.0;
    }

    // Moves a segment of 1–3 nodes that starts or ends at `a` next to one of its end's neighbours,
    // in either orientation.
    double try_or_opt(int a) {
        const int n = m_tour.size();
        if (n < 8)
            return 0.0;
        for (int len = 1; len <= 3; ++len) {
            for (int forward = 1; forward >= 0; --forward) {
                if (len == 1 && !forward)
                    continue;
                int s1 = a;
                int s2 = a;
                for (int k = 1; k < len; ++k) {
                    if (forward)
                        s2 = m_tour.next(s2);
                    else
                        s1 = m_tour.prev(s1);
                }
                const double g = try_move_segment(s1, s2, len);
                if (g > 0.0)
                    return g;
            }
        }
        return 0.0;
    }

    double try_move_segment(int s1, int s2, int len) {
        const int p = m_tour.prev(s1);
        const int nx = m_tour.next(s2);
        const int mid = len == 3 ? m_tour.next(s1) : s1;
        const auto in_segment = [&](int v) { return v == s1 || v == s2 || v == mid; };
        const double removal_gain = dist(p, s1) + dist(s2, nx) - dist(p, nx);
        if (removal_gain <= min_gain)
            return 0.0;
        for (int end = 0; end < 2; ++end) {
            const int s = end == 0 ? s1 : s2;
            for (int c : nb(s)) {
                const double g1 = removal_gain - dist(c, s);
                if (g1 <= min_gain)
                    break;
                if (in_segment(c))
                    continue;
                for (int after = 1; after >= 0; --after) {
                    // Edge (u, v) with v = next(u); c is u or v and touches segment end s.
                    const int u = after ? c : m_tour.prev(c);
                    const int v = after ? m_tour.next(c) : c;
                    if (in_segment(u) || in_segment(v) || u == nx || v == p)
                        continue;
                    const int other = s == s1 ? s2 : s1;
                    const int far = after ? v : u;
                    const double gain = g1 - dist(other, far) + dist(u, v);
                    if (gain > min_gain) {
                        // forward means u s1..s2 v in the current orientation
                        const bool is_forward = (after && s == s1) || (!after && s == s2);
                        move_segment(p, s1, s2, nx, u, v, is_forward, len);
                        for (int w : {p, nx, s1, s2, u, v})
                            push(w);
                        return gain;
                    }
                }
            }
        }
        return 0.0;
    }

    // Three 2-opt steps (see docs/decisions/0004): p s1..s2 nx .. u v  →  p nx .. u s1..s2 v.
    void move_segment(int p, int s1, int s2, int nx, int u, int v, bool is_forward, int len) {
        m_tour.two_opt(p, s1, u, v); // p u .. nx s2..s1 v
        if (u != nx)
            m_tour.two_opt(p, u, nx, s2); // p nx .. u s2..s1 v
        if (is_forward && len > 1)
            m_tour.two_opt(u, s2, s1, v); // p nx .. u s1..s2 v
    }

    const Matrix& m_d;
    const Neighbours& m_nb;
    Tour& m_tour;
    std::vector<char> m_queued;
    std::deque<int> m_queue;
};

std::vector<int> nearest_neighbour_tour(const Matrix& d, const Neighbours& nb, int start) {
    const int n = static_cast<int>(d.size());
    std::vector<char> used(static_cast<std::size_t>(n), 0);
    std::vector<int> order;
    order.reserve(static_cast<std::size_t>(n));
    int current = start;
    for (;;) {
        order.push_back(current);
        used[static_cast<std::size_t>(current)] = 1;
        if (static_cast<int>(order.size()) == n)
            break;
        int chosen = -1;
        for (int c : nb[static_cast<std::size_t>(current)])
            if (!used[static_cast<std::size_t>(c)]) {
                chosen = c;
                break;
            }
        if (chosen < 0) { // every candidate used: scan all (rare, late in the construction)
            double best = 0.0;
            for (int j = 0; j < n; ++j) {
                if (used[static_cast<std::size_t>(j)])
                    continue;
                const double dj = d(static_cast<std::size_t>(current), static_cast<std::size_t>(j));
                if (chosen < 0 || dj < best) {
                    best = dj;
                    chosen = j;
                }
            }
        }
        current = chosen;
    }
    return order;
}

double length_of(const Matrix& d, const std::vector<int>& order) {
    double total = 0.0;
    for (std::size_t i = 0; i < order.size(); ++i)
        total += d(static_cast<std::size_t>(order[i]),
                   static_cast<std::size_t>(order[(i + 1) % order.size()]));
    return total;
}

struct WorkerResult {
    std::vector<int> order;
    double length = 0.0;
    std::uint64_t iterations = 0;
};

WorkerResult iterated_local_search(const Matrix& d,
                                   const Neighbours& nb,
                                   const SearchOptions& search,
                                   std::uint64_t seed) {
    const detail::StopRule stop(search);
    Random random(seed);
    const int n = static_cast<int>(d.size());
    Tour tour(
        nearest_neighbour_tour(d, nb, static_cast<int>(random.below(static_cast<unsigned>(n)))));
    LocalSearch ls(d, nb, tour);
    ls.push_all();
    ls.run();
    double length = length_of(d, tour.order());

    // Kick: swap two adjacent short segments (a double bridge confined to a stretch of tour), so
    // the local search repairs it in O(segment) instead of O(n) time.
    const int max_segment = std::clamp(n / 8, 1, 30);
    std::uint64_t iterations = 0;
    while (!stop.should_stop(iterations)) {
        ++iterations;
        tour.start_journal();
        const int first = static_cast<int>(random.below(static_cast<unsigned>(n)));
        const int len1 = static_cast<int>(random.between(1, max_segment));
        const int len2 = static_cast<int>(random.between(1, max_segment));
        const int before = tour.at(first - 1);
        const int head1 = tour.at(first);
        const int tail1 = tour.at(first + len1 - 1);
        const int head2 = tour.at(first + len1);
        const int tail2 = tour.at(first + len1 + len2 - 1);
        const int after = tour.at(first + len1 + len2);
        const double kick_cost =
            d(static_cast<std::size_t>(before), static_cast<std::size_t>(head2)) +
            d(static_cast<std::size_t>(tail2), static_cast<std::size_t>(head1)) +
            d(static_cast<std::size_t>(tail1), static_cast<std::size_t>(after)) -
            d(static_cast<std::size_t>(before), static_cast<std::size_t>(head1)) -
            d(static_cast<std::size_t>(tail1), static_cast<std::size_t>(head2)) -
            d(static_cast<std::size_t>(tail2), static_cast<std::size_t>(after));
        tour.swap_segments(first, len1, len2);
        for (int v : {before, head1, tail1, head2, tail2, after})
            ls.push(v);
        const double gain = ls.run();
        if (gain - kick_cost >= -min_gain)
            length += kick_cost - gain;
        else
            tour.undo_journal();
    }
    return {tour.order(), length_of(d, tour.order()), iterations};
}

std::vector<std::size_t> brute_force(const Matrix& d) {
    const std::size_t n = d.size();
    std::vector<std::size_t> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    std::vector<std::size_t> best = perm;
    double best_length = tour_length(d, perm);
    // Location 0 stays first: rotations are the same tour.
    while (n > 2 && std::next_permutation(perm.begin() + 1, perm.end())) {
        const double len = tour_length(d, perm);
        if (len < best_length - min_gain) {
            best_length = len;
            best = perm;
        }
    }
    return best;
}

} // namespace

double tour_length(const Matrix& distance, const std::vector<std::size_t>& tour) {
    double total = 0.0;
    for (std::size_t i = 0; i < tour.size(); ++i)
        total += distance(tour[i], tour[(i + 1) % tour.size()]);
    return total;
}

TspSolution solve_tsp(const Matrix& distance, const TspOptions& options) {
    const detail::StopRule validate(options.search);
    (void)validate;
    const std::size_t n = distance.size();
    TspSolution out;
    if (n <= 8) {
        out.tour = brute_force(distance);
        out.length = tour_length(distance, out.tour);
        return out;
    }
    const Neighbours nb =
        nearest_neighbours(distance, std::max<std::size_t>(options.neighbours, 5));
    const unsigned workers = std::max(1u, options.search.threads);
    std::vector<WorkerResult> results(workers);
    // One independent search per worker, each with its own seed.
    parallel_ranges(workers, workers, [&](unsigned, std::size_t first, std::size_t last) {
        for (std::size_t w = first; w < last; ++w)
            results[w] = iterated_local_search(
                distance, nb, options.search, derive_seed(options.search.seed, w));
    });
    // Fixed reduction order: the lowest worker index wins ties.
    std::size_t best = 0;
    for (std::size_t w = 1; w < results.size(); ++w)
        if (results[w].length < results[best].length - min_gain)
            best = w;
    for (const auto& r : results)
        out.iterations += r.iterations;
    const auto& order = results[best].order;
    const auto zero = std::find(order.begin(), order.end(), 0);
    out.tour.assign(zero, order.end());
    out.tour.insert(out.tour.end(), order.begin(), zero);
    out.length = tour_length(distance, out.tour);
    return out;
}

} // namespace jw::routing
