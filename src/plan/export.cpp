// Route exports per team and day (include/jingwei/plan/export.hpp, docs/routes.md): what a
// township team takes on the road. GDAL writes GeoJSON/GPX/KML, io/table_writer CSV/XLSX, Cairo
// the A4 sheets; PROJ turns the workspace's metric coordinates into WGS84 for phones and GPS.

#include "../render/canvas.hpp"

#include <jingwei/error.hpp>
#include <jingwei/geo/crs.hpp>
#include <jingwei/io/table_writer.hpp>
#include <jingwei/network/path.hpp>
#include <jingwei/network/workspace_roads.hpp>
#include <jingwei/plan/export.hpp>
#include <jingwei/store/workspace.hpp>

#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <map>
#include <optional>

namespace jw::plan {
namespace {

namespace fs = std::filesystem;

struct Identity {
    std::string name, address, phone, guardian;
};

struct Stop {
    int seq = 0;
    std::string visit_id; // "" = the team's base (leaving or returning)
    std::string arrival, departure;
    double x = 0, y = 0, lon = 0, lat = 0;
    double travel_min = 0, travel_km = 0;
    std::string kind, patient_key, village, township, earliest, deadline, skills;
    std::optional<Identity> identity;
};

struct TeamDay {
    std::string team_id, team_name, members, day;
    std::vector<Stop> stops;
    std::vector<std::pair<double, double>> road_line; ///< lon/lat along roads; empty: straight legs
};

// The task's name on the sheet and what the visitor must do, from DOMAIN.md §5 (follow-up
// content of the national specification; joint visits and searches per the seeds).
struct KindText {
    const char* name;
    const char* check;
};
KindText kind_text(const std::string& kind) {
    static const std::map<std::string, KindText> texts = {
        {"followup", {"随访", "危险性评估；症状、自知力、社会功能；服药与不良反应；约定下次随访"}},
        {"joint_followup",
         {"联合随访", "与民警/网格员/村医联合面访；危险性评估；不稳定者立即转诊并报告"}},
        {"health_exam", {"健康体检", "年度体检：血常规、肝功能、血糖、心电图；预约并陪同"}},
        {"screening", {"主动筛查", "村（居）委会排查疑似患者；登记并上报精防机构"}},
        {"search", {"失访查找", "联系村委会、派出所核实去向；信息限定范围使用，不得外传"}},
    };
    const auto it = texts.find(kind);
    return it == texts.end() ? KindText{"返回/出发", ""} : it->second;
}

std::string safe_name(const std::string& s) {
    std::string out;
    for (unsigned char c : s)
        out += (std::isalnum(c) || c == '-' || c == '_' || c >= 0x80) ? static_cast<char>(c) : '_';
    return out.empty() ? "team" : out;
}

std::vector<TeamDay> load_plan(store::Workspace& ws, const RouteExportOptions& o) {
    auto st = ws.db().prepare(
        "SELECT s.team_id, coalesce(t.name, s.team_id), coalesce(t.members, ''), s.day, s.seq, "
        "coalesce(s.visit_id, ''), s.arrival, s.departure, s.x, s.y, s.travel_min, s.travel_km, "
        "coalesce(d.kind, ''), coalesce(d.patient_key, ''), coalesce(v.name, d.village_code, ''), "
        "coalesce(tw.name, ''), coalesce(d.earliest, ''), coalesce(d.deadline, ''), "
        "coalesce(d.skills, '') FROM plan_stops s JOIN teams t ON t.id = s.team_id "
        "LEFT JOIN due_visits d ON d.month = s.month AND d.id = s.visit_id "
        "LEFT JOIN admin_units v ON v.code = d.village_code "
        "LEFT JOIN admin_units tw ON tw.code = coalesce(d.township_code, "
        "substr(d.village_code, 1, 9) || '000') "
        "WHERE s.month = ? ORDER BY s.team_id, s.day, s.seq");
    st.bind(1, o.month);
    std::vector<TeamDay> days;
    while (st.step()) {
        const std::string team = st.column_text(0), day = st.column_text(3);
        if (!o.teams.empty() && std::find(o.teams.begin(), o.teams.end(), team) == o.teams.end())
            continue;
        if (days.empty() || days.back().team_id != team || days.back().day != day)
            days.push_back({team, st.column_text(1), st.column_text(2), day, {}, {}});
        Stop s;
        s.seq = static_cast<int>(st.column_int(4));
        s.visit_id = st.column_text(5);
        s.arrival = st.column_text(6);
        s.departure = st.column_text(7);
        s.x = st.column_double(8);
        s.y = st.column_double(9);
        s.travel_min = st.column_double(10);
        s.travel_km = st.column_double(11);
        s.kind = st.column_text(12);
        s.patient_key = st.column_text(13);
        s.village = st.column_text(14);
        s.township = st.column_text(15);
        s.earliest = st.column_text(16);
        s.deadline = st.column_text(17);
        s.skills = st.column_text(18);
        days.back().stops.push_back(std::move(s));
    }
    return days;
}

// Identity is read per patient of the team being written, never for the whole register.
void add_identity(store::Workspace& ws, std::vector<TeamDay>& days) {
    auto st = ws.db().prepare("SELECT coalesce(name, ''), coalesce(address, ''), "
                              "coalesce(phone, ''), trim(coalesce(guardian_name, '') || ' ' || "
                              "coalesce(guardian_phone, '')) FROM patient_identity WHERE "
                              "patient_key = ?");
    for (auto& d : days)
        for (auto& s : d.stops) {
            if (s.patient_key.empty())
                continue;
            st.reset();
            st.bind(1, s.patient_key);
            if (st.step())
                s.identity = Identity{st.column_text(0), st.column_text(1), st.column_text(2),
                                      st.column_text(3)};
        }
}

// teams.members is a JSON list of {role, count[, name]}: shown as "精防医生 ×1、村医 ×1".
std::string members_text(const std::string& json) {
    static const std::map<std::string, std::string> roles = {
        {"prevention_doctor", "精防医生"}, {"village_doctor", "村医"}, {"police", "民警"},
        {"grid_worker", "网格员"},          {"psychiatrist", "精神科医生"}, {"nurse", "护士"}};
    std::string out;
    const auto list = nlohmann::json::parse(json, nullptr, false);
    if (!list.is_array())
        return json;
    for (const auto& m : list) {
        if (!m.is_object())
            continue;
        const std::string role = m.value("role", "");
        const auto it = roles.find(role);
        std::string item = it == roles.end() ? role : it->second;
        if (m.contains("name") && m["name"].is_string())
            item += " " + m["name"].get<std::string>();
        if (m.contains("count") && m["count"].is_number_integer())
            item += " ×" + std::to_string(m["count"].get<int>());
        out += (out.empty() ? "" : "、") + item;
    }
    return out;
}

std::string window_text(const Stop& s) {
    return s.earliest.empty() ? "" : s.earliest + " ~ " + s.deadline;
}

// One line per stop for GPS units and map pop-ups.
std::string describe(const Stop& s) {
    if (s.visit_id.empty())
        return s.arrival + " 驻地 base";
    const auto k = kind_text(s.kind);
    std::string d = s.arrival + "-" + s.departure + " " + k.name + " " + s.village;
    if (!s.patient_key.empty())
        d += " | 患者编号 " + s.patient_key;
    if (s.identity)
        d += " | " + s.identity->name + " " + s.identity->address + " " + s.identity->phone;
    d += " | 期限 " + window_text(s) + " | " + k.check;
    return d;
}

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

void check_ogr(OGRErr err, const fs::path& path) {
    if (err != OGRERR_NONE)
        throw EnvironmentError(path.string() + ": GDAL could not write: " + CPLGetLastErrorMsg());
}

// GeoJSON (one layer: stops and the route line), KML (folders "stops" and "route") and GPX
// (waypoints and one route) from the same stops.
void write_vector(const std::string& driver_name,
                  const fs::path& path,
                  const TeamDay& day,
                  const std::string& travel_source,
                  bool identity) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
    if (driver == nullptr)
        throw EnvironmentError("GDAL has no " + driver_name + " driver");
    fs::remove(path);
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        throw EnvironmentError(path.string() + ": GDAL could not create it: " + CPLGetLastErrorMsg());
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const bool gpx = driver_name == "GPX", kml = driver_name == "KML";
    const std::string label = day.team_name + " " + day.day;
    const std::string route_desc =
        std::string(day.road_line.empty() ? "路线（直线连接各站）route, straight legs between stops; "
                                          : "路线（沿道路）route along roads; ") +
        travel_source;

