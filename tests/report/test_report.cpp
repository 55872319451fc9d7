// jingwei report on a hand-made workspace: the gap tables (saved and computed), citations,
// suppression, no identity, no network references, the map's GeoJSON, saved siting studies.
// Expected figures are worked out by hand from report_workspace.hpp.

#include "report/report_workspace.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/siting/study.hpp>
#include <jingwei/store/workspace.hpp>
#include <nlohmann/json.hpp>
#include <regex>

using jw::test::gap_row;
using jw::test::quoted;
using jw::test::run_cli;
using jw::test::TempDir;

namespace {

std::string make_report(const TempDir& tmp, const std::string& extra = "") {
    const auto ws = jw::test::report_workspace(tmp);
    REQUIRE(
        run_cli("gaps " + quoted(ws) + " --profile shanwei --level township --save -q").exit_code ==
        0);
    const auto out = tmp / "report.html";
    const auto r =
        run_cli("report " + quoted(ws) + " --profile shanwei --level county,township -o " +
                quoted(out) + " -q" + extra);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return jw::test::read_file(out);
}

nlohmann::json page_data(const std::string& html) {
    const std::string open = "<script type=\"application/json\" id=\"jw-data\">";
    const auto a = html.find(open);
    REQUIRE(a != std::string::npos);
    const auto b = html.find("</script>", a);
    return nlohmann::json::parse(html.substr(a + open.size(), b - a - open.size()));
}

} // namespace

TEST_CASE("report: gap tables from saved and computed rows, with the figures worked by hand",
          "[report]") {
    TempDir tmp;
    const auto html = make_report(tmp);
    // 梅陇镇: 10 beds / 100 000 residents = 10.00 per 100k against 28: short 18.00 (64.3 %), 18
    // beds.
    const auto meilong = gap_row(html, "441521101000", "psychiatric_beds");
    REQUIRE(!meilong.empty());
    CHECK(meilong.find("s-gap") != std::string::npos);
    CHECK(meilong.find(">10.00<") != std::string::npos);
    CHECK(meilong.find(">18.00<") != std::string::npos);
    CHECK(meilong.find(">64.3%<") != std::string::npos);
    CHECK(meilong.find(">18<") != std::string::npos);
    // 联安镇: no beds: 28.00 short, 28 beds.
    const auto lianan = gap_row(html, "441521106000", "psychiatric_beds");
    CHECK(lianan.find(">0.00<") != std::string::npos);
    CHECK(lianan.find(">28<") != std::string::npos);
    // County (computed: only township was saved): 10 / 200 000 = 5.00 per 100k; 56 - 10 = 46.
    const auto county = gap_row(html, "441521000000", "psychiatric_beds");
    CHECK(county.find(">5.00<") != std::string::npos);
    CHECK(county.find(">23.00<") != std::string::npos);
    CHECK(county.find(">46<") != std::string::npos);
    CHECK(html.find("computed for this report (not saved, or saved against other targets): "
                    "county<") != std::string::npos);
    // Psychiatrists 梅陇镇: 2 per 100k against 3.8: 2 to recruit.
    const auto doctors = gap_row(html, "441521101000", "psychiatrists");
    CHECK(doctors.find(">2.00<") != std::string::npos);
    CHECK(doctors.find(">1.80<") != std::string::npos);
    // Prevalence 梅陇镇: 7 / 100 000 × 1000 = 0.07 ‰; 5 ‰ needs 500, so 493 to find.
    const auto prevalence = gap_row(html, "441521101000", "reported_prevalence");
    CHECK(prevalence.find(">0.07<") != std::string::npos);
    CHECK(prevalence.find(">493<") != std::string::npos);
    // 联安镇 has 3 registered patients: suppressed as <5, the 3 shown nowhere in the row.
    const auto small = gap_row(html, "441521106000", "reported_prevalence");
    REQUIRE(!small.empty());
    CHECK(small.find("s-suppressed") != std::string::npos);
    CHECK(small.find("&lt;5") != std::string::npos);
    CHECK(small.find(">3<") == std::string::npos);
    CHECK(small.find("0.03") == std::string::npos);
}

