// jingwei grid on a hand-made workspace: two township rectangles in EPSG:4547 metres.

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/grid/build.hpp>
#include <jingwei/policy/gaps.hpp>
#include <jingwei/store/workspace.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace {
// T1 = [0, 2500] × [0, 2000], T2 = [2500, 4000] × [0, 2000], offset into the zone.
const double X0 = 38400000, Y0 = 2500000;
std::string rect(double x0, double y0, double x1, double y1) {
    auto p = [](double x, double y) {
        return std::to_string(X0 + x) + " " + std::to_string(Y0 + y);
    };
    return "GeomFromText('MULTIPOLYGON(((" + p(x0, y0) + "," + p(x1, y0) + "," + p(x1, y1) + "," +
           p(x0, y1) + "," + p(x0, y0) + ")))', 4547)";
}
std::string point(double x, double y) {
    return "MakePoint(" + std::to_string(X0 + x) + ", " + std::to_string(Y0 + y) + ", 4547)";
}
} // namespace

TEST_CASE("jingwei grid stores exact shares, allocated population and point counts", "[grid]") {
    jw::test::TempDir tmp;
    const auto path = (tmp / "ws.sqlite").string();
    auto ws = jw::store::Workspace::create(path, "EPSG:4547");
    auto& db = ws.db();
    db.exec("INSERT INTO admin_units (code, name, level, geom) VALUES "
            "('441521101000', 'T1', 'township', " +
            rect(0, 0, 2500, 2000) +
            "), "
            "('441521106000', 'T2', 'township', " +
            rect(2500, 0, 4000, 2000) + ")");
    // Villages as points only (as in the Shanwei sample): they get no shares.
    db.exec("INSERT INTO admin_units (code, name, level) VALUES ('441521101201', 'V1', 'village'), "
            "('441521106201', 'V3', 'village')");
    db.exec("INSERT INTO population (unit_code, year, count) VALUES ('441521101000', 2020, 5000), "
            "('441521106000', 2020, 3000)");
    db.exec("INSERT INTO patients (patient_key, village_code, diagnosis, home) VALUES "
            "('a', '441521101201', 'bipolar', " +
            point(100, 100) +
            "), "
            "('b', '441521101201', 'bipolar', " +
            point(200, 300) +
            "), "
            "('c', '441521106201', 'bipolar', " +
            point(3900, 1900) + ")");

    const auto s = jw::grid::build_grid(ws, {});
    // Cells: 4 columns × 2 rows of 1 km; T1 covers columns 0-1 fully and half of column 2.
    CHECK(s.cells == 8);
    CHECK(s.partial_cells == 0);
    CHECK(s.townships == 2);
    CHECK(s.max_share_sum_error < 1e-9);
    CHECK(s.population_method == "area share of township polygons");
    // T1 is 5 km²: a full cell holds 1/5 of it, the half cell 1/10.
    auto share = [&](const std::string& code, std::int64_t col, std::int64_t row) {
        auto st = db.prepare("SELECT share FROM grid_shares WHERE unit_code = ? AND cell_id = ?");
        st.bind(1, code).bind(2, row * s.grid.cols + col);
        REQUIRE(st.step());
        return st.column_double(0);
    };
    CHECK(share("441521101000", 0, 0) == Approx(0.2));
    CHECK(share("441521101000", 2, 1) == Approx(0.1));
    CHECK(share("441521106000", 2, 0) == Approx(1.0 / 6)); // T2 is 3 km²: 0.5 km² of it
    CHECK(share("441521106000", 3, 1) == Approx(1.0 / 3));
    CHECK(db.query_int(
              "SELECT count(*) FROM (SELECT unit_code, abs(sum(share) - 1) AS e FROM grid_shares "
              "GROUP BY unit_code) WHERE e > 1e-9") == 0);
    // Population: the shared cell (2, 0) gets 5000 × 0.1 + 3000 / 6 = 1000.
    {
        auto st =
            db.prepare("SELECT population, patients FROM grid_cells WHERE col = ? AND row = ?");
        st.bind(1, 2).bind(2, 0);
        REQUIRE(st.step());
        CHECK(st.column_double(0) == Approx(1000.0));
    }
    CHECK(s.population_allocated == Approx(8000.0));
    // Patients a and b share cell (0, 0); c is in (3, 1).
    CHECK(db.query_int("SELECT patients FROM grid_cells WHERE col = 0 AND row = 0") == 2);
    CHECK(db.query_int("SELECT patients FROM grid_cells WHERE col = 3 AND row = 1") == 1);
    CHECK(s.patients_outside == 0);
    // Cells carry geometry QGIS can draw.
    CHECK(db.query_int("SELECT count(*) FROM grid_cells WHERE geom IS NOT NULL") == 8);
    CHECK(db.query_int("SELECT count(*) FROM grid_cells WHERE abs(ST_Area(geom) - 1e6) < 1e-3 AND "
                       "IsValid(geom)") == 8);
    // A rebuild replaces the grid.
    const auto again = jw::grid::build_grid(ws, {});
    CHECK(again.cells == 8);
    CHECK(db.query_int("SELECT count(*) FROM grid_cells") == 8);
}