    OGRLayer* points = ds->CreateLayer(gpx ? "waypoints" : kml ? "stops" : "route", &wgs84,
                                       gpx || kml ? wkbPoint : wkbUnknown, nullptr);
    if (points == nullptr)
        throw EnvironmentError(path.string() + ": GDAL could not create a layer");
    std::vector<std::string> fields;
    if (gpx)
        fields = {"name", "desc"};
    else if (kml)
        fields = {"Name", "Description"};
    else {
        fields = {"seq", "arrival", "departure", "task", "kind", "village", "township",
                  "patient_key", "window", "check", "travel_min", "travel_km", "travel_source"};
        if (identity)
            for (const char* f : {"name", "address", "phone", "guardian"})
                fields.emplace_back(f);
    }
    // GPX layers come with the GPX schema (name, desc, ...); the others get ours.
    for (const auto& f : gpx ? std::vector<std::string>{} : fields) {
        OGRFieldDefn def(f.c_str(), f == "seq" ? OFTInteger : (f == "travel_min" || f == "travel_km") ? OFTReal : OFTString);
        check_ogr(points->CreateField(&def), path);
    }
    OGRLineString line;
    for (const auto& [lon, lat] : day.road_line)
        line.addPoint(lon, lat);
    for (const auto& s : day.stops) {
        if (day.road_line.empty())
            line.addPoint(s.lon, s.lat);
        OGRFeature feature(points->GetLayerDefn());
        OGRPoint pt(s.lon, s.lat);
        feature.SetGeometry(&pt);
        const auto k = kind_text(s.kind);
        const std::string title = std::to_string(s.seq) + " " + s.arrival + " " +
                                  (s.visit_id.empty() ? std::string("驻地") : std::string(k.name) + " " + s.village);
        if (gpx || kml) {
            feature.SetField(fields[0].c_str(), title.c_str());
            feature.SetField(fields[1].c_str(), describe(s).c_str());
        } else {
            feature.SetField("seq", s.seq);
            feature.SetField("arrival", s.arrival.c_str());
            feature.SetField("departure", s.departure.c_str());
            feature.SetField("task", k.name);
            feature.SetField("kind", s.visit_id.empty() ? "base" : s.kind.c_str());
            feature.SetField("village", s.village.c_str());
            feature.SetField("township", s.township.c_str());
            feature.SetField("patient_key", s.patient_key.c_str());
            feature.SetField("window", window_text(s).c_str());
            feature.SetField("check", k.check);
            feature.SetField("travel_min", s.travel_min);
            feature.SetField("travel_km", s.travel_km);
            feature.SetField("travel_source", travel_source.c_str());
            if (identity && s.identity) {
                feature.SetField("name", s.identity->name.c_str());
                feature.SetField("address", s.identity->address.c_str());
                feature.SetField("phone", s.identity->phone.c_str());
                feature.SetField("guardian", s.identity->guardian.c_str());
            }
        }
        check_ogr(points->CreateFeature(&feature), path);
    }
    // The route: along the roads when the workspace has a network, else straight legs between
    // the stops in their order (the description says which).
    OGRLayer* route_layer = points;
    if (gpx || kml) {
        route_layer = ds->CreateLayer(gpx ? "routes" : "route", &wgs84, wkbLineString, nullptr);
        if (route_layer == nullptr)
            throw EnvironmentError(path.string() + ": GDAL could not create the route layer");
        for (const auto& f : gpx ? std::vector<std::string>{} : fields) {
            OGRFieldDefn def(f.c_str(), OFTString);
            check_ogr(route_layer->CreateField(&def), path);
        }
    }
    OGRFeature feature(route_layer->GetLayerDefn());
    feature.SetGeometry(&line);
    if (gpx || kml) {
        feature.SetField(fields[0].c_str(), label.c_str());
        feature.SetField(fields[1].c_str(), route_desc.c_str());
    } else {
        feature.SetField("kind", "route");
        feature.SetField("task", label.c_str());
        feature.SetField("travel_source", travel_source.c_str());
    }
    check_ogr(route_layer->CreateFeature(&feature), path);
}

io::OutputTable day_table(const TeamDay& day, const std::string& travel_source, bool identity) {
    io::OutputTable t;
    t.name = day.day;
    t.columns = {"序号 seq", "到达 arrival", "离开 departure", "任务 task", "村/社区 village",
                 "乡镇 township", "患者编号 patient_key", "期限 window", "要点 check",
                 "路程分钟 travel_min", "路程公里 travel_km", "行程依据 travel_source"};
    if (identity)
        for (const char* c : {"姓名 name", "地址 address", "电话 phone", "监护人 guardian"})
            t.columns.emplace_back(c);
    t.columns.emplace_back("结果 result");
    for (const auto& s : day.stops) {
        const auto k = kind_text(s.kind);
        char travel[64];
        std::snprintf(travel, sizeof travel, "%.1f", s.travel_min);
        char km[64];
        std::snprintf(km, sizeof km, "%.2f", s.travel_km);
        std::vector<std::string> row = {std::to_string(s.seq), s.arrival, s.departure, k.name,
                                        s.village, s.township, s.patient_key, window_text(s),
                                        k.check, travel, km, travel_source};
        if (identity) {
            const Identity none;
            const auto& id = s.identity ? *s.identity : none;
            row.insert(row.end(), {id.name, id.address, id.phone, id.guardian});
        }
        row.emplace_back("");
        t.rows.push_back(std::move(row));
    }
    return t;
}

// Splits UTF-8 text into lines no wider than `width` at the current font (CJK breaks anywhere).
std::vector<std::string> wrap(const render::Canvas& c, const std::string& text, double width, std::size_t max_lines) {
    std::vector<std::string> lines(1);
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char lead = static_cast<unsigned char>(text[i]);
        const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        const std::string ch = text.substr(i, n);
        if (!lines.back().empty() && c.text_width(lines.back() + ch) > width) {
            if (lines.size() == max_lines) {
                lines.back() += "…";
                return lines;
            }
            lines.emplace_back();
        }
        lines.back() += ch;
        i += n;
    }
    return lines;
}

