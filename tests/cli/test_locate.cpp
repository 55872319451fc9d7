// jingwei locate end to end: output in input order, boundary rule, both point readers, the CRS
// option, and the errors a user meets.
#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

using jw::test::read_file;
using jw::test::run_cli;
using jw::test::TempDir;
using jw::test::write_file;

namespace {
std::string q(const std::filesystem::path& p) {
    return "'" + p.string() + "'";
}

/// Two villages side by side (sharing lon 115.1) and one with a hole, in WGS84 lon/lat.
std::string villages_geojson() {
    return R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"441521101201","name":"东村"},"geometry":{"type":"Polygon","coordinates":[[[115.0,22.0],[115.1,22.0],[115.1,22.1],[115.0,22.1],[115.0,22.0]]]}},
{"type":"Feature","properties":{"code":"441521101202","name":"西村, 新"},"geometry":{"type":"Polygon","coordinates":[[[115.1,22.0],[115.2,22.0],[115.2,22.1],[115.1,22.1],[115.1,22.0]]]}},
{"type":"Feature","properties":{"code":"441521101203","name":"环村"},"geometry":{"type":"Polygon","coordinates":[[[115.3,22.0],[115.4,22.0],[115.4,22.1],[115.3,22.1],[115.3,22.0]],[[115.32,22.02],[115.38,22.02],[115.38,22.08],[115.32,22.08],[115.32,22.02]]]}},
{"type":"Feature","properties":{"code":"","name":"no geometry"},"geometry":null}
]})";
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::stringstream ss(text);
    std::string line;
    while (std::getline(ss, line))
        lines.push_back(line);
    return lines;
}
} // namespace

TEST_CASE("locate writes id,key for every point in input order, empty when outside", "[cli]") {
    TempDir tmp;
    write_file(tmp / "villages.geojson", villages_geojson());
    // Out of order ids, a shared edge (the first village in the file wins), a corner, a hole,
    // its edge, outside, and a row without coordinates.
    write_file(tmp / "homes.csv",
               "id,x,y\n9,115.05,22.05\n3,115.15,22.05\n7,115.1,22.05\n1,115.2,22.1\n"
               "5,115.35,22.05\n6,115.32,22.05\n2,116,22\n8,,\n");
    const auto r = run_cli("locate " + q(tmp / "homes.csv") + " " + q(tmp / "villages.geojson") +
                           " --key code -o " + q(tmp / "out.csv") + " --json");
    REQUIRE(r.exit_code == 0);
    CHECK(read_file(tmp / "out.csv") == "id,code\n9,441521101201\n3,441521101202\n7,441521101201\n"
                                        "1,441521101202\n5,\n6,441521101203\n2,\n8,\n");
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["points"] == 8);
    CHECK(j["located"] == 5);
    CHECK(j["polygons"] == 3);
    CHECK(j["fast_csv"] == true);
}

TEST_CASE("locate quotes keys that need it and writes to standard output", "[cli]") {
    TempDir tmp;
    write_file(tmp / "villages.geojson", villages_geojson());
    write_file(tmp / "homes.csv", "id,x,y\na,115.15,22.05\nb,115.05,22.05\n");
    const auto r = run_cli("locate " + q(tmp / "homes.csv") + " " + q(tmp / "villages.geojson") +
                           " --key NAME");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == "id,NAME\na,\"西村, 新\"\nb,东村\n");
}

TEST_CASE(
    "locate gives the same answers through GDAL (quoted CSV, GeoJSON points) as the fast path",
    "[cli]") {
    TempDir tmp;
    write_file(tmp / "villages.geojson", villages_geojson());
    std::mt19937_64 rng(5);
    std::string plain = "id,x,y\n", quoted = "\"id\",\"x\",\"y\"\n";
    std::string points = R"({"type":"FeatureCollection","features":[)";
    for (int i = 0; i < 3000; ++i) {
        // On a 0.01-degree lattice, so many points fall on edges and corners.
        const double x = 114.99 + 0.01 * static_cast<double>(rng() % 43);
        const double y = 21.99 + 0.01 * static_cast<double>(rng() % 13);
        std::ostringstream row;
        row.precision(17);
        row << x << "," << y;
        plain += std::to_string(3000 - i) + "," + row.str() + "\n";
        quoted += "\"" + std::to_string(3000 - i) + "\"," + row.str() + "\n";
        points += std::string(i ? "," : "") + R"({"type":"Feature","properties":{"id":")" +
                  std::to_string(3000 - i) + R"("},"geometry":{"type":"Point","coordinates":[)" +
                  row.str() + "]}}";
    }
    write_file(tmp / "plain.csv", plain);
    write_file(tmp / "quoted.csv", quoted);
    write_file(tmp / "points.geojson", points + "]}");
    std::string outputs[3];
    int k = 0;
    for (const char* name : {"plain.csv", "quoted.csv", "points.geojson"}) {
        const auto r = run_cli("locate " + q(tmp / name) + " " + q(tmp / "villages.geojson") +
                               " --key code -o " + q(tmp / "out.csv") + " --json");
        REQUIRE(r.exit_code == 0);
        CHECK(nlohmann::json::parse(r.out)["fast_csv"] == (k == 0));
        outputs[k++] = read_file(tmp / "out.csv");
    }
    CHECK(lines_of(outputs[0]).size() == 3001);
    CHECK(lines_of(outputs[0])[1].rfind("3000,", 0) == 0); // input order, not id order
    CHECK(outputs[1] == outputs[0]);
    CHECK(outputs[2] == outputs[0]);
}