TEST_CASE("jingwei grid refuses options it cannot honour", "[grid]") {
    jw::test::TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    jw::grid::GridOptions hex;
    hex.shape = "hexagon";
    CHECK_THROWS_AS(jw::grid::build_grid(ws, hex), jw::UsageError);
    hex.shape = "hex";
    hex.output = (tmp / "cells.tif").string(); // a GeoTIFF has square pixels
    CHECK_THROWS_AS(jw::grid::build_grid(ws, hex), jw::UsageError);
    CHECK_THROWS_AS(jw::grid::build_grid(ws, {}), jw::InputError); // no polygons
}

TEST_CASE("Cells cut by the outline are clipped to it", "[grid]") {
    jw::test::TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    auto& db = ws.db();
    db.exec("INSERT INTO admin_units (code, name, level, geom) VALUES ('441521101000', 'T1', "
            "'township', " +
            rect(0, 0, 1500, 1000) + ")");
    const auto s = jw::grid::build_grid(ws, {});
    CHECK(s.cells == 2);
    CHECK(s.partial_cells == 1);
    CHECK(s.units_without_population == 1);
    // The half cell holds 0.5 km² of area and of geometry.
    auto st = db.prepare("SELECT area_m2, ST_Area(geom) FROM grid_cells WHERE col = 1");
    REQUIRE(st.step());
    CHECK(st.column_double(0) == Approx(500000.0));
    CHECK(st.column_double(1) == Approx(500000.0));
}

TEST_CASE("A raster weight layer moves population between a unit's cells", "[grid]") {
    jw::test::TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    auto& db = ws.db();
    db.exec("INSERT INTO admin_units (code, name, level, geom) VALUES ('441521101000', 'T1', "
            "'township', " +
            rect(0, 0, 2500, 2000) + ")");
    db.exec("INSERT INTO population (unit_code, year, count) VALUES ('441521101000', 2020, 5000)");
    // 1 km pixels aligned with the cells: the bottom row weighs 3, the top row 1.
    jw::test::write_file(tmp / "w.asc",
                         "ncols 3\nnrows 2\nxllcorner 38400000\nyllcorner 2500000\ncellsize 1000\n"
                         "NODATA_value -9999\n1 1 1\n3 3 3\n");
    jw::grid::GridOptions options;
    options.weights_path = (tmp / "w.asc").string();
    const auto s = jw::grid::build_grid(ws, options);
    CHECK(s.population_method.find("weighted by the mean of raster") != std::string::npos);
    // Masses: bottom 3 × (1 + 1 + 0.5) km² = 7.5, top 2.5; cell (0, 0) gets 5000 × 3 / 10.
    auto population = [&](int col, int row) {
        auto st = db.prepare("SELECT population FROM grid_cells WHERE col = ? AND row = ?");
        st.bind(1, col).bind(2, row);
        REQUIRE(st.step());
        return st.column_double(0);
    };
    CHECK(population(0, 0) == Approx(1500.0));
    CHECK(population(0, 1) == Approx(500.0));
    CHECK(s.population_allocated == Approx(5000.0));
}

