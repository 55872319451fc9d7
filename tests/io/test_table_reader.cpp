#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/io/table_reader.hpp>

using namespace jw::io;
using jw::test::TempDir;

namespace {
int column_index(const TableReader& r, const std::string& name) {
    const auto& c = r.columns();
    for (std::size_t i = 0; i < c.size(); ++i)
        if (c[i] == name)
            return static_cast<int>(i);
    return -1;
}
} // namespace

TEST_CASE("a GBK shapefile without a code page is read as GB18030 text", "[io]") {
    TableReader r(jw::test::shared_path("data/tianjin-hexi/roads_osm_gbk.shp").string());
    CHECK(r.encoding() == Encoding::gb18030);
    CHECK(r.crs() == std::string("EPSG:4326"));
    const int name = column_index(r, "Name");
    REQUIRE(name >= 0);
    Row row;
    std::int64_t rows = 0, chinese = 0;
    while (r.next(row)) {
        ++rows;
        CHECK(is_valid_utf8(row.values[name]));
        CHECK_FALSE(row.wkb.empty());
        if (row.values[name].find("路") != std::string::npos)
            ++chinese;
    }
    CHECK(rows == 1817);
    CHECK(chinese > 100);
}

TEST_CASE("GB18030 and UTF-8-with-BOM CSV give the same UTF-8 rows", "[io]") {
    TempDir tmp;
    const std::string utf8 = "code,name\n441521101,梅陇镇\n441521106,联安镇\n";
    jw::test::write_file(tmp / "bom.csv", "\xEF\xBB\xBF" + utf8);
    jw::test::write_file(tmp / "gbk.csv", from_utf8(utf8, Encoding::gb18030));
    for (const char* name : {"bom.csv", "gbk.csv"}) {
        TableReader r((tmp / name).string());
        CHECK(r.encoding() ==
              (std::string(name) == "gbk.csv" ? Encoding::gb18030 : Encoding::utf8));
        REQUIRE(r.columns() == std::vector<std::string>{"code", "name"});
        Row row;
        REQUIRE(r.next(row));
        CHECK(row.number == 1);
        CHECK(row.values == std::vector<std::string>{"441521101", "梅陇镇"});
        REQUIRE(r.next(row));
        CHECK(row.values[1] == "联安镇");
        CHECK_FALSE(r.next(row));
    }
}

TEST_CASE("bytes valid in no supported encoding are reported with line and offset", "[io]") {
    TempDir tmp;
    jw::test::write_file(tmp / "bad.csv", "code,name\n441521101,ok\n441521106,\xFF\xFE\n");
    try {
        TableReader r((tmp / "bad.csv").string());
        FAIL("expected an InputError");
    } catch (const jw::InputError& e) {
        CHECK(e.row == 3);
        CHECK(std::string(e.what()).find("offset 33") != std::string::npos);
    }
}

TEST_CASE("a missing or empty file is an InputError naming the file", "[io]") {
    TempDir tmp;
    CHECK_THROWS_WITH(TableReader((tmp / "none.csv").string()),
                      Catch::Contains("none.csv") && Catch::Contains("no such file"));
    jw::test::write_file(tmp / "empty.csv", "");
    CHECK_THROWS_WITH(TableReader((tmp / "empty.csv").string()), Catch::Contains("empty"));
}

TEST_CASE("GeoJSON string feature ids are readable as the id column", "[io]") {
    TableReader r(jw::test::shared_path("data/shanwei/counties_echarts.geojson").string());
    const int id = column_index(r, "id");
    const int code = column_index(r, "code");
    CHECK((id >= 0 || code >= 0));
    Row row;
    REQUIRE(r.next(row));
    CHECK_FALSE(row.wkb.empty());
}
