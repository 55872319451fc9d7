// Each indicator on a hand-made area whose answers are worked out by hand below, not copied
// from the program's output.

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/policy/gaps.hpp>
#include <jingwei/store/workspace.hpp>

using namespace jw::policy;

namespace {

// County 441521 (200 000 residents) with townships T1 441521101 (120 000) and T2 441521106
// (80 000), villages V1, V2 in T1 and V3 in T2.
AreaData handmade_area() {
    AreaData a;
    a.as_of = "2026-11-30"; // period 2026-01-01 .. 2026-11-30
    a.units = {
        {"441521000000", "县", "county", 200000, 2020, false},
        {"441521101000", "T1", "township", 120000, 2020, false},
        {"441521106000", "T2", "township", 80000, 2020, true},
        {"441521101201", "V1", "village", 60000, 2020, true},
        {"441521101202", "V2", "village", 60000, 2020, true},
        {"441521106201", "V3", "village", 80000, 2020, true},
    };
    auto fac = [](std::string id,
                  std::string kind,
                  std::string unit,
                  std::string status,
                  std::optional<std::int64_t> beds_authorised,
                  std::optional<std::int64_t> beds_open,
                  std::optional<std::int64_t> psychiatrists,
                  std::optional<std::int64_t> prevention,
                  std::optional<bool> clinic) {
        return AreaFacility{
            id, kind, unit, status, beds_authorised, beds_open, psychiatrists, prevention, clinic};
    };
    a.facilities = {
        fac("H1", "psychiatric_hospital", "441521000000", "open", 40, 50, 6, 0, std::nullopt),
        fac("H2",
            "psychiatric_hospital",
            "441521000000",
            "required",
            std::nullopt,
            std::nullopt,
            std::nullopt,
            std::nullopt,
            std::nullopt), // a requirement, not a hospital: never counted
        fac("C1", "township_health_centre", "441521101000", "open", 0, 0, 1, 1, true),
        fac("C2", "township_health_centre", "441521106000", "open", 0, 0, 0, 0, false),
        fac("R1",
            "community_rehab",
            "441521101000",
            "open",
            std::nullopt,
            std::nullopt,
            std::nullopt,
            std::nullopt,
            std::nullopt),
    };
    auto pat = [](std::string village,
                  std::string diagnosis,
                  std::string status,
                  std::optional<std::string> medication,
                  std::optional<std::string> visit,
                  std::optional<std::string> exam) {
        return AreaPatient{village, diagnosis, status, medication, visit, exam, false, ""};
    };
    const std::string v1 = "441521101201", v2 = "441521101202", v3 = "441521106201";
    a.patients = {
        pat(v1, "schizophrenia", "managed", "regular", "2026-10-15", "2026-05-01"),          // 1
        pat(v1, "schizophrenia", "managed", "regular", "2026-10-15", "2026-05-01"),          // 2
        pat(v1, "schizophrenia", "managed", "regular", "2026-10-15", "2026-05-01"),          // 3
        pat(v1, "schizophrenia", "managed", "regular", "2026-10-15", "2026-05-01"),          // 4
        pat(v1, "bipolar", "managed", "regular", "2026-10-15", "2026-05-01"),                // 5
        pat(v1, "schizophrenia", "managed", "regular", "2026-03-01", std::nullopt),          // 6
        pat(v2, "schizophrenia", "in_hospital", "intermittent", std::nullopt, std::nullopt), // 7
        pat(v2, "intellectual_disability", "lost", "none", "2026-02-01", std::nullopt),      // 8
        pat(v3, "schizophrenia", "managed", "none", "2025-12-20", "2025-12-20"),             // 9
        pat(v3, "epilepsy_related", "refusing", "intermittent", "2026-11-01", std::nullopt), // 10
        pat(v3, "schizophrenia", "deceased", "regular", "2026-01-10", std::nullopt),         // not
                                                                                     // registered
        pat(v1, "schizophrenia", "moved_out", "regular", "2026-06-01", std::nullopt), // not
                                                                                      // registered
    };
    // Two grid cells: patients 1-6 live in cell 1 (60 000 residents), 7-12 in cell 2.
    a.units.push_back({cell_code(1), "cell 1,0", "cell", 60000, 2020, true});
    a.units.push_back({cell_code(2), "cell 2,0", "cell", 140000, 2020, true});
    for (std::size_t i = 0; i < a.patients.size(); ++i)
        a.patients[i].cell = cell_code(i < 6 ? 1 : 2);
    return a;
}

Profile handmade_profile() {
    return load_profile(jw::test::data_path("policy/handmade.toml").string());
}

const GapRow& find(const GapTable& t, const std::string& code, const std::string& indicator) {
    for (const auto& r : t.rows)
        if (r.unit_code == code && r.indicator == indicator)
            return r;
    FAIL("no row " << code << " " << indicator);
    throw 0;
}

} // namespace

