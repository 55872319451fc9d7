// Writes a county-like road network as OSM XML: village street grids on a jittered lattice,
// township roads between neighbouring villages, a few trunk roads through rows and columns of
// villages, and a dual-carriageway motorway with sparse junctions. Deterministic for a seed.
//
//   generate_county OUT.osm [--seed N] [--km 50] [--villages-per-side 26]
//
// Default: ~300 000 nodes over 50 x 50 km = 2 500 km^2, near 117 E 30 N.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

struct Node {
    double x, y; // metres
};

class County {
  public:
    explicit County(std::uint64_t seed) : m_rng(seed) {}
    // Our own range helper: std::uniform_*_distribution differ between standard libraries.
    double uniform(double lo, double hi) {
        return lo + (hi - lo) * (static_cast<double>(m_rng() >> 11) * 0x1.0p-53);
    }
    int below(int n) { return static_cast<int>(m_rng() % static_cast<std::uint64_t>(n)); }

    std::int64_t node(double x, double y) {
        m_nodes.push_back({x, y});
        return static_cast<std::int64_t>(m_nodes.size());
    }
    // A road from node a to node b with shape nodes every `step_m`.
    void road(std::int64_t a,
              std::int64_t b,
              const char* highway,
              double step_m,
              const char* oneway = nullptr) {
        const Node pa = m_nodes[a - 1], pb = m_nodes[b - 1];
        const double len = std::hypot(pb.x - pa.x, pb.y - pa.y);
        const int parts = std::max(1, static_cast<int>(len / step_m));
        std::vector<std::int64_t> ids{a};
        for (int k = 1; k < parts; ++k) {
            const double t = static_cast<double>(k) / parts;
            // A little wiggle so chains are not straight lines.
            ids.push_back(node(pa.x + t * (pb.x - pa.x) + uniform(-3, 3),
                               pa.y + t * (pb.y - pa.y) + uniform(-3, 3)));
        }
        ids.push_back(b);
        m_ways.push_back({std::move(ids), highway, oneway ? oneway : ""});
    }
    void write(const char* path) const {
        FILE* f = std::fopen(path, "w");
        if (!f) {
            std::perror(path);
            std::exit(1);
        }
        std::fprintf(f,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" "
                     "generator=\"jingwei generate_county\">\n");
        const double lat0 = 30.0, lon0 = 117.0, m_per_deg_lat = 110850.0;
        const double m_per_deg_lon = 111320.0 * std::cos(lat0 * M_PI / 180);
        for (std::size_t i = 0; i < m_nodes.size(); ++i)
            std::fprintf(f,
                         " <node id=\"%zu\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"/>\n",
                         i + 1,
                         lat0 + m_nodes[i].y / m_per_deg_lat,
                         lon0 + m_nodes[i].x / m_per_deg_lon);
        for (std::size_t w = 0; w < m_ways.size(); ++w) {
            std::fprintf(f, " <way id=\"%zu\" version=\"1\">\n", w + 1);
            for (const auto id : m_ways[w].nodes)
                std::fprintf(f, "  <nd ref=\"%lld\"/>\n", static_cast<long long>(id));
            std::fprintf(f, "  <tag k=\"highway\" v=\"%s\"/>\n", m_ways[w].highway.c_str());
            if (!m_ways[w].oneway.empty())
                std::fprintf(f, "  <tag k=\"oneway\" v=\"%s\"/>\n", m_ways[w].oneway.c_str());
            std::fprintf(f, " </way>\n");
        }
        std::fprintf(f, "</osm>\n");
        std::fclose(f);
    }
    std::size_t node_count() const { return m_nodes.size(); }
    std::size_t way_count() const { return m_ways.size(); }
    const Node& at(std::int64_t id) const { return m_nodes[id - 1]; }

  private:
    struct Way {
        std::vector<std::int64_t> nodes;
        std::string highway, oneway;
    };
    std::mt19937_64 m_rng;
    std::vector<Node> m_nodes;
    std::vector<Way> m_ways;
};