// One A4 page (or more, for a long day) per team-day: the sheet the team prints and fills in.
void write_sheets(const fs::path& path,
                  const std::vector<const TeamDay*>& days,
                  const std::string& month,
                  const std::string& travel_source,
                  bool identity) {
    render::Canvas c(path, 595.28, 841.89);
    cairo_t* cr = c.cr();
    struct Column {
        const char* title;
        double width;
    };
    const std::vector<Column> cols = {{"序号", 24},     {"到达", 34},  {"村/社区", 88},
                                      {"任务", 46},     {identity ? "对象（姓名/地址/电话）" : "患者编号", 112},
                                      {"要点", 140},    {"结果/签名", 91}};
    const double left = 30, top = 40, row_h = 40, bottom = 800;
    bool first_page = true;
    for (const auto* day : days) {
        std::size_t next = 0;
        int page_of_day = 0;
        do {
            if (!first_page)
                c.next_page();
            first_page = false;
            ++page_of_day;
            cairo_set_source_rgb(cr, 0, 0, 0);
            c.font(14, true);
            c.text(left, top, "严重精神障碍患者随访路线单 Visit route sheet");
            c.font(9);
            c.text(left, top + 18, "团队 Team: " + day->team_name + "    日期 Date: " + day->day +
                                       "    月计划 " + month + (page_of_day > 1 ? "    （续）" : ""));
            if (const auto members = members_text(day->members); !members.empty())
                c.text(left, top + 31, "成员 Members: " + members);
            c.text(left, top + 44, "行程时间依据 Travel times: " + travel_source);
            double y = top + 60;
            // Header row.
            double x = left;
            c.font(8, true);
            for (const auto& col : cols) {
                cairo_rectangle(cr, x, y, col.width, 16);
                c.text(x + 2, y + 11, col.title);
                x += col.width;
            }
            cairo_set_line_width(cr, 0.5);
            cairo_stroke(cr);
            y += 16;
            c.font(7.5);
            for (; next < day->stops.size() && y + row_h <= bottom; ++next) {
                const auto& s = day->stops[next];
                const auto k = kind_text(s.kind);
                std::string who = s.patient_key;
                if (identity && s.identity)
                    who = s.identity->name + " " + s.identity->address + " " + s.identity->phone;
                const std::vector<std::string> cells = {
                    std::to_string(s.seq), s.arrival, s.visit_id.empty() ? "驻地 base" : s.village,
                    k.name, who, k.check, ""};
                x = left;
                for (std::size_t i = 0; i < cols.size(); ++i) {
                    cairo_rectangle(cr, x, y, cols[i].width, row_h);
                    const auto lines = wrap(c, cells[i], cols[i].width - 4, 4);
                    for (std::size_t l = 0; l < lines.size(); ++l)
                        c.text(x + 2, y + 10 + 9 * static_cast<double>(l), lines[l]);
                    x += cols[i].width;
                }
                cairo_stroke(cr);
                y += row_h;
            }
            c.font(7);
            c.text(left, 822, "内含患者个人信息，仅限本团队随访使用，用后妥善保管或销毁。"
                              "Contains personal information: for this team's visits only.");
        } while (next < day->stops.size());
    }
    c.finish();
}

} // namespace