TEST_CASE("Resource indicators per 100k and what closes them, by hand", "[policy]") {
    const auto t = compute_gaps(handmade_area(), handmade_profile(), GapLevel::county);
    // Authorised beds: H1 40 + C1 0 + C2 0 = 40 over 200 000 -> 20 per 100k; 28 needs 56: add 16.
    const auto& beds = find(t, "441521000000", "psychiatric_beds");
    CHECK(beds.status == GapStatus::gap);
    CHECK(*beds.value == Approx(20.0));
    CHECK(*beds.gap_abs == Approx(8.0));
    CHECK(*beds.gap_rel == Approx(8.0 / 28.0));
    CHECK(*beds.closes_amount == 16);
    // Psychiatrists 6 + 1 + 0 = 7 -> 3.5 per 100k; 3.8 needs 7.6: recruit 1.
    const auto& doctors = find(t, "441521000000", "psychiatrists");
    CHECK(*doctors.value == Approx(3.5));
    CHECK(*doctors.closes_amount == 1);
}

TEST_CASE("Coverage indicators count sub-units and centres, by hand", "[policy]") {
    const auto t = compute_gaps(handmade_area(), handmade_profile(), GapLevel::county);
    CHECK(find(t, "441521000000", "psychiatric_hospital_coverage").status ==
          GapStatus::met);                                                           // H1 open
    CHECK(*find(t, "441521000000", "rehab_county_coverage").value == Approx(100.0)); // R1
    const auto& rehab = find(t, "441521000000", "rehab_township_coverage"); // T1 has R1, T2 none
    CHECK(*rehab.value == Approx(50.0));
    CHECK(*rehab.closes_amount == 1);
    const auto& prevention = find(t, "441521000000", "prevention_doctor_coverage"); // C1 yes, C2 no
    CHECK(*prevention.value == Approx(50.0));
    CHECK(*prevention.closes_amount == 1);
    CHECK(*find(t, "441521000000", "licensed_psychiatrist_coverage").closes_amount == 1);
    const auto& clinic = find(t, "441521000000", "psych_clinic_coverage"); // 1 of 2 >= 20 %
    CHECK(clinic.status == GapStatus::met);
    CHECK(*clinic.value == Approx(50.0));
    // A county's own coverage of counties is 0 or 100 %; a required hospital does not count.
    auto area = handmade_area();
    area.facilities.erase(area.facilities.begin()); // drop H1, keep H2 (required)
    const auto t2 = compute_gaps(area, handmade_profile(), GapLevel::county);
    const auto& hospital = find(t2, "441521000000", "psychiatric_hospital_coverage");
    CHECK(*hospital.value == Approx(0.0));
    CHECK(*hospital.closes_amount == 1);
}