TEST_CASE("locate --points-crs reprojects the points into the polygons' CRS", "[cli]") {
    TempDir tmp;
    write_file(tmp / "villages.geojson", villages_geojson());
    // Web Mercator (EPSG:3857) of (115.05, 22.05) and (115.15, 22.05).
    const auto mercator = [](double lon, double lat) {
        const double r = 6378137.0, deg = M_PI / 180;
        std::ostringstream s;
        s.precision(17);
        s << r * lon * deg << "," << r * std::log(std::tan(M_PI / 4 + lat * deg / 2));
        return s.str();
    };
    write_file(tmp / "homes.csv",
               "id,x,y\n1," + mercator(115.05, 22.05) + "\n2," + mercator(115.15, 22.05) + "\n");
    const auto without = run_cli("locate " + q(tmp / "homes.csv") + " " +
                                 q(tmp / "villages.geojson") + " --key code");
    CHECK(without.out == "id,code\n1,\n2,\n");
    const auto with = run_cli("locate " + q(tmp / "homes.csv") + " " + q(tmp / "villages.geojson") +
                              " --key code --points-crs EPSG:3857");
    REQUIRE(with.exit_code == 0);
    CHECK(with.out == "id,code\n1,441521101201\n2,441521101202\n");
}

TEST_CASE("locate names the file, row and column of a bad coordinate and exits 3", "[cli]") {
    TempDir tmp;
    write_file(tmp / "villages.geojson", villages_geojson());
    write_file(tmp / "homes.csv", "id,x,y\n1,115.05,22.05\n2,115.1,22.05\n3,115.1,abc\n");
    const auto r = run_cli("locate " + q(tmp / "homes.csv") + " " + q(tmp / "villages.geojson") +
                           " --key code");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("homes.csv:3: y: 'abc' is not a number") != std::string::npos);

    const auto missing = run_cli("locate " + q(tmp / "nowhere.csv") + " " +
                                 q(tmp / "villages.geojson") + " --key code");
    CHECK(missing.exit_code == 3);
    CHECK(missing.err.find("nowhere.csv") != std::string::npos);

    const auto no_key = run_cli("locate " + q(tmp / "homes.csv") + " " +
                                q(tmp / "villages.geojson") + " --key nope");
    CHECK(no_key.exit_code == 1);
    CHECK(no_key.err.find("'nope'") != std::string::npos);
}

TEST_CASE(
    "locate reads a file shorter than a small string and a CSV with CRLF, BOM and extra columns",
    "[cli]") {
    TempDir tmp;
    write_file(tmp / "villages.geojson", villages_geojson());
    write_file(tmp / "tiny.csv",
               "id,x,y\n1,115,22"); // 15 bytes: ids must not point into a moved string
    const auto tiny = run_cli("locate " + q(tmp / "tiny.csv") + " " + q(tmp / "villages.geojson") +
                              " --key code");
    REQUIRE(tiny.exit_code == 0);
    CHECK(tiny.out == "id,code\n1,441521101201\n");
    write_file(
        tmp / "crlf.csv",
        "\xEF\xBB\xBFname,lat,ID,lon\r\n张三,22.05,a1,115.15\r\n\r\n李四,22.05,a2,115.05\r\n");
    const auto crlf = run_cli("locate " + q(tmp / "crlf.csv") + " " + q(tmp / "villages.geojson") +
                              " --key code");
    REQUIRE(crlf.exit_code == 0);
    CHECK(crlf.out == "id,code\na1,441521101202\na2,441521101201\n");
}