TEST_CASE("jingwei grid -o writes the same cells and shares to a GeoTIFF and a CSV", "[grid]") {
    jw::test::TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    auto& db = ws.db();
    // T1 = [0, 2500] × [0, 2000] (5 km²), T2 = [2500, 4000] × [0, 1500] (2.25 km²): the grid is
    // 4 × 2 cells, and cell (3, 1) holds only T2's strip y ∈ [1000, 1500] (0.5 km²).
    db.exec("INSERT INTO admin_units (code, name, level, geom) VALUES "
            "('441521101000', 'T1', 'township', " + rect(0, 0, 2500, 2000) + "), "
            "('441521106000', 'T2', 'township', " + rect(2500, 0, 4000, 1500) + ")");
    db.exec("INSERT INTO population (unit_code, year, count) VALUES ('441521101000', 2020, 5000), "
            "('441521106000', 2020, 4500)");
    jw::grid::GridOptions options;
    options.output = (tmp / "cells.tif").string();
    const auto s = jw::grid::build_grid(ws, options);
    CHECK(s.cells == 8);
    CHECK(s.share_rows == 6 + 4);
    CHECK(s.shares_csv == (tmp / "cells_shares.csv").string());
    // The workspace is untouched.
    CHECK(db.query_int("SELECT count(*) FROM grid_cells") == 0);
    CHECK(db.query_int("SELECT count(*) FROM grid_runs") == 0);

    // GeoTIFF: 4 bands, north-up, EPSG:4547; GDAL line 0 is grid row 1 (the northern one).
    const auto gdal = jw::test::run_shell("gdalinfo -json -stats " + options.output);
    REQUIRE(gdal.exit_code == 0);
    const auto info = nlohmann::json::parse(gdal.out);
    CHECK(info["size"] == nlohmann::json::array({4, 2}));
    CHECK(info["bands"].size() == 4);
    CHECK(info["bands"][1]["description"] == "population");
    CHECK(info["coordinateSystem"]["wkt"].get<std::string>().find("4547") != std::string::npos);
    const auto value = [&](int band, int x, int line) {
        const auto r = jw::test::run_shell("gdallocationinfo -valonly -b " + std::to_string(band) +
                                           " " + options.output + " " + std::to_string(x) + " " +
                                           std::to_string(line));
        REQUIRE(r.exit_code == 0);
        return std::stod(r.out);
    };
    // Cell (3, 1): T2's 0.5 km² of 2.25 km² → 4500 × 0.5 / 2.25 = 1000 people.
    CHECK(value(1, 3, 0) == Approx(0.5e6));
    CHECK(value(2, 3, 0) == Approx(1000.0));
    // Cell (2, 0): half of T1's 1 km² column strip (0.5 km² → 500) and T2's 0.5 km² (1000).
    CHECK(value(2, 2, 1) == Approx(1500.0));
    CHECK(value(1, 0, 1) == Approx(1e6));

    // Shares CSV: header, one row per unit and cell, each unit's shares summing to 1.
    const std::string csv = jw::test::read_file(s.shares_csv);
    CHECK(csv.rfind("unit_code,cell_id,area_m2,share\n", 0) == 0);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 10);
    // T2's cell (3, 1) = id 1 × 4 + 3 = 7: 0.5 km², share 0.5 / 2.25.
    const auto row7 = csv.find("441521106000,7,");
    REQUIRE(row7 != std::string::npos);
    const auto fields = csv.substr(row7, csv.find('\n', row7) - row7);
    const auto last_comma = fields.rfind(',');
    CHECK(std::stod(fields.substr(last_comma + 1)) == Approx(0.5 / 2.25));
}