TEST_CASE("Patient indicators over registered patients, by hand", "[policy]") {
    const auto t = compute_gaps(handmade_area(), handmade_profile(), GapLevel::county);
    const std::string c = "441521000000";
    // Registered: patients 1-10 (deceased and moved-out excluded). 10 / 200 000 × 1000 = 0.05 ‰;
    // 5 ‰ expects 1000: 990 undiscovered.
    const auto& prevalence = find(t, c, "reported_prevalence");
    CHECK(*prevalence.numerator == 10);
    CHECK(*prevalence.value == Approx(0.05));
    CHECK(*prevalence.closes_amount == 990);
    // Managed: 1-5 and 6 (visits in 2026), 7 (in hospital), 10 (refusing but visited): 8 / 10.
    // Not: 8 (lost), 9 (last visit 2025-12-20, before the period).
    const auto& managed = find(t, c, "management_rate");
    CHECK(*managed.value == Approx(80.0));
    CHECK(managed.status == GapStatus::met);
    // Standardised: 1-5 (46 days), 7 (in hospital), 10 (29 days) = 7; 6 is 274 days old.
    // 90 % of 10 = 9: bring 2 into regular follow-up.
    const auto& standardised = find(t, c, "standardised_management_rate");
    CHECK(*standardised.value == Approx(70.0));
    CHECK(*standardised.closes_amount == 2);
    // Medication: regular 1-6, intermittent 7 and 10 -> 8 / 10; 90 % needs 9: 1 more.
    CHECK(*find(t, c, "medication_rate").value == Approx(80.0));
    CHECK(*find(t, c, "medication_rate").closes_amount == 1);
    // Regular 6 / 10 = 60 %; 65 % of 10 = 6.5 -> 1 more.
    CHECK(*find(t, c, "regular_medication_rate").value == Approx(60.0));
    CHECK(*find(t, c, "regular_medication_rate").closes_amount == 1);
    // Schizophrenia registered: 1-4, 6, 7, 9 = 7; regular 1-4, 6 = 5; on medication + 7 = 6.
    CHECK(*find(t, c, "schizophrenia_regular_medication_rate").value == Approx(500.0 / 7));
    CHECK(*find(t, c, "schizophrenia_treatment_rate").value == Approx(600.0 / 7));
    // Exams in 2026: 1-5 -> 50 %.
    CHECK(*find(t, c, "physical_exam_rate").value == Approx(50.0));
    // No visit mode or free-medication field in the workspace: unknown, not zero.
    CHECK(find(t, c, "face_to_face_rate").status == GapStatus::unknown);
    CHECK_FALSE(find(t, c, "face_to_face_rate").value);
    CHECK(find(t, c, "free_medication_share").status == GapStatus::unknown);
}

TEST_CASE("Township figures, and small patient counts are suppressed", "[policy]") {
    const auto t = compute_gaps(handmade_area(), handmade_profile(), GapLevel::township);
    // T1: beds 0 of 120 000 -> 28 × 1.2 = 33.6: add 34; psychiatrists 1 -> 0.833; 4.56 - 1: 4.
    const auto& beds = find(t, "441521101000", "psychiatric_beds");
    CHECK(*beds.value == Approx(0.0));
    CHECK(*beds.closes_amount == 34);
    CHECK(*find(t, "441521101000", "psychiatrists").value == Approx(100000.0 / 120000));
    CHECK(*find(t, "441521101000", "psychiatrists").closes_amount == 4);
    // T1 patients 1-8: 8 / 120 000 × 1000; 5 ‰ expects 600: 592.
    CHECK(*find(t, "441521101000", "reported_prevalence").closes_amount == 592);
    CHECK(*find(t, "441521101000", "management_rate").value == Approx(87.5)); // 1-7 of 1-8
    // T2 has 2 registered patients (9, 10): below k = 5, so suppressed with all derived figures.
    const auto& small = find(t, "441521106000", "reported_prevalence");
    CHECK(small.status == GapStatus::suppressed);
    CHECK_FALSE(small.numerator);
    CHECK_FALSE(small.value);
    CHECK_FALSE(small.closes_amount);
    CHECK(find(t, "441521106000", "regular_medication_rate").status == GapStatus::suppressed);
    CHECK(t.has_suppressed);
    // County coverage targets do not apply to a township.
    for (const auto& r : t.rows)
        CHECK(r.indicator != "psychiatric_hospital_coverage");
}

