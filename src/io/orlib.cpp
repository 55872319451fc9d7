#include <algorithm>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <functional>
#include <jingwei/error.hpp>
#include <jingwei/io/orlib.hpp>
#include <limits>
#include <map>
#include <queue>
#include <string_view>
#include <utility>
#include <vector>

namespace jw::io {
namespace {

// Splits a line into whitespace-separated integer fields; throws the reason only (the caller
// adds file and line).
std::vector<std::int64_t> integer_fields(const std::string& line, const char* field) {
    std::vector<std::int64_t> out;
    std::size_t pos = 0;
    while (pos < line.size()) {
        while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t' || line[pos] == '\r'))
            ++pos;
        if (pos >= line.size())
            break;
        std::size_t end = pos;
        while (end < line.size() && line[end] != ' ' && line[end] != '\t' && line[end] != '\r')
            ++end;
        const std::string_view token(line.data() + pos, end - pos);
        std::int64_t value = 0;
        const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
        if (ec != std::errc() || ptr != token.data() + token.size())
            throw InputError("", 0, field, "'" + std::string(token) + "' is not an integer");
        out.push_back(value);
        pos = end;
    }
    return out;
}

bool is_blank(const std::string& line) {
    return std::all_of(
        line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

using Adjacency = std::vector<std::vector<std::pair<std::uint32_t, double>>>;

// One Dijkstra per vertex (O(n m log n) in all, well under Floyd-Warshall's n^3 on these sparse
// graphs). Returns the number of vertices reached from `source`.
std::size_t shortest_paths_from(const Adjacency& adj, std::uint32_t source, double* dist) {
    const double inf = std::numeric_limits<double>::infinity();
    std::fill(dist, dist + adj.size(), inf);
    using Entry = std::pair<double, std::uint32_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    dist[source] = 0.0;
    queue.push({0.0, source});
    std::size_t reached = 0;
    while (!queue.empty()) {
        const auto [d, u] = queue.top();
        queue.pop();
        if (d > dist[u])
            continue;
        ++reached;
        for (const auto& [v, w] : adj[u]) {
            if (d + w < dist[v]) {
                dist[v] = d + w;
                queue.push({dist[v], v});
            }
        }
    }
    return reached;
}

} // namespace

OrlibPMedian parse_orlib_pmedian(std::istream& in, const std::string& file) {
    OrlibPMedian out;
    std::string line;
    std::int64_t line_number = 0;
    bool has_header = false;
    std::size_t edges_read = 0;
    // Last occurrence wins: keyed by (min, max) vertex, value overwritten on repeat.
    std::map<std::pair<std::uint32_t, std::uint32_t>, double> edges;
    while (std::getline(in, line)) {
        ++line_number;
        if (is_blank(line))
            continue;
        try {
            if (!has_header) {
                const auto f = integer_fields(line, "header");
                if (f.size() != 3)
                    throw InputError("",
                                     0,
                                     "header",
                                     "expected 'n m p', found " + std::to_string(f.size()) +
                                         " fields");
                if (f[0] < 1 || f[0] > 100000)
                    throw InputError("",
                                     0,
                                     "n",
                                     "vertex count " + std::to_string(f[0]) +
                                         " is not in 1..100000");
                if (f[1] < 0)
                    throw InputError("", 0, "m", "edge count is negative");
                if (f[2] < 1 || f[2] > f[0])
                    throw InputError(
                        "", 0, "p", "median count " + std::to_string(f[2]) + " is not in 1..n");
                out.vertex_count = static_cast<std::size_t>(f[0]);
                out.edge_count = static_cast<std::size_t>(f[1]);
                out.median_count = static_cast<std::size_t>(f[2]);
                has_header = true;
                continue;
            }
            if (edges_read == out.edge_count)
                throw InputError("",
                                 0,
                                 "edge",
                                 "extra data after the " + std::to_string(out.edge_count) +
                                     " edges the header declares");
            const auto f = integer_fields(line, "edge");
            if (f.size() != 3)
                throw InputError("",
                                 0,
                                 "edge",
                                 "expected 'i j cost', found " + std::to_string(f.size()) +
                                     " fields");
            const auto n = static_cast<std::int64_t>(out.vertex_count);
            for (int k = 0; k < 2; ++k)
                if (f[k] < 1 || f[k] > n)
                    throw InputError("",
                                     0,
                                     "edge",
                                     "vertex " + std::to_string(f[k]) + " is not in 1.." +
                                         std::to_string(n));
            if (f[2] < 0)
                throw InputError("", 0, "cost", "negative edge cost " + std::to_string(f[2]));
            ++edges_read;
            if (f[0] == f[1])
                continue; // a self-loop never shortens a path
            const auto a = static_cast<std::uint32_t>(std::min(f[0], f[1]) - 1);
            const auto b = static_cast<std::uint32_t>(std::max(f[0], f[1]) - 1);
            edges[{a, b}] = static_cast<double>(f[2]);
        } catch (const InputError& e) {
            throw e.with_position(file, line_number);
        }
    }
    if (!has_header)
        throw InputError(file, line_number, "header", "empty file: expected 'n m p'");
    if (edges_read < out.edge_count)
        throw InputError(file,
                         line_number,
                         "edge",
                         "file ends after " + std::to_string(edges_read) + " of " +
                             std::to_string(out.edge_count) + " edges");

    const std::size_t n = out.vertex_count;
    Adjacency adj(n);
    for (const auto& [key, cost] : edges) {
        adj[key.first].push_back({key.second, cost});
        adj[key.second].push_back({key.first, cost});
    }
    siting::CostMatrix costs(n, n);
    std::vector<double> dist(n);
    for (std::size_t s = 0; s < n; ++s) {
        const std::size_t reached =
            shortest_paths_from(adj, static_cast<std::uint32_t>(s), dist.data());
        if (reached != n) {
            const auto unreached =
                std::find(dist.begin(), dist.end(), std::numeric_limits<double>::infinity()) -
                dist.begin();
            throw InputError(file,
                             0,
                             "graph",
                             "not connected: vertex " + std::to_string(unreached + 1) +
                                 " cannot be reached from vertex " + std::to_string(s + 1));
        }
        // Undirected: the row for demand s equals the distances from s.
        std::copy(dist.begin(), dist.end(), &costs(s, 0));
    }
    out.problem.demand_weights.assign(n, 1.0);
    out.problem.sites.assign(n, siting::CandidateSite{});
    out.problem.costs = std::move(costs);
    return out;
}

OrlibPMedian read_orlib_pmedian(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in)
        throw InputError(path.string(), 0, "", "cannot open file");
    return parse_orlib_pmedian(in, path.string());
}

} // namespace jw::io