struct Village {
    double cx, cy;
    int size;                       // intersections per side
    std::vector<std::int64_t> grid; // size x size
    std::int64_t centre() const { return grid[(size / 2) * size + size / 2]; }
};

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(
            stderr,
            "usage: generate_county OUT.osm [--seed N] [--km 50] [--villages-per-side 26]\n");
        return 2;
    }
    std::uint64_t seed = 1;
    double km = 50;
    int per_side = 26;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--seed")
            seed = std::strtoull(argv[i + 1], nullptr, 10);
        else if (flag == "--km")
            km = std::atof(argv[i + 1]);
        else if (flag == "--villages-per-side")
            per_side = std::atoi(argv[i + 1]);
    }
    County c(seed);
    const double side_m = km * 1000, spacing = side_m / per_side;
    std::vector<Village> villages;
    // Village street grids: 7-14 intersections a side, 60-80 m blocks, shape nodes every 25 m;
    // every 25th village is a township seat with a 13-15 grid. 4 % of streets are one-way.
    for (int j = 0; j < per_side; ++j)
        for (int i = 0; i < per_side; ++i) {
            Village v;
            v.cx = (i + 0.5) * spacing + c.uniform(-0.25, 0.25) * spacing;
            v.cy = (j + 0.5) * spacing + c.uniform(-0.25, 0.25) * spacing;
            const bool is_township = (i % 5 == 2 && j % 5 == 2);
            v.size = is_township ? 13 + c.below(3) : 7 + c.below(8);
            const double block = 60 + c.uniform(0, 20);
            for (int r = 0; r < v.size; ++r)
                for (int q = 0; q < v.size; ++q)
                    v.grid.push_back(c.node(v.cx + (q - v.size / 2) * block + c.uniform(-4, 4),
                                            v.cy + (r - v.size / 2) * block + c.uniform(-4, 4)));
            for (int r = 0; r < v.size; ++r)
                for (int q = 0; q < v.size; ++q) {
                    const auto here = v.grid[r * v.size + q];
                    const char* cls = is_township && (r == v.size / 2 || q == v.size / 2)
                                          ? "tertiary"
                                          : "residential";
                    if (q + 1 < v.size)
                        c.road(here,
                               v.grid[r * v.size + q + 1],
                               cls,
                               25,
                               c.below(25) == 0 ? "yes" : nullptr);
                    if (r + 1 < v.size)
                        c.road(here,
                               v.grid[(r + 1) * v.size + q],
                               cls,
                               25,
                               c.below(25) == 0 ? "yes" : nullptr);
                }
            villages.push_back(std::move(v));
        }
    // Township roads between lattice neighbours, edge node to edge node; trunk roads along rows
    // 6 and 19 and columns 8 and 17, centre to centre.
    auto nearest_grid_node = [&](const Village& v, double x, double y) {
        std::int64_t best = v.grid[0];
        double best_d = 1e300;
        for (const auto id : v.grid) {
            const double d = std::hypot(c.at(id).x - x, c.at(id).y - y);
            if (d < best_d) {
                best_d = d;
                best = id;
            }
        }
        return best;
    };
    auto is_trunk_row = [](int j) { return j == 6 || j == 19; };
    auto is_trunk_col = [](int i) { return i == 8 || i == 17; };
    for (int j = 0; j < per_side; ++j)
        for (int i = 0; i < per_side; ++i) {
            const Village& v = villages[j * per_side + i];
            for (const auto& [di, dj] : {std::pair{1, 0}, std::pair{0, 1}}) {
                if (i + di >= per_side || j + dj >= per_side)
                    continue;
                const Village& w = villages[(j + dj) * per_side + i + di];
                const bool trunk = (dj == 0 && is_trunk_row(j)) || (di == 0 && is_trunk_col(i));
                if (trunk) {
                    c.road(v.centre(), w.centre(), "trunk", 60);
                } else {
                    const bool is_unclassified = c.below(3) == 0;
                    c.road(nearest_grid_node(v, w.cx, w.cy),
                           nearest_grid_node(w, v.cx, v.cy),
                           is_unclassified ? "unclassified" : "tertiary",
                           50);
                }
            }
        }
    // Motorway: corner to corner, two one-way carriageways 30 m apart, shape nodes every 100 m,
    // a junction every 8 km joined by one-way links to the nearest village centre.
    {
        const double x0 = 0.05 * side_m, y0 = 0.08 * side_m, x1 = 0.95 * side_m, y1 = 0.9 * side_m;
        const double len = std::hypot(x1 - x0, y1 - y0);
        const double ux = (x1 - x0) / len, uy = (y1 - y0) / len, nx = -uy * 15, ny = ux * 15;
        const int parts = static_cast<int>(len / 100);
        std::vector<std::int64_t> east, west;
        for (int k = 0; k <= parts; ++k) {
            const double t = static_cast<double>(k) / parts;
            east.push_back(c.node(x0 + t * (x1 - x0) + nx, y0 + t * (y1 - y0) + ny));
            west.push_back(c.node(x0 + t * (x1 - x0) - nx, y0 + t * (y1 - y0) - ny));
        }
        const int junction_every = 80; // x 100 m
        for (int k = 0; k < parts; k += junction_every) {
            const int end = std::min(parts, k + junction_every);
            // Carriageway pieces between junctions, as separate ways (OSM splits them too).
            for (int s = k; s < end; ++s) {
                c.road(east[s], east[s + 1], "motorway", 1000, "yes");
                c.road(west[s + 1], west[s], "motorway", 1000, "yes");
            }
        }
        for (int k = junction_every / 2; k < parts; k += junction_every) {
            const Node at = c.at(east[k]);
            const Village* best = &villages[0];
            for (const auto& v : villages)
                if (std::hypot(v.cx - at.x, v.cy - at.y) <
                    std::hypot(best->cx - at.x, best->cy - at.y))
                    best = &v;
            const auto town = best->centre();
            c.road(east[k], town, "motorway_link", 50, "yes");     // off
            c.road(town, east[k + 1], "motorway_link", 50, "yes"); // on
            c.road(west[k + 1], town, "motorway_link", 50, "yes");
            c.road(town, west[k], "motorway_link", 50, "yes");
        }
    }
    c.write(argv[1]);
    std::fprintf(stderr,
                 "%s: %zu nodes, %zu ways, %.0f km^2\n",
                 argv[1],
                 c.node_count(),
                 c.way_count(),
                 km * km);
    return 0;
}
