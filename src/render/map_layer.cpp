#include "map_layer.hpp"

#include <algorithm>
#include <jingwei/error.hpp>
#include <jingwei/grid/build.hpp>
#include <jingwei/policy/gaps.hpp>
#include <jingwei/policy/indicators.hpp>
#include <jingwei/policy/profile.hpp>
#include <jingwei/store/workspace.hpp>
#include <map>
#include <set>

namespace jw::render::detail {
namespace {

policy::Profile load_named_profile(const MapOptions& o, const std::string& name) {
    return o.profile_dir.empty() ? policy::load_profile(name)
                                 : policy::load_profile(name, o.profile_dir);
}

// One unit's figures, whether read from gap_results or computed now.
struct GapFigure {
    std::string code, status, unit, as_of, source_file, source_clause, profile;
    std::optional<double> value;
    double target = 0;
    int target_year = 0;
};

std::vector<GapFigure> saved_figures(store::Workspace& ws,
                                     const std::string& profile,
                                     const std::string& level,
                                     const std::string& indicator) {
    auto s = ws.db().prepare(
        "SELECT unit_code, status, value, target, unit, coalesce(as_of, ''), source_file, "
        "source_clause, target_profile, coalesce(target_year, 0) FROM gap_results WHERE "
        "profile = ? AND level = ? AND indicator = ? ORDER BY unit_code");
    s.bind(1, profile).bind(2, level).bind(3, indicator);
    std::vector<GapFigure> out;
    while (s.step()) {
        GapFigure f;
        f.code = s.column_text(0);
        f.status = s.column_text(1);
        if (!s.is_null(2))
            f.value = s.column_double(2);
        f.target = s.column_double(3);
        f.unit = s.column_text(4);
        f.as_of = s.column_text(5);
        f.source_file = s.column_text(6);
        f.source_clause = s.column_text(7);
        f.profile = s.column_text(8);
        f.target_year = static_cast<int>(s.column_int(9));
        out.push_back(f);
    }
    return out;
}

std::vector<GapFigure> computed_figures(store::Workspace& ws,
                                        const policy::Profile& profile,
                                        const std::string& level,
                                        const std::string& indicator) {
    const auto area = policy::load_area(ws, "", level == "cell");
    const auto table = policy::compute_gaps(area, profile, policy::parse_gap_level(level));
    std::vector<GapFigure> out;
    for (const auto& r : table.rows) {
        if (r.indicator != indicator)
            continue;
        GapFigure f;
        f.code = r.unit_code;
        f.status = policy::gap_status_name(r.status);
        f.value = r.value;
        f.target = r.target.value;
        f.unit = r.target.unit;
        f.as_of = table.as_of;
        f.source_file = r.target.source.file;
        f.source_clause = r.target.source.clause;
        f.profile = r.target.profile;
        f.target_year = r.target.year;
        out.push_back(f);
    }
    return out;
}

std::string choose_profile(store::Workspace& ws, const MapOptions& o) {
    if (!o.profile.empty())
        return o.profile;
    auto s = ws.db().prepare("SELECT DISTINCT profile FROM gap_results WHERE level = ? AND "
                             "indicator = ? ORDER BY profile");
    s.bind(1, o.level).bind(2, o.indicator);
    std::vector<std::string> names;
    while (s.step())
        names.push_back(s.column_text(0));
    if (names.empty())
        throw UsageError("no saved gap rows for " + o.indicator + " at level " + o.level +
                         ": pass --profile NAME, or run `jingwei gaps WS --profile NAME --level " +
                         o.level + " --save` first");
    if (names.size() > 1) {
        std::string list;
        for (const auto& n : names)
            list += (list.empty() ? "" : ", ") + n;
        throw UsageError("gap rows of several profiles are saved (" + list +
                         "): choose one with --profile");
    }
    return names.front();
}

bool has_grid(store::Workspace& ws) {
    return ws.db().query_int("SELECT count(*) FROM grid_runs") > 0 &&
           ws.db().query_int(
               "SELECT count(*) FROM geometry_columns WHERE f_table_name = 'grid_cells'") > 0;
}

void read_grid(store::Workspace& ws, MapLayer& layer) {
    if (!has_grid(ws))
        throw InputError(ws.path(), 0, "grid_cells", "no grid: run `jingwei grid WS` first");
    layer.grid = grid::stored_grid(ws).value_or(grid::GridSpec{});
    layer.population_method =
        ws.db().query_text("SELECT population_method FROM grid_runs").value_or("");
}

void attach_geometry(MapLayer& layer) {
    for (auto& f : layer.features) {
        if (!f.wkb.empty())
            f.polygon = grid::parse_wkb(f.wkb);
        if (!f.polygon.empty())
            f.area_m2 = grid::area(f.polygon);
    }
}

} // namespace

int class_id(const MapFeature& f, const Classification& classes) {
    if (f.status == FeatureStatus::suppressed)
        return -1;
    if (!f.mapped)
        return -2;
    if (classes.classes.empty() || *f.mapped < classes.classes.front().lower)
        return 0;
    return classes.class_of(*f.mapped) + 1;
}

std::string short_unit_name(const std::string& name) {
    static const std::pair<std::string, std::string> suffixes[] = {{"社区居民委员会", "社区"},
                                                                   {"村民委员会", "村"},
                                                                   {"居民委员会", "居委会"},
                                                                   {"村委会", "村"}};
    for (const auto& [long_suffix, short_suffix] : suffixes)
        if (name.size() > long_suffix.size() &&
            name.compare(name.size() - long_suffix.size(), long_suffix.size(), long_suffix) == 0)
            return name.substr(0, name.size() - long_suffix.size()) + short_suffix;
    return name;
}

const char* level_name_zh(const std::string& level) {
    if (level == "county")
        return "县（区）";
    if (level == "township")
        return "镇（街）";
    if (level == "village")
        return "村（居）";
    if (level == "cell")
        return "网格";
    return "单元";
}

MapLayer load_map_layer(store::Workspace& ws, const MapOptions& o) {
    static const std::set<std::string> levels = {"county", "township", "village", "cell"};
    if (!levels.count(o.level))
        throw UsageError("--level " + o.level + ": use county, township, village or cell");
    MapLayer layer;
    layer.level = o.level;
    layer.indicator = o.indicator;
    layer.as_gap = o.gap;
    layer.epsg = ws.crs_epsg();
    if (layer.epsg == 0)
        throw InputError(ws.path(), 0, "geometry", "the workspace has no geometry yet");
    auto& db = ws.db();
    const bool is_count = o.indicator == "population" || o.indicator == "patients";
    layer.is_count = is_count;

    std::map<std::string, std::size_t> by_code;
    if (is_count) {
        if (o.level != "cell")
            throw UsageError(o.indicator + " is mapped per grid cell: use --level cell (gap "
                                           "indicators such as reported_prevalence map units)");
        if (o.gap)
            throw UsageError("--gap needs an indicator with a target, not a count");
        read_grid(ws, layer);
        const auto profile = load_named_profile(o, o.profile.empty() ? "national" : o.profile);
        layer.profile = profile.name;
        layer.profile_title = profile.title;
        layer.min_cell_count = profile.rules.min_cell_count;
        const bool patients = o.indicator == "patients";
        layer.name_zh = patients ? "在册患者数" : "常住人口";
        layer.name_en = patients ? "registered patients per cell" : "resident population per cell";
        layer.unit = patients ? "人 patients" : "人 residents";
        auto s = db.prepare("SELECT id, population, patients, AsBinary(geom) FROM grid_cells "
                            "WHERE geom IS NOT NULL ORDER BY id");
        while (s.step()) {
            MapFeature f;
            f.cell_id = s.column_int(0);
            f.code = policy::cell_code(f.cell_id);
            f.wkb = s.column_blob(3);
            if (patients) {
                const double n = static_cast<double>(s.column_int(2));
                const bool small = n >= 1 && n < layer.min_cell_count;
                f.status = small ? FeatureStatus::suppressed : FeatureStatus::value;
                if (!small)
                    f.value = f.mapped = n;
            } else if (!s.is_null(1)) {
                f.status = FeatureStatus::value;
                f.value = f.mapped = s.column_double(1);
            }
            layer.features.push_back(std::move(f));
        }
        if (patients) {
            layer.as_of = "登记截至 register as of " +
                          db.query_text("SELECT max(max(coalesce(registered_date, '')), "
                                        "max(coalesce(last_visit_date, ''))) FROM patients")
                              .value_or("?");
            if (db.query_int("SELECT count(*) FROM patients WHERE synthetic = 1") > 0)
                layer.synthetic_what.push_back(
                    "患者登记为合成数据 the patient register is synthetic");
        } else {
            layer.as_of = "人口 population " +
                          db.query_text("SELECT population_year FROM grid_runs").value_or("?");
            layer.derived_what.push_back("人口按面积分配到网格 population allocated to cells (" +
                                         layer.population_method + ")");
        }
    } else {
        const auto& info = policy::indicator(o.indicator); // InputError naming the known keys
        layer.name_zh = info.name_zh;
        layer.name_en = info.name_en;
        const std::string profile_name = choose_profile(ws, o);
        const auto profile = load_named_profile(o, profile_name);
        layer.profile = profile.name;
        layer.profile_title = profile.title;
        layer.min_cell_count = profile.rules.min_cell_count;
        const auto target = std::find_if(profile.targets.begin(),
                                         profile.targets.end(),
                                         [&](const auto& t) { return t.indicator == o.indicator; });
        if (target == profile.targets.end())
            throw InputError(profile.files.empty() ? profile.name : profile.files.back(),
                             0,
                             o.indicator,
                             "profile " + profile.name + " sets no target for " + o.indicator);
        layer.at_most = target->comparison == policy::Comparison::at_most;
        auto figures = saved_figures(ws, profile.name, o.level, o.indicator);
        if (figures.empty())
            figures = computed_figures(ws, profile, o.level, o.indicator);
        if (figures.empty())
            throw InputError(ws.path(),
                             0,
                             o.indicator,
                             "no " + o.level +
                                 " rows for this indicator (does the workspace "
                                 "have " +
                                 o.level + " units?)");
        const auto& first = figures.front();
        layer.target = first.target;
        layer.unit = first.unit;
        const bool patient_based = info.kind == policy::IndicatorKind::prevalence ||
                                   info.kind == policy::IndicatorKind::patient_rate;
        if (!first.as_of.empty())
            layer.as_of =
                (patient_based ? "登记截至 register as of " : "截至 as of ") + first.as_of;
        if (!patient_based) {
            const auto imported = db.query_text(
                "SELECT substr(max(finished_at), 1, 10) FROM imports WHERE kind = 'facilities'");
            if (imported)
                layer.as_of += (layer.as_of.empty() ? "" : "; ") +
                               std::string("机构清单导入 facility list imported ") + *imported;
        }
        if (info.kind == policy::IndicatorKind::per_capita ||
            info.kind == policy::IndicatorKind::prevalence) {
            const auto year =
                db.query_text("SELECT max(year) FROM population WHERE kind = 'resident'");
            if (year)
                layer.as_of +=
                    (layer.as_of.empty() ? "" : "; ") + std::string("常住人口 population ") + *year;
        }
        layer.source_file = first.source_file;
        layer.source_clause = first.source_clause;
        layer.target_year = first.target_year;
        if (o.level == "cell")
            read_grid(ws, layer);
        for (const auto& fig : figures) {
            MapFeature f;
            f.code = fig.code;
            f.gap_status = fig.status;
            if (fig.status == "suppressed")
                f.status = FeatureStatus::suppressed;
            else if (fig.value) {
                f.status = FeatureStatus::value;
                f.value = fig.value;
                f.mapped = percent_of_target(*fig.value, fig.target, layer.at_most);
            }
            layer.features.push_back(std::move(f));
        }
        if (info.kind == policy::IndicatorKind::prevalence ||
            info.kind == policy::IndicatorKind::patient_rate) {
            if (db.query_int("SELECT count(*) FROM patients WHERE synthetic = 1") > 0)
                layer.synthetic_what.push_back(
                    "患者登记为合成数据 the patient register is synthetic");
        } else if (db.query_int(
                       "SELECT count(*) FROM facilities WHERE synthetic = 1 OR derived = 1 "
                       "OR location_quality = 'derived'") > 0) {
            layer.derived_what.push_back("部分设施为推算 some facilities are derived");
        }
        if ((info.kind == policy::IndicatorKind::per_capita ||
             info.kind == policy::IndicatorKind::prevalence) &&
            db.query_int(
                "SELECT count(*) FROM population WHERE derived = 1 OR quality = 'derived'") > 0)
            layer.derived_what.push_back("部分人口为推算 some populations are derived");
        if (o.level == "cell")
            layer.derived_what.push_back("网格人口按面积分配 cell population allocated by area");
        // Cells: geometry from grid_cells.
        if (o.level == "cell") {
            std::map<std::string, std::size_t> index;
            for (std::size_t i = 0; i < layer.features.size(); ++i)
                index[layer.features[i].code] = i;
            auto s = db.prepare("SELECT id, AsBinary(geom) FROM grid_cells WHERE geom IS NOT NULL");
            while (s.step()) {
                const auto it = index.find(policy::cell_code(s.column_int(0)));
                if (it == index.end())
                    continue;
                layer.features[it->second].cell_id = s.column_int(0);
                layer.features[it->second].wkb = s.column_blob(1);
            }
        }
    }

    // Admin units: names, polygons (or seat points), and whether the boundaries are derived.
    if (o.level != "cell") {
        for (std::size_t i = 0; i < layer.features.size(); ++i)
            by_code[layer.features[i].code] = i;
        auto s = db.prepare("SELECT code, name, AsBinary(geom), X(seat), Y(seat), derived FROM "
                            "admin_units WHERE level = ?");
        s.bind(1, o.level);
        bool derived_boundaries = false;
        while (s.step()) {
            const auto it = by_code.find(s.column_text(0));
            if (it == by_code.end())
                continue;
            auto& f = layer.features[it->second];
            f.name = short_unit_name(s.column_text(1));
            if (!s.is_null(2))
                f.wkb = s.column_blob(2);
            if (!s.is_null(3) && !s.is_null(4))
                f.seat = grid::Point{s.column_double(3), s.column_double(4)};
            if (!s.is_null(2) && s.column_int(5) == 1)
                derived_boundaries = true;
        }
        if (derived_boundaries)
            layer.derived_what.push_back(std::string("示意性") + level_name_zh(o.level) +
                                         "边界 schematic boundaries");
    }
    attach_geometry(layer);
    layer.features.erase(
        std::remove_if(layer.features.begin(),
                       layer.features.end(),
                       [](const MapFeature& f) { return f.polygon.empty() && !f.seat; }),
        layer.features.end());
    if (layer.features.empty())
        throw InputError(ws.path(),
                         0,
                         "geometry",
                         "no " + o.level + " unit of this map has a polygon or seat point");

    // County outlines over finer maps, so a planner finds the county at a glance.
    if (o.level != "county") {
        auto c = db.prepare("SELECT AsBinary(geom) FROM admin_units WHERE level = 'county' AND "
                            "geom IS NOT NULL ORDER BY code");
        while (c.step())
            layer.context.push_back(grid::parse_wkb(c.column_blob(0)));
    }
    // Villages are mostly seat points: township outlines show which township each belongs to.
    if (o.level == "village") {
        auto c = db.prepare("SELECT AsBinary(geom) FROM admin_units WHERE level = 'township' "
                            "AND geom IS NOT NULL ORDER BY code");
        while (c.step())
            layer.township_context.push_back(grid::parse_wkb(c.column_blob(0)));
    }
    layer.area_name = db.query_text("SELECT name FROM admin_units WHERE level = 'city' ORDER BY "
                                    "code LIMIT 1")
                          .value_or("");
    if (layer.area_name.empty())
        layer.area_name = db.query_text("SELECT name FROM admin_units WHERE level = 'county' "
                                        "ORDER BY code LIMIT 1")
                              .value_or("");

    // Facilities (not village clinics: too many for a planning map), open or still to build.
    layer.beds_counted = load_named_profile(o, layer.profile).rules.beds == "open"
                             ? "开放床位 open beds"
                             : "编制床位 authorised beds";
    const std::string bed_column =
        layer.beds_counted.find("open") != std::string::npos ? "beds_open" : "beds_authorised";
    auto fs = db.prepare("SELECT id, name, kind, status, X(geom), Y(geom), " + bed_column +
                         ", derived, synthetic FROM facilities WHERE geom IS NOT NULL AND "
                         "status <> 'closed' AND kind <> 'village_clinic' ORDER BY id");
    bool facilities_derived = false;
    while (fs.step()) {
        MapFacility f;
        f.id = fs.column_text(0);
        f.name = fs.column_text(1);
        f.kind = fs.column_text(2);
        f.status = fs.column_text(3);
        f.x = fs.column_double(4);
        f.y = fs.column_double(5);
        if (!fs.is_null(6))
            f.beds = fs.column_int(6);
        facilities_derived = facilities_derived || fs.column_int(7) == 1 || fs.column_int(8) == 1;
        layer.facilities.push_back(f);
    }
    if (facilities_derived &&
        std::find(layer.derived_what.begin(),
                  layer.derived_what.end(),
                  "部分设施为推算 some facilities are derived") == layer.derived_what.end())
        layer.derived_what.push_back("部分设施为推算 some facilities are derived");
    return layer;
}

} // namespace jw::render::detail