TEST_CASE("report: cites every target's clause and quote, credits Leaflet with its licence",
          "[report]") {
    TempDir tmp;
    const auto html = make_report(tmp);
    CHECK(html.find("000_88da2881265e4745.txt") != std::string::npos);
    CHECK(html.find("§二(1)") != std::string::npos);
    CHECK(html.find("辖区精神科编制床位数达到每10万人口不低于28张") != std::string::npos);
    CHECK(html.find("全市每10万人口的精神科执业（助理）医师数不少于3.8人") != std::string::npos);
    CHECK(html.find("id=\"target-psychiatric_beds\"") != std::string::npos);
    CHECK(html.find("Leaflet 1.9.4") != std::string::npos);
    CHECK(html.find("BSD-2-Clause") != std::string::npos);
    CHECK(html.find("Redistribution and use in source and binary forms") != std::string::npos);
    // Chinese first, English in the toggle.
    CHECK(html.find("<html lang=\"zh-CN\">") != std::string::npos);
    CHECK(html.find("<span class=\"en\">Gap tables</span>") != std::string::npos);
}

TEST_CASE("report: nothing is fetched from the network and no patient-level data is in it",
          "[report]") {
    TempDir tmp;
    const auto html = make_report(tmp);
    // Every script and style is inline; the CSP forbids any fetch but data: images.
    CHECK_FALSE(std::regex_search(html, std::regex(R"(<script[^>]*\ssrc\s*=)", std::regex::icase)));
    CHECK_FALSE(std::regex_search(html, std::regex(R"(<link[^>]*>)", std::regex::icase)));
    CHECK_FALSE(std::regex_search(
        html, std::regex(R"(<img[^>]*\ssrc\s*=\s*["']?(https?:)?//)", std::regex::icase)));
    CHECK_FALSE(std::regex_search(html, std::regex(R"(url\(\s*['"]?(https?:)?//)")));
    CHECK_FALSE(std::regex_search(html, std::regex(R"(@import)")));
    CHECK(html.find("url(images/") == std::string::npos); // Leaflet's images inlined
    CHECK(html.find("content=\"default-src 'none'") != std::string::npos);
    // No patient key, name, address or phone.
    CHECK(html.find("KEYSECRET") == std::string::npos);
    CHECK(html.find("张三丰") == std::string::npos);
    CHECK(html.find("秘密路") == std::string::npos);
    CHECK(html.find("13800001000") == std::string::npos);
    CHECK(html.find("13911112222") == std::string::npos);
    CHECK(html.find("李监护") == std::string::npos);
    // The register is synthetic: the report says so.
    CHECK(html.find("SYNTHETIC DATA") != std::string::npos);
    CHECK(html.find("合成数据") != std::string::npos);
}

TEST_CASE("report: the map's units are the workspace outlines back in WGS84 with their gaps",
          "[report]") {
    TempDir tmp;
    const auto html = make_report(tmp);
    const auto data = page_data(html);
    CHECK(data["k"] == 5);
    // The county has no outline in the fixture, so only the township level is mapped, and the
    // report says why the county is missing from the map.
    REQUIRE(data["levels"].size() == 1);
    CHECK(html.find("No county outlines in the workspace") != std::string::npos);
    const auto& township = data["levels"][0];
    CHECK(township["level"] == "township");
    const auto& features = township["features"]["features"];
    REQUIRE(features.size() == 2);
    // 梅陇镇 was imported as the lon/lat square 115.30–115.35 E, 22.90–22.95 N.
    const auto& f = features[0];
    CHECK(f["properties"]["code"] == "441521101000");
    double xmin = 180, xmax = -180, ymin = 90, ymax = -90;
    std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
        if (j.is_array() && j.size() == 2 && j[0].is_number()) {
            xmin = std::min(xmin, j[0].get<double>()), xmax = std::max(xmax, j[0].get<double>());
            ymin = std::min(ymin, j[1].get<double>()), ymax = std::max(ymax, j[1].get<double>());
        } else if (j.is_array()) {
            for (const auto& e : j)
                walk(e);
        }
    };
    walk(f["geometry"]["coordinates"]);
    CHECK(xmin == Approx(115.30).margin(1e-5));
    CHECK(xmax == Approx(115.35).margin(1e-5));
    CHECK(ymin == Approx(22.90).margin(1e-5));
    CHECK(ymax == Approx(22.95).margin(1e-5));
    // The beds layer colours 梅陇镇 by its relative gap 18 / 28.
    bool found = false;
    for (const auto& ind : township["indicators"])
        if (ind["key"] == "psychiatric_beds") {
            found = true;
            const auto& row = ind["rows"]["441521101000"];
            CHECK(row["s"] == "gap");
            CHECK(row["r"].get<double>() == Approx(18.0 / 28.0));
            CHECK(row["c"] == "18");
            CHECK(ind["rows"]["441521106000"]["c"] == "28");
        } else if (ind["key"] == "reported_prevalence") {
            CHECK(ind["rows"]["441521106000"]["s"] == "suppressed");
            CHECK(ind["rows"]["441521106000"]["v"] == "<5");
        }
    CHECK(found);
    // The hospital comes back where it was put, with its beds.
    REQUIRE(data["facilities"].size() == 1);
    CHECK(data["facilities"][0]["name"] == "海丰县精神专科医院");
    CHECK(data["facilities"][0]["beds_authorised"] == 10);
    CHECK(data["facilities"][0]["lon"].get<double>() == Approx(115.325).margin(1e-6));
    CHECK(data["facilities"][0]["lat"].get<double>() == Approx(22.925).margin(1e-6));
}

TEST_CASE("report: a siting study saved with site --save is shown with its before/after",
          "[report][siting]") {
    TempDir tmp;
    const auto ws = jw::test::report_workspace(tmp);
    // Village seats are at most 0.05° of longitude (5.1 km at 22.9° N) from any township seat:
    // 14.4 min at 2.8 min/km, inside 30 min, so one rehab centre covers all 200 000 residents.
    const auto site = run_cli("site " + quoted(ws) +
                              " --facility rehab --model mclp --add 1 --threshold 30min "
                              "--demand-at villages --save -q");
    INFO(site.err);
    REQUIRE(site.exit_code == 0);
    {
        auto w = jw::store::Workspace::open(ws.string(), true);
        CHECK(w.db().query_int("SELECT count(*) FROM siting_runs") == 1);
        CHECK(w.db().query_int("SELECT count(*) FROM siting_sites WHERE status = 'new'") == 1);
        CHECK(w.db().query_int("SELECT round(newly_covered) FROM siting_sites") == 200000);
        CHECK(w.db().query_int("SELECT round(covered_after) FROM siting_counties") == 200000);
        CHECK(w.db().query_int("SELECT covered_before FROM siting_counties") == 0);
        CHECK(w.db().query_int("SELECT count(*) FROM geometry_columns WHERE f_table_name = "
                               "'siting_sites'") == 1);
    }
    // Studying the same facility, model and demand again replaces the run.
    REQUIRE(run_cli("site " + quoted(ws) +
                    " --facility rehab --model mclp --add 1 --threshold 30min --save -q")
                .exit_code == 0);
    {
        auto w = jw::store::Workspace::open(ws.string(), true);
        CHECK(w.db().query_int("SELECT count(*) FROM siting_runs") == 1);
        CHECK(w.db().query_int("SELECT count(*) FROM siting_sites") == 1);
    }
    const auto out = tmp / "report.html";
    REQUIRE(run_cli("report " + quoted(ws) + " --profile shanwei -o " + quoted(out) + " -q")
                .exit_code == 0);
    const auto html = jw::test::read_file(out);
    CHECK(html.find("id=\"siting-") != std::string::npos);
    CHECK(html.find("社区康复机构 · 最大覆盖") != std::string::npos);
    CHECK(html.find("200000 (100.0%)") != std::string::npos); // covered after, county table
    CHECK(html.find("straight-line estimates") != std::string::npos);
    const auto data = page_data(html);
    REQUIRE(data["sites"].size() == 1);
    const double lon = data["sites"][0]["lon"], lat = data["sites"][0]["lat"];
    CHECK(lon > 115.30);
    CHECK(lon < 115.40);
    CHECK(lat == Approx(22.925).margin(1e-4)); // a township centroid
}

TEST_CASE("report: patient counts in a saved patient-weighted study are suppressed", "[report]") {
    TempDir tmp;
    const auto ws = jw::test::report_workspace(tmp);
    {
        // Leave only 联安镇's 3 patients: every patient count of the study is 3.
        auto w = jw::store::Workspace::open(ws.string());
        w.db().exec("DELETE FROM patients WHERE village_code = '441521101201'");
    }
    REQUIRE(run_cli("site " + quoted(ws) +
                    " --facility rehab --model mclp --add 1 --demand patients --demand-at "
                    "villages --save -q")
                .exit_code == 0);
    const auto out = tmp / "report.html";
    REQUIRE(run_cli("report " + quoted(ws) + " --profile shanwei -o " + quoted(out) + " -q")
                .exit_code == 0);
    const auto html = jw::test::read_file(out);
    const auto sites = html.substr(html.find("class=\"siting-sites\""));
    const auto sites_table = sites.substr(0, sites.find("</table>"));
    CHECK(sites_table.find("&lt;5") != std::string::npos);
    CHECK(sites_table.find(">3<") == std::string::npos);
    const auto counties = html.substr(html.find("class=\"siting-counties\""));
    const auto counties_table = counties.substr(0, counties.find("</table>"));
    CHECK(counties_table.find("&lt;5") != std::string::npos);
    CHECK(counties_table.find(">3<") == std::string::npos);
    CHECK(html.find("Patient counts from 1 to 4 are shown as &lt;5") != std::string::npos);
    // MCLP's objective is the covered count: suppressed too.
    CHECK(html.find("patients covered within the threshold</span> &lt;5") != std::string::npos);
}

TEST_CASE("report: a workspace of codes only (no outlines, no CRS yet) still gets its tables",
          "[report]") {
    TempDir tmp;
    const auto ws = tmp / "codes.sqlite";
    jw::test::write_file(tmp / "units.csv", "code,name\n441521,海丰县\n441521101,梅陇镇\n");
    REQUIRE(run_cli("init " + quoted(ws) + " -q").exit_code == 0);
    REQUIRE(
        run_cli("import " + quoted(ws) + " units " + quoted(tmp / "units.csv") + " -q").exit_code ==
        0);
    const auto out = tmp / "r.html";
    const auto r = run_cli("report " + quoted(ws) + " --profile shanwei -o " + quoted(out) + " -q");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto html = jw::test::read_file(out);
    // No population: the county's bed rate is unknown, never zero.
    const auto beds = gap_row(html, "441521000000", "psychiatric_beds");
    CHECK(beds.find("s-unknown") != std::string::npos);
    CHECK(html.find("No county outlines in the workspace") != std::string::npos);
    CHECK(page_data(html)["levels"].empty());
}

TEST_CASE("report: clear errors for a workspace without units, a bad level, a missing output",
          "[report]") {
    TempDir tmp;
    const auto ws = tmp / "empty.sqlite";
    REQUIRE(run_cli("init " + quoted(ws) + " -q").exit_code == 0);
    auto r = run_cli("report " + quoted(ws) + " --profile shanwei -o " + quoted(tmp / "r.html"));
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("import units first") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp / "r.html"));
    r = run_cli("report " + quoted(ws) + " --profile shanwei --level planet -o " +
                quoted(tmp / "r.html"));
    CHECK(r.exit_code == 1);
    r = run_cli("report " + quoted(ws) + " --profile shanwei");
    CHECK(r.exit_code == 1);
    r = run_cli("report " + quoted(tmp / "nope.sqlite") + " --profile shanwei -o " +
                quoted(tmp / "r.html"));
    CHECK(r.exit_code == 3);
}

TEST_CASE("report: access results (tables of `jingwei access`) are listed per facility kind, "
          "worst first, small patient counts suppressed",
          "[report]") {
    TempDir tmp;
    const auto ws = jw::test::report_workspace(tmp);
    jw::test::add_access_results(ws);
    const auto out = tmp / "report.html";
    REQUIRE(run_cli("report " + quoted(ws) + " --profile shanwei -o " + quoted(out) + " -q")
                .exit_code == 0);
    const auto html = jw::test::read_file(out);
    const auto at = html.find("class=\"access-units\" data-facility=\"rehab\"");
    REQUIRE(at != std::string::npos);
    const auto table = html.substr(at, html.find("</table>", at) - at);
    // Worst mean time first: 联安镇 (21.5 min) before 梅陇镇 (7.3 min).
    const auto lianan = table.find("data-unit=\"441521106000\"");
    const auto meilong = table.find("data-unit=\"441521101000\"");
    REQUIRE(lianan != std::string::npos);
    REQUIRE(meilong != std::string::npos);
    CHECK(lianan < meilong);
    const auto lianan_row = table.substr(lianan, table.find("</tr>", lianan) - lianan);
    CHECK(lianan_row.find(">21.5<") != std::string::npos);
    CHECK(lianan_row.find(">25.0%<") != std::string::npos); // within 15 min
    CHECK(lianan_row.find(">60000<") != std::string::npos); // uncovered
    CHECK(lianan_row.find("&lt;5") != std::string::npos);   // patients suppressed
    const auto meilong_row = table.substr(meilong, table.find("</tr>", meilong) - meilong);
    CHECK(meilong_row.find(">7<") != std::string::npos);   // 7 patients: shown
    CHECK(meilong_row.find(">7.3<") != std::string::npos); // mean minutes
    CHECK(html.find("社区康复机构 · 乡镇（街道）") != std::string::npos);
    CHECK(html.find("a note for the planner") != std::string::npos);
    // And a map layer of mean minutes at the run's level.
    bool layer = false;
    const auto data = page_data(html);
    for (const auto& level : data["levels"])
        for (const auto& ind : level["indicators"])
            if (ind["key"] == "access:rehab") {
                layer = true;
                CHECK(level["level"] == "township");
                CHECK(ind["rows"]["441521106000"]["m"].get<double>() == Approx(21.5));
                CHECK(ind["rows"]["441521101000"]["v"] == "7.3");
            }
    CHECK(layer);
}
