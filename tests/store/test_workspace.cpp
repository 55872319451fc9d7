#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/store/workspace.hpp>

using namespace jw::store;
using jw::test::TempDir;

TEST_CASE("a new workspace has the latest schema and no CRS until data arrives", "[store]") {
    TempDir tmp;
    const auto path = (tmp / "ws.sqlite").string();
    {
        auto ws = Workspace::create(path);
        CHECK(ws.schema_version() == latest_schema_version());
        CHECK(ws.crs_epsg() == 0);
        // Migration numbers may have gaps while branches merge: one row per migration.
        CHECK(ws.db().query_int("SELECT count(*) FROM schema_migrations") ==
              ws.db().query_int("SELECT count(DISTINCT version) FROM schema_migrations"));
    }
    auto ws = Workspace::open(path);
    CHECK(ws.schema_version() == latest_schema_version());
    // Re-opening applies nothing twice.
    CHECK(ws.db().query_int("SELECT count(*) FROM schema_migrations") ==
          ws.db().query_int("SELECT count(DISTINCT version) FROM schema_migrations"));
    CHECK(ws.db().query_int("SELECT max(version) FROM schema_migrations") ==
          latest_schema_version());
}

TEST_CASE("setting the CRS registers every geometry column with SpatiaLite", "[store]") {
    TempDir tmp;
    auto ws = Workspace::create((tmp / "ws.sqlite").string(), "EPSG:4547");
    CHECK(ws.crs_epsg() == 4547);
    for (const auto& g : geometry_columns()) {
        auto st = ws.db().prepare("SELECT srid FROM geometry_columns WHERE f_table_name = ? AND "
                                  "f_geometry_column = ?");
        st.bind(1, g.table).bind(2, g.column);
        REQUIRE(st.step());
        CHECK(st.column_int(0) == 4547);
    }
    CHECK_THROWS_AS(ws.set_crs(4548), jw::InternalError);
}

TEST_CASE("a geographic or unknown CRS is refused and no file is left behind", "[store]") {
    TempDir tmp;
    const auto path = (tmp / "ws.sqlite").string();
    CHECK_THROWS_AS(Workspace::create(path, "EPSG:4326"), jw::UsageError);
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK_THROWS_AS(Workspace::create(path, "EPSG:999999"), jw::UsageError);
    CHECK_THROWS_AS(Workspace::create(path, "mercator"), jw::UsageError);
    CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("a transaction that is not committed leaves the workspace as it was", "[store]") {
    TempDir tmp;
    auto ws = Workspace::create((tmp / "ws.sqlite").string());
    try {
        Transaction tx(ws.db());
        ws.db().exec("INSERT INTO admin_units (code, name, level) VALUES "
                     "('441500000000', '汕尾市', 'city')");
        throw std::runtime_error("failure mid-import");
    } catch (const std::runtime_error&) {
    }
    CHECK(ws.db().query_int("SELECT count(*) FROM admin_units") == 0);
}

TEST_CASE("CHECK constraints refuse values outside their domain", "[store]") {
    TempDir tmp;
    auto ws = Workspace::create((tmp / "ws.sqlite").string());
    CHECK_THROWS_AS(ws.db().exec("INSERT INTO admin_units (code, name, level) VALUES "
                                 "('4415', '汕尾市', 'city')"),
                    jw::InputError);
    ws.db().exec("INSERT INTO admin_units (code, name, level) VALUES "
                 "('441502001001', 'x', 'village')");
    CHECK_THROWS_AS(ws.db().exec("INSERT INTO patients (patient_key, village_code, diagnosis, "
                                 "risk_level) VALUES ('k', '441502001001', 'schizophrenia', 7)"),
                    jw::InputError);
}

TEST_CASE("opening a file that is not a workspace names it", "[store]") {
    TempDir tmp;
    CHECK_THROWS_AS(Workspace::open((tmp / "missing.sqlite").string()), jw::InputError);
    const auto other = tmp / "other.sqlite";
    {
        Connection c(other.string(), Connection::Mode::create);
        c.exec("CREATE TABLE t (x)");
    }
    CHECK_THROWS_WITH(Workspace::open(other.string()), Catch::Contains("not a Jingwei workspace"));
}
