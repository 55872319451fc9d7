// jingwei synth townships WS [--seed N] [--year Y]
#include "command.hpp"

#include <cstdio>
#include <jingwei/store/workspace.hpp>
#include <jingwei/synth/townships.hpp>

namespace {
struct Args {
    std::string workspace;
    jw::synth::TownshipOptions options;
};

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

void run(const Args& a, const jw::cli::Common& common) {
    auto ws = jw::store::Workspace::open(a.workspace);
    const auto r = jw::synth::synthesize_townships(ws, a.options, jw::cli::progress_bar(common));
    if (common.json) {
        nlohmann::json counties = nlohmann::json::array();
        for (const auto& c : r.counties)
            counties.push_back({{"code", c.code},
                                {"townships_partitioned", c.townships_partitioned},
                                {"area_km2", c.area_km2},
                                {"parts_dropped", c.parts_dropped},
                                {"dropped_area_km2", c.dropped_area_km2},
                                {"max_area_error_pct", c.max_area_error_pct}});
        jw::cli::print_json({{"seed", r.seed},
                             {"year", r.year},
                             {"counties", counties},
                             {"township_polygons", r.township_polygons},
                             {"township_seats", r.township_seats},
                             {"village_seats", r.village_seats},
                             {"counties_without_polygon", r.counties_without_polygon},
                             {"villages_without_area", r.villages_without_area}});
        return;
    }
    for (const auto& c : r.counties)
        jw::cli::note(
            common,
            "county " + c.code + ": " + std::to_string(c.townships_partitioned) +
                " schematic township polygons over " + fixed(c.area_km2, 1) +
                " km² (worst area share off by " + fixed(c.max_area_error_pct, 4) + " %)" +
                (c.parts_dropped > 0
                     ? "; left out " + std::to_string(c.parts_dropped) + " far-away parts (" +
                           fixed(c.dropped_area_km2, 2) + " km²) south of the latitude limit"
                     : ""));
    jw::cli::note(common,
                  std::to_string(r.township_polygons) + " township polygons, " +
                      std::to_string(r.township_seats) + " township seats, " +
                      std::to_string(r.village_seats) + " village seats written (derived=1, seed " +
                      std::to_string(r.seed) +
                      "); maps must say \"schematic township boundaries\"");
    for (const auto& c : r.counties_without_polygon)
        jw::cli::note(common, "county " + c + " has no polygon: its townships were left empty");
    if (!r.villages_without_area.empty())
        jw::cli::note(common,
                      std::to_string(r.villages_without_area.size()) +
                          " villages have no township polygon to be placed in (first: " +
                          r.villages_without_area.front() + ")");
}

jw::cli::Registration reg{
    "synth", [](CLI::App& synth, jw::cli::Common& common) {
        auto args = std::make_shared<Args>();
        auto* c = synth.add_subcommand(
            "townships",
            "Partition each county polygon into schematic township polygons (area proportional to "
            "population) and place township and village seat points inside them (derived=1)");
        c->add_option("workspace", args->workspace, "workspace file")->required();
        c->add_option("--seed", args->options.seed, "random seed for the village points")
            ->capture_default_str();
        c->add_option(
             "--year", args->options.year, "population year for the area weights (0 = latest)")
            ->capture_default_str();
        c->add_option(
             "--drop-south-of",
             args->options.drop_south_of_lat,
             "leave out county parts wholly south of this WGS84 latitude (Dongsha islands)")
            ->capture_default_str();
        c->add_flag("--json", common.json, "print the summary as JSON on stdout");
        c->add_flag("-q,--quiet", common.quiet, "no progress or notes on stderr");
        c->footer("Example:\n  jingwei synth townships out/shanwei/workspace.sqlite --seed 1");
        c->callback([args, &common] { run(*args, common); });
    }};
} // namespace