RouteExportSummary export_routes(store::Workspace& ws, const RouteExportOptions& o) {
    static const std::set<std::string> known = {"geojson", "gpx", "kml", "csv", "xlsx", "pdf"};
    for (const auto& f : o.formats)
        if (!known.count(f))
            throw UsageError("--format " + f + ": use geojson, gpx, kml, csv, xlsx or pdf");
    RouteExportSummary summary;
    {
        auto st = ws.db().prepare("SELECT travel_source FROM plan_runs WHERE month = ?");
        st.bind(1, o.month);
        if (!st.step())
            throw InputError(ws.path(), 0, "plan_runs",
                             "no plan for " + o.month + ": run `jingwei plan WS --month " +
                                 o.month + "` first");
        summary.travel_source = st.column_text(0);
    }
    for (const auto& team : o.teams) {
        auto st = ws.db().prepare("SELECT 1 FROM teams WHERE id = ?");
        st.bind(1, team);
        if (!st.step())
            throw UsageError("--team " + team + ": no such team in the workspace");
    }
    auto days = load_plan(ws, o);
    if (o.with_identity)
        add_identity(ws, days);
    const int epsg = ws.crs_epsg();
    if (epsg == 0)
        throw InputError(ws.path(), 0, "", "the workspace has no CRS: nothing to place on a map");
    geo::Transformer to_wgs84(geo::CrsSpec::parse("EPSG:" + std::to_string(epsg)),
                              geo::CrsSpec::parse("EPSG:4326"));
    for (auto& d : days)
        for (auto& s : d.stops) {
            s.lon = s.x;
            s.lat = s.y;
            to_wgs84.transform(s.lon, s.lat);
        }
    // Road geometry for each leg when the plan's times came from the stored road network.
    if (summary.travel_source.rfind("straight", 0) != 0)
        if (const auto network = network::load_road_network(ws)) {
            network::PathFinder finder(*network, network::TravelTimeOptions{});
            for (auto& d : days) {
                std::vector<network::Point> line;
                for (std::size_t i = 1; i < d.stops.size(); ++i) {
                    const network::Point a{d.stops[i - 1].x, d.stops[i - 1].y};
                    const network::Point b{d.stops[i].x, d.stops[i].y};
                    auto leg = finder.path(a, b);
                    if (leg.empty())
                        leg = {a, b}; // beyond the snapping limit: straight
                    line.insert(line.end(), leg.begin() + (line.empty() ? 0 : 1), leg.end());
                }
                for (auto p : line) {
                    to_wgs84.transform(p.x, p.y);
                    d.road_line.emplace_back(p.x, p.y);
                }
            }
        }

    // Group by team: each team's files go to its own folder and hold nothing of another team.
    std::map<std::string, std::vector<const TeamDay*>> by_team;
    for (const auto& d : days)
        by_team[d.team_id].push_back(&d);
    for (const auto& [team, team_days] : by_team) {
        const fs::path dir = o.out_dir / safe_name(team);
        fs::create_directories(dir);
        std::vector<io::OutputTable> sheets;
        for (const auto* d : team_days) {
            for (const auto& [format, driver] : {std::pair<const char*, const char*>{"geojson", "GeoJSON"},
                                                  {"gpx", "GPX"},
                                                  {"kml", "KML"}}) {
                if (!o.formats.count(format))
                    continue;
                const fs::path file = dir / (d->day + "." + format);
                write_vector(driver, file, *d, summary.travel_source, o.with_identity);
                summary.files.push_back(file);
            }
            const auto table = day_table(*d, summary.travel_source, o.with_identity);
            if (o.formats.count("csv")) {
                io::write_tables((dir / (d->day + ".csv")).string(), {table});
                summary.files.push_back(dir / (d->day + ".csv"));
            }
            sheets.push_back(table);
            ++summary.team_days;
            for (const auto& s : d->stops)
                summary.visits += s.visit_id.empty() ? 0 : 1;
        }
        const std::string stem = safe_name(team) + "_" + o.month;
        if (o.formats.count("xlsx")) {
            io::write_tables((dir / (stem + ".xlsx")).string(), sheets);
            summary.files.push_back(dir / (stem + ".xlsx"));
        }
        if (o.formats.count("pdf")) {
            write_sheets(dir / (stem + "_sheets.pdf"), team_days, o.month, summary.travel_source, o.with_identity);
            summary.files.push_back(dir / (stem + "_sheets.pdf"));
        }
        ++summary.teams;
    }
    return summary;
}

} // namespace jw::plan
