#include "support/support.hpp"
#include "support/workspace_fixture.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <jingwei/io/table_reader.hpp>
#include <jingwei/store/import.hpp>

// Every import kind from every format a planner has: one UTF-8 CSV per kind is turned by GDAL's
// ogr2ogr into GB18030 CSV, XLSX, GeoJSON and a Shapefile, and each must import to the same rows.

using namespace jw::store;
using jw::test::TempDir;
using jw::test::write_file;

namespace {

struct KindCase {
    ImportKind kind;
    std::string csv;         // short column names: a DBF keeps 10 bytes of a field name
    bool has_points;         // lon/lat columns become the layer geometry in GeoJSON/Shapefile
    std::string fingerprint; // SQL whose single text result must not depend on the format
};

std::vector<KindCase> cases() {
    using jw::test::fake_id_number;
    return {
        {ImportKind::units,
         "code,name\n441521107,陶河镇\n441521107201,D村委会\n",
         false,
         "SELECT group_concat(code || name, ';') FROM (SELECT * FROM admin_units WHERE code LIKE "
         "'441521107%' "
         "ORDER BY code)"},
        {ImportKind::population,
         "code,year,population\n441521101,2020,106660\n441521106,2020,8740\n",
         false,
         "SELECT group_concat(unit_code || ':' || count, ';') FROM (SELECT * FROM population ORDER "
         "BY unit_code)"},
        {ImportKind::facilities,
         "id,name,kind,unit_code,beds,lon,lat\nF1,梅陇镇卫生院,乡镇卫生院,441521101,0,115.31,22."
         "91\n"
         "F2,联安镇卫生院,乡镇卫生院,441521106,4,115.36,22.93\n",
         true,
         "SELECT group_concat(id || name || kind || beds_authorised || ':' || round(ST_X(geom)) || "
         "',' || "
         "round(ST_Y(geom)), ';') FROM (SELECT * FROM facilities ORDER BY id)"},
        {ImportKind::patients,
         "id_number,code,diagnosis,risk,stability,status,lon,lat\n" + fake_id_number(11) +
             ",441521101201,精神分裂症,2,基本稳定,在管,115.31,22.91\n" + fake_id_number(12) +
             ",441521106201,双相情感障碍,0,稳定,失访,115.37,22.92\n",
         true,
         "SELECT group_concat(village_code || diagnosis || risk_level || stability || "
         "management_status || "
         "assigned_by || ':' || round(ST_X(home)), ';') FROM (SELECT * FROM patients ORDER BY "
         "village_code)"},
        {ImportKind::teams,
         "id,name,unit_code,skills\nT1,梅陇镇随访组,441521101,prevention_doctor\n",
         false,
         "SELECT group_concat(id || name || unit_code || skills, ';') FROM teams"},
    };
}

bool ogr2ogr(const std::string& args) {
    return std::system(("ogr2ogr " + args + " >/dev/null 2>&1").c_str()) == 0;
}
std::string q(const std::filesystem::path& p) {
    return "'" + p.string() + "'";
}

} // namespace

TEST_CASE("every import kind reads the same from CSV, GB18030 CSV, XLSX, GeoJSON and Shapefile",
          "[store][import][formats]") {
    for (const auto& c : cases()) {
        const std::string name = kind_name(c.kind);
        SECTION(name) {
            TempDir tmp;
            const auto csv = tmp / (name + ".csv");
            write_file(csv, c.csv);
            write_file(tmp / (name + "_gbk.csv"),
                       jw::io::from_utf8(c.csv, jw::io::Encoding::gb18030));
            const std::string points =
                c.has_points ? " -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4326"
                             : "";
            REQUIRE(ogr2ogr("-f XLSX " + q(tmp / (name + ".xlsx")) + " " + q(csv) + " -nln data"));
            REQUIRE(ogr2ogr("-f GeoJSON " + q(tmp / (name + ".geojson")) + " " + q(csv) + points));
            const std::string shp = c.has_points ? name + ".shp" : name + ".dbf";
            REQUIRE(ogr2ogr("-f 'ESRI Shapefile' -lco ENCODING=UTF-8 " + q(tmp / shp) + " " +
                            q(csv) + points));

            std::string reference;
            for (const std::string& file : std::vector<std::string>{
                     name + ".csv", name + "_gbk.csv", name + ".xlsx", name + ".geojson", shp}) {
                INFO(file);
                TempDir wsdir;
                Workspace ws = Workspace::create((wsdir / "ws.sqlite").string());
                write_file(wsdir / "units.csv", jw::test::fixture_units_csv());
                write_file(wsdir / "areas.geojson", jw::test::fixture_polygons_geojson());
                ImportOptions setup;
                setup.file = (wsdir / "units.csv").string();
                import_file(ws, ImportKind::units, setup);
                setup.file = (wsdir / "areas.geojson").string();
                import_file(ws, ImportKind::units, setup);
                if (c.kind == ImportKind::teams) {
                    write_file(wsdir / "f.csv",
                               "id,name,kind,unit_code\nF1,梅陇镇卫生院,乡镇卫生院,441521101\n");
                    setup.file = (wsdir / "f.csv").string();
                    import_file(ws, ImportKind::facilities, setup);
                }
                ImportOptions o;
                o.file = (tmp / file).string();
                const auto r = import_file(ws, c.kind, o);
                CHECK(r.rows_rejected == 0);
                CHECK(r.rows_kept + r.rows_updated >= 1);
                const auto print = ws.db().query_text(c.fingerprint).value_or("");
                CHECK_FALSE(print.empty());
                if (reference.empty())
                    reference = print;
                CHECK(print == reference);
            }
        }
    }
}
