// The Shanwei county gap table against figures computed here, independently, from the input
// files: population from the census file, facilities from the facility list, townships from
// the division list.

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/policy/gaps.hpp>
#include <jingwei/store/import.hpp>
#include <jingwei/store/workspace.hpp>
#include <map>
#include <sstream>

using namespace jw::policy;

namespace {

// A plain CSV splitter (quotes, doubled quotes), enough for these three files.
std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& path) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(jw::test::read_file(path));
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        std::vector<std::string> cells(1);
        bool quoted = false;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (c == '"') {
                if (quoted && i + 1 < line.size() && line[i + 1] == '"')
                    cells.back() += '"', ++i;
                else
                    quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.emplace_back();
            } else {
                cells.back() += c;
            }
        }
        rows.push_back(cells);
    }
    rows.erase(rows.begin()); // header
    return rows;
}

const GapRow& find(const GapTable& t, const std::string& code, const std::string& indicator) {
    for (const auto& r : t.rows)
        if (r.unit_code == code && r.indicator == indicator)
            return r;
    FAIL("no row " << code << " " << indicator);
    throw 0;
}

} // namespace

TEST_CASE("Shanwei county gaps match figures computed from the input files", "[policy][shanwei]") {
    const auto units_csv = jw::test::shared_path("data/shanwei/units.csv");
    const auto population_csv = jw::test::source_path("data/shanwei/population.csv");
    const auto facilities_csv = jw::test::source_path("data/shanwei/facilities.csv");

    jw::test::TempDir tmp;
    const auto path = (tmp / "ws.sqlite").string();
    {
        auto ws = jw::store::Workspace::create(path, "EPSG:4547");
        using jw::store::ImportKind;
        for (auto [kind, file] : {std::pair{ImportKind::units, units_csv},
                                  std::pair{ImportKind::population, population_csv},
                                  std::pair{ImportKind::facilities, facilities_csv}}) {
            jw::store::ImportOptions options;
            options.file = file.string();
            options.rejects_path = (tmp / "rejects.csv").string();
            const auto r = jw::store::import_file(ws, kind, options);
            REQUIRE(r.rows_rejected == 0);
        }
    }
    auto ws = jw::store::Workspace::open(path, true);
    const auto table = compute_gaps(load_area(ws), load_profile("shanwei"), GapLevel::county);

    // Independent figures.
    std::map<std::string, double> county_population; // 6-digit code -> census residents
    for (const auto& row : read_csv(population_csv))
        if (row[0].size() == 6 && row[4] == "resident")
            county_population[row[0]] = std::stod(row[3]);
    std::map<std::string, int> townships; // county -> townships in the division list
    std::vector<std::string> counties;
    for (const auto& row : read_csv(units_csv)) {
        if (row[2] == "county")
            counties.push_back(row[0]);
        if (row[2] == "township")
            ++townships[row[0].substr(0, 6)];
    }
    std::map<std::string, int> open_psychiatric_hospitals, open_bed_capable;
    for (const auto& row : read_csv(facilities_csv)) {
        const std::string kind = row[2], unit = row[3], status = row[4];
        if (status != "open")
            continue;
        if (kind == "psychiatric_hospital")
            ++open_psychiatric_hospitals[unit.substr(0, 6)];
        if (kind != "village_clinic" && kind != "community_rehab")
            ++open_bed_capable[unit.substr(0, 6)];
    }
    REQUIRE(counties.size() == 4);
    REQUIRE(county_population.size() == 2); // 海丰县 and 陆河县 have census figures

    for (const auto& county : counties) {
        INFO(county);
        const std::string code = county + "000000";
        // Beds and psychiatrists are not in the facility file: unknown wherever a facility that
        // could hold them is open, never zero.
        const auto& beds = find(table, code, "psychiatric_beds");
        if (open_bed_capable[county] > 0) {
            CHECK(beds.status == GapStatus::unknown);
            CHECK_FALSE(beds.value);
        }
        CHECK(find(table, code, "psychiatrists").status == GapStatus::unknown);
        // Psychiatric hospitals are only required/planned: each county needs one.
        const auto& hospital = find(table, code, "psychiatric_hospital_coverage");
        CHECK(*hospital.value == Approx(open_psychiatric_hospitals[county] > 0 ? 100.0 : 0.0));
        CHECK(*hospital.closes_amount == (open_psychiatric_hospitals[county] > 0 ? 0 : 1));
        // No community rehab in the file: every township needs one.
        const auto& rehab = find(table, code, "rehab_township_coverage");
        CHECK(*rehab.denominator == townships[county]);
        CHECK(*rehab.closes_amount == townships[county]);
        // Prevention staff are not in the file either.
        CHECK(find(table, code, "prevention_doctor_coverage").status == GapStatus::unknown);
        // No register imported: 0 ‰ against 5 ‰, so 5 × population / 1000 undiscovered.
        const auto& prevalence = find(table, code, "reported_prevalence");
        if (auto it = county_population.find(county); it != county_population.end()) {
            CHECK(*prevalence.denominator == it->second);
            CHECK(*prevalence.value == Approx(0.0));
            CHECK(*prevalence.closes_amount == std::ceil(5.0 * it->second / 1000.0));
        } else {
            CHECK(prevalence.status == GapStatus::unknown); // no census figure for this county
        }
    }
}
