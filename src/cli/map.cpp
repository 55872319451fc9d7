// jingwei map WS --indicator NAME [--level L] [--profile P] [--gap] [--dpi N] -o FILE
#include "command.hpp"

#include <iostream>
#include <jingwei/render/map.hpp>
#include <jingwei/store/workspace.hpp>

namespace {
struct Args {
    std::string workspace, output;
    jw::render::MapOptions options;
};

void run(const Args& a, const jw::cli::Common& common) {
    auto ws = jw::store::Workspace::open(a.workspace, true);
    const auto s = jw::render::make_map(ws, a.options, a.output);
    if (common.json) {
        nlohmann::json classes = nlohmann::json::array();
        for (const auto& c : s.classes.classes)
            classes.push_back({{"lower", c.lower},
                               {"upper", c.upper},
                               {"colour", c.colour.hex()},
                               {"label", c.label}});
        jw::cli::print_json({{"output", s.output},
                             {"format", s.format},
                             {"title", s.title},
                             {"indicator", s.indicator},
                             {"level", s.level},
                             {"profile", s.profile},
                             {"unit", s.unit},
                             {"target", s.target ? nlohmann::json(*s.target) : nlohmann::json()},
                             {"as_of", s.as_of},
                             {"units", s.units},
                             {"with_value", s.with_value},
                             {"unknown", s.unknown},
                             {"suppressed", s.suppressed},
                             {"min_cell_count", s.min_cell_count},
                             {"labels_placed", s.labels_placed},
                             {"labels_moved", s.labels_moved},
                             {"labels_dropped", s.labels_dropped},
                             {"facilities", s.facilities},
                             {"synthetic", s.synthetic},
                             {"derived", s.derived},
                             {"palette", s.classes.palette},
                             {"classes", classes},
                             {"notices", s.notices}});
        return;
    }
    std::cout << s.title << " -> " << s.output << "\n  " << s.units << " units: " << s.with_value
              << " classed, " << s.unknown << " unknown, " << s.suppressed << " suppressed";
    if (s.format == "png" || s.format == "svg" || s.format == "pdf")
        std::cout << "; labels " << s.labels_placed << " placed (" << s.labels_moved << " moved), "
                  << s.labels_dropped << " dropped to avoid overlaps";
    std::cout << "\n";
    for (const auto& n : s.notices)
        std::cout << "  " << n << "\n";
    jw::cli::note(common, "Wrote " + s.output);
}

const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto args = std::make_shared<Args>();
        auto* c = app.add_subcommand(
            "map", "Map an indicator, its gap to the target, or a grid-cell count");
        c->add_option("workspace", args->workspace, "workspace file")->required();
        c->add_option("--indicator",
                      args->options.indicator,
                      "an indicator key of docs/indicators.md (e.g. psychiatric_beds, "
                      "reported_prevalence), or population / patients per grid cell")
            ->required();
        c->add_option("--level",
                      args->options.level,
                      "county, township, village or cell (default: cell for population/patients, "
                      "else county)");
        c->add_option("--profile",
                      args->options.profile,
                      "policy profile of the targets (default: the one saved by `jingwei gaps "
                      "--save`; cell counts: national, for the small-count threshold)");
        c->add_option("--profile-dir", args->options.profile_dir, "folder of profile .toml files");
        c->add_flag(
            "--gap", args->options.gap, "map the gap to the target in % instead of the value");
        c->add_option("--dpi", args->options.dpi, "PNG resolution (default 96; 300 for print)");
        c->add_option("--title", args->options.title, "title (default: made from the indicator)");
        c->add_option(
            "--note", args->options.note, "an extra line under the map (e.g. 'sample data')");
        c->add_option("-o,--output",
                      args->output,
                      "the map: .png, .svg, .pdf (A4 page), .tif (cells, GeoTIFF) or .gpkg "
                      "(GeoPackage layer styled for QGIS)")
            ->required();
        c->add_flag("--json", common.json, "print the summary as JSON on stdout");
        c->add_flag("-q,--quiet", common.quiet, "no notes on stderr");
        c->footer("Examples:\n  jingwei map WS --indicator psychiatric_beds --level county -o "
                  "beds.png\n  jingwei map WS --indicator reported_prevalence --level township "
                  "--gap --dpi 300 -o prevalence_gap.pdf\n  jingwei map WS --indicator patients "
                  "--level cell -o patients.tif");
        c->callback([args, &common] { run(*args, common); });
    }};
} // namespace