TEST_CASE("Raster weights are averaged over each cell by pixel overlap, not sampled", "[grid]") {
    jw::test::TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    auto& db = ws.db();
    // One township over 2 × 1 cells of 1 km; 1.5 km pixels: the west pixel (x 0-1500) weighs 4,
    // the east one (x 1500-3000) weighs 1.
    db.exec("INSERT INTO admin_units (code, name, level, geom) VALUES ('441521101000', 'T1', "
            "'township', " + rect(0, 0, 2000, 1000) + ")");
    db.exec("INSERT INTO population (unit_code, year, count) VALUES ('441521101000', 2020, 1000)");
    jw::test::write_file(tmp / "w.asc",
                         "ncols 2\nnrows 1\nxllcorner 38400000\nyllcorner 2500000\ncellsize 1500\n"
                         "NODATA_value -9999\n4 1\n");
    jw::grid::GridOptions options;
    options.weights_path = (tmp / "w.asc").string();
    const auto s = jw::grid::build_grid(ws, options);
    CHECK(s.population_method.find("mean of raster") != std::string::npos);
    // By hand: cell 0 lies in the west pixel only: mean 4. Cell 1 (x 1000-2000) is half west
    // (4) and half east (1): mean 2.5. Population 1000 × 4 / 6.5 and 1000 × 2.5 / 6.5. (Sampling
    // at the centres, x = 500 and 1500, would give 4 and 1: 800 and 200.)
    auto population = [&](int col) {
        auto st = db.prepare("SELECT population FROM grid_cells WHERE col = ? AND row = 0");
        st.bind(1, col);
        REQUIRE(st.step());
        return st.column_double(0);
    };
    CHECK(population(0) == Approx(1000 * 4 / 6.5));
    CHECK(population(1) == Approx(1000 * 2.5 / 6.5));
}

TEST_CASE("jingwei grid --shape hex: hexagons whose areas, shares and counts SpatiaLite confirms",
          "[grid]") {
    jw::test::TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    auto& db = ws.db();
    db.exec("INSERT INTO admin_units (code, name, level, geom) VALUES "
            "('441521101000', 'T1', 'township', " + rect(0, 0, 2500, 2000) + "), "
            "('441521106000', 'T2', 'township', " + rect(2500, 0, 4000, 2000) + ")");
    db.exec("INSERT INTO population (unit_code, year, count) VALUES ('441521101000', 2020, 5000), "
            "('441521106000', 2020, 3000)");
    db.exec("INSERT INTO patients (patient_key, village_code, diagnosis, home) VALUES "
            "('a', NULL, 'bipolar', " + point(100, 100) + "), ('b', NULL, 'bipolar', " +
            point(1200, 900) + "), ('c', NULL, 'bipolar', " + point(3900, 1900) + ")");
    jw::grid::GridOptions options;
    options.shape = "hex";
    const auto s = jw::grid::build_grid(ws, options);
    CHECK(s.grid.shape == jw::grid::CellShape::hex);
    CHECK(db.query_text("SELECT shape FROM grid_runs").value_or("") == "hex");
    CHECK(s.max_share_sum_error < 1e-9);
    CHECK(s.partial_cells > 0);
    CHECK(s.population_allocated == Approx(8000.0));
    CHECK(db.query_int("SELECT count(*) FROM grid_cells") == s.cells);
    // GEOS (through SpatiaLite) agrees with every stored cell area: the outline-cut cells were
    // clipped by ST_Intersection, the whole ones are hexagons of 1 km² with 6 corners.
    CHECK(db.query_int("SELECT count(*) FROM grid_cells WHERE NOT IsValid(geom) OR "
                       "abs(ST_Area(geom) - area_m2) > 1e-3") == 0);
    CHECK(db.query_int("SELECT count(*) FROM grid_cells WHERE area_m2 > 1e6 - 1e-3") ==
          db.query_int("SELECT count(*) FROM grid_cells WHERE abs(ST_Area(geom) - 1e6) < 1e-3 "
                       "AND ST_NPoints(geom) = 7"));
    CHECK(db.query_int("SELECT count(*) FROM grid_cells WHERE area_m2 > 1e6 - 1e-3") > 0);
    // Each share is the unit's intersection with its cell over the unit's area, by GEOS.
    CHECK(db.query_int("SELECT count(*) FROM grid_shares s JOIN grid_cells c ON c.id = s.cell_id "
                       "JOIN admin_units u ON u.code = s.unit_code WHERE abs(s.share - "
                       "ST_Area(ST_Intersection(c.geom, u.geom)) / ST_Area(u.geom)) > 1e-9") == 0);
    CHECK(db.query_int("SELECT count(*) FROM grid_shares") >= s.cells);
    // Population follows the shares; patients are in the hexagon that contains their home.
    CHECK(db.query_int("SELECT count(*) FROM grid_cells c WHERE abs(c.population - (SELECT "
                       "sum(s.share * p.count) FROM grid_shares s JOIN population p ON "
                       "p.unit_code = s.unit_code WHERE s.cell_id = c.id)) > 1e-6") == 0);
    CHECK(db.query_int("SELECT count(*) FROM grid_cells c WHERE c.patients <> (SELECT count(*) "
                       "FROM patients p WHERE ST_Covers(c.geom, p.home))") == 0);
    CHECK(db.query_int("SELECT sum(patients) FROM grid_cells") == 3);
    CHECK(s.patients_outside == 0);
    // Cell-level gap tables put each patient in the same hexagon.
    const auto area = jw::policy::load_area(ws, "", true);
    REQUIRE(area.patients.size() == 3);
    auto st = db.prepare("SELECT c.id FROM patients p JOIN grid_cells c ON ST_Covers(c.geom, p.home) "
                         "ORDER BY p.patient_key");
    for (const auto& p : area.patients) {
        REQUIRE(st.step());
        CHECK(p.cell == jw::policy::cell_code(st.column_int(0)));
    }
}

