// jingwei matrix WS --from A --to B [-o OUT.csv]: travel times on the workspace's roads, or on
// the straight line (labelled) when it has none.

#include "command.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <jingwei/error.hpp>
#include <jingwei/geo/crs.hpp>
#include <jingwei/network/workspace_roads.hpp>

namespace {
struct MatrixCli {
    std::string workspace, from, to, output, crs, speeds;
    double max_snap_m = 0;
    unsigned threads = 2;
};

void run(const MatrixCli& a, const jw::cli::Common& common) {
    auto ws = jw::store::Workspace::open(a.workspace);
    const auto speeds = jw::network::load_speed_table(a.speeds);
    auto options = jw::network::TravelTimeOptions::from(speeds);
    options.threads = a.threads;
    if (a.max_snap_m > 0)
        options.max_snap_m = a.max_snap_m;
    int epsg = ws.crs_epsg();
    if (epsg == 0) {
        // No data yet: a metric zone from the first point, for the straight line only.
        const auto probe = jw::network::read_points(a.from, a.crs, 4326);
        if (probe.xy.empty())
            throw jw::InputError(a.from, 0, "", "no points");
        epsg = jw::geo::gauss_kruger_3deg_epsg(probe.xy.front().x);
    }
    const auto from = jw::network::read_points(a.from, a.crs, epsg);
    const auto to = jw::network::read_points(a.to, a.crs, epsg);
    const auto start = std::chrono::steady_clock::now();
    const auto t = jw::network::workspace_travel_times(ws, from.xy, to.xy, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::ofstream file;
    if (!a.output.empty()) {
        file.open(a.output);
        if (!file)
            throw jw::EnvironmentError(a.output + ": cannot write");
    }
    std::ostream& out = a.output.empty() ? std::cout : file;
    out << "from_id,to_id,travel_seconds,method\n";
    const std::string method = jw::network::method_name(t.method);
    char buf[32];
    for (std::size_t i = 0; i < t.rows; ++i)
        for (std::size_t j = 0; j < t.cols; ++j) {
            const double s = t.seconds(i, j);
            if (std::isnan(s))
                buf[0] = '\0';
            else
                std::snprintf(buf, sizeof buf, "%.3f", s);
            out << from.ids[i] << ',' << to.ids[j] << ',' << buf << ',' << method << '\n';
        }
    if (common.json) {
        nlohmann::json unsnapped_from = nlohmann::json::array(),
                       unsnapped_to = nlohmann::json::array();
        for (auto i : t.unsnapped_from)
            unsnapped_from.push_back(from.ids[i]);
        for (auto j : t.unsnapped_to)
            unsnapped_to.push_back(to.ids[j]);
        jw::cli::print_json({{"method", method},
                             {"label", t.label},
                             {"rows", t.rows},
                             {"cols", t.cols},
                             {"seconds", seconds},
                             {"output", a.output},
                             {"unsnapped_from", unsnapped_from},
                             {"unsnapped_to", unsnapped_to}});
        return;
    }
    jw::cli::note(common, "travel times: " + t.label);
    if (!t.unsnapped_from.empty() || !t.unsnapped_to.empty())
        jw::cli::note(
            common,
            std::to_string(t.unsnapped_from.size() + t.unsnapped_to.size()) +
                " points lie farther than " + std::to_string(static_cast<int>(options.max_snap_m)) +
                " m from any road of the network: their times are empty (--json lists them)");
    std::snprintf(buf, sizeof buf, "%.3f", seconds);
    jw::cli::note(common,
                  std::to_string(t.rows) + " x " + std::to_string(t.cols) + " matrix in " + buf +
                      " s");
}

const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto a = std::make_shared<MatrixCli>();
        auto* c = app.add_subcommand(
            "matrix", "Travel times between two sets of points (road network or straight line)");
        c->add_option("workspace", a->workspace, "Workspace .sqlite file")->required();
        c->add_option("--from", a->from, "Origins: CSV id,x,y (lon/lat) or any OGR point layer")
            ->required();
        c->add_option("--to", a->to, "Destinations, same formats")->required();
        c->add_option(
            "-o,--output", a->output, "CSV from_id,to_id,travel_seconds,method (default stdout)");
        c->add_option(
            "--crs", a->crs, "CRS of the points when the files do not say (default EPSG:4326)");
        c->add_option(
            "--speeds",
            a->speeds,
            "Speed table overriding data/roads/speeds.toml (walk speed, snap limit, fallback)");
        c->add_option("--max-snap-m",
                      a->max_snap_m,
                      "Points farther from a road get no time (default from the speed table)");
        c->add_option("--threads", a->threads, "Threads for the matrix")->capture_default_str();
        c->add_flag("-q,--quiet", common.quiet, "No messages");
        c->add_flag("--json", common.json, "Print a JSON summary (the matrix needs -o)");
        c->footer(
            R"(The method column says road_network or straight_line: without imported roads every time is
the straight line x detour factor at a speed (data/roads/speeds.toml [fallback]).
Examples:
  jingwei matrix ws.sqlite --from facilities.csv --to villages.csv -o times.csv
  jingwei matrix ws.sqlite --from homes.gpkg --to clinics.geojson --max-snap-m 300 --json -o t.csv)");
        c->callback([a, &common] { run(*a, common); });
    }};
} // namespace