TEST_CASE("A missing bed count makes the unit's beds unknown, not zero", "[policy]") {
    auto area = handmade_area();
    area.facilities[2].beds_authorised.reset(); // C1 did not report beds
    const auto t = compute_gaps(area, handmade_profile(), GapLevel::county);
    const auto& beds = find(t, "441521000000", "psychiatric_beds");
    CHECK(beds.status == GapStatus::unknown);
    CHECK_FALSE(beds.value);
    CHECK_FALSE(beds.closes_amount);
    CHECK(beds.note.find("unknown for 1 of 3") != std::string::npos);
}

TEST_CASE("Gap rows are ranked worst first", "[policy]") {
    const auto t = compute_gaps(handmade_area(), handmade_profile(), GapLevel::county);
    // Relative gaps by hand: prevalence 4.95/5 = 0.99; rehab township, prevention doctor and
    // licensed psychiatrist 0.5 (indicator order on ties); beds 8/28; standardised 20/90;
    // medication 10/90; psychiatrists 0.3/3.8; regular medication 5/65.
    const std::vector<std::string> expected = {"reported_prevalence",
                                               "rehab_township_coverage",
                                               "prevention_doctor_coverage",
                                               "licensed_psychiatrist_coverage",
                                               "psychiatric_beds",
                                               "standardised_management_rate",
                                               "medication_rate",
                                               "psychiatrists",
                                               "regular_medication_rate"};
    REQUIRE(t.rows.size() > expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(t.rows[i].indicator == expected[i]);
        CHECK(t.rows[i].rank == static_cast<int>(i + 1));
    }
    CHECK(t.rows[expected.size()].status == GapStatus::unknown);
    CHECK(t.rows.back().status == GapStatus::met);
}

TEST_CASE("load_area reads the workspace and keeps NULL counts unknown", "[policy]") {
    jw::test::TempDir tmp;
    const auto path = (tmp / "ws.sqlite").string();
    {
        auto ws = jw::store::Workspace::create(path, "EPSG:4547");
        auto& db = ws.db();
        db.exec("INSERT INTO admin_units (code, name, level) VALUES ('441521000000', '海丰县', "
                "'county'), "
                "('441521101201', 'V1', 'village')");
        db.exec(
            "INSERT INTO population (unit_code, year, count) VALUES ('441521000000', 2010, 100), "
            "('441521000000', 2020, 736791), ('441521000000', 2030, 1)");
        db.exec("INSERT INTO facilities (id, name, kind, unit_code, beds_authorised) VALUES "
                "('H', 'h', 'psychiatric_hospital', '441521000000', NULL)");
        db.exec(
            "INSERT INTO patients (patient_key, village_code, diagnosis, last_visit_date) VALUES "
            "('k1', '441521101201', 'bipolar', '2026-05-02')");
    }
    auto ws = jw::store::Workspace::open(path, true);
    const auto area = load_area(ws);
    CHECK(area.as_of == "2026-05-02");          // the register's latest date
    REQUIRE(area.units.size() == 2);            // sorted by code: the county first
    CHECK(*area.units[0].population == 736791); // latest year up to 2026, not 2030
    CHECK(area.units[0].population_year == 2020);
    REQUIRE(area.facilities.size() == 1);
    CHECK_FALSE(area.facilities[0].beds_authorised);
    CHECK_FALSE(area.facilities[0].psychiatrists);
}

TEST_CASE("Cell level: patient indicators per grid cell, facilities' indicators left out",
          "[policy]") {
    const auto t = compute_gaps(handmade_area(), handmade_profile(), GapLevel::cell);
    // Cell 1: patients 1-6 registered over 60 000 -> 0.1 ‰; 5 ‰ expects 300: 294 to find.
    const auto& prevalence = find(t, cell_code(1), "reported_prevalence");
    CHECK(*prevalence.value == Approx(0.1));
    CHECK(*prevalence.closes_amount == 294);
    // Cell 2: 7-10 registered (11 deceased, 12 moved out) = 4 < k: suppressed.
    CHECK(find(t, cell_code(2), "reported_prevalence").status == GapStatus::suppressed);
    for (const auto& r : t.rows) {
        CHECK(r.indicator != "psychiatric_beds");
        CHECK(r.indicator != "prevention_doctor_coverage");
    }
}