TEST_CASE("Raster weights move population between hexagons by the pixels under them", "[grid]") {
    jw::test::TempDir tmp;
    auto ws = jw::store::Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    auto& db = ws.db();
    db.exec("INSERT INTO admin_units (code, name, level, geom) VALUES ('441521101000', 'T1', "
            "'township', " + rect(0, 0, 2500, 2500) + ")");
    db.exec("INSERT INTO population (unit_code, year, count) VALUES ('441521101000', 2020, 5000)");
    // 1250 m pixels: south-west 2, north-west 1, the east half 0.
    jw::test::write_file(tmp / "w.asc",
                         "ncols 2\nnrows 2\nxllcorner 38400000\nyllcorner 2500000\ncellsize 1250\n"
                         "NODATA_value -9999\n1 0\n2 0\n");
    jw::grid::GridOptions options;
    options.shape = "hex";
    options.cell_m = 500;
    options.weights_path = (tmp / "w.asc").string();
    const auto s = jw::grid::build_grid(ws, options);
    CHECK(s.population_allocated == Approx(5000.0));
    // Whole hexagons inside one pixel carry that pixel's weight: densities 2k, k and 0.
    const std::string whole = "abs(area_m2 - 250000) < 1e-3 AND ";
    auto densities = [&](const std::string& where) {
        std::vector<double> out;
        auto st = db.prepare("SELECT population / area_m2 FROM grid_cells WHERE " + whole + where);
        while (st.step())
            out.push_back(st.column_double(0));
        return out;
    };
    const auto sw = densities("MbrMaxX(geom) < 38401250 AND MbrMaxY(geom) < 2501250");
    const auto nw = densities("MbrMaxX(geom) < 38401250 AND MbrMinY(geom) > 2501250");
    const auto east = densities("MbrMinX(geom) > 38401250");
    REQUIRE(sw.size() >= 2);
    REQUIRE(nw.size() >= 2);
    REQUIRE(east.size() >= 2);
    for (double d : sw)
        CHECK(d == Approx(2 * nw.front()));
    for (double d : nw)
        CHECK(d == Approx(nw.front()));
    for (double d : east)
        CHECK(d == 0);
    CHECK(nw.front() > 0);
}
