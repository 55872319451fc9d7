#include "synth/fixture.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/synth/patients.hpp>
#include <jingwei/synth/population.hpp>
#include <jingwei/synth/register_shape.hpp>
#include <jingwei/synth/townships.hpp>

using namespace jw::test::synth;
using jw::test::TempDir;

namespace {
// The square county with 400 000 residents: 2 000 patients expected at 5‰.
jw::store::Workspace populated(const std::string& path) {
    auto ws = square_county(path);
    ws.db().exec("UPDATE population SET count = count * 10");
    add_population(ws, "441502000000", 400000);
    jw::synth::synthesize_population(ws);
    jw::synth::synthesize_townships(ws);
    return ws;
}

std::string dump(jw::store::Workspace& ws) {
    return *ws.db().query_text(
        "SELECT group_concat(r, '|') FROM (SELECT p.patient_key || p.diagnosis || p.risk_level || "
        "p.stability || p.management_status || p.medication || coalesce(p.last_visit_date, '') || "
        "p.registered_date || p.sex || p.birth_year || coalesce(AsText(p.home), '') || i.name AS r "
        "FROM patients p JOIN patient_identity i USING (patient_key) ORDER BY p.patient_key)");
}
} // namespace

TEST_CASE("ISO dates round-trip through day numbers", "[synth]") {
    CHECK(jw::synth::days_from_iso("1970-01-01") == 0);
    CHECK(jw::synth::iso_from_days(jw::synth::days_from_iso("2026-11-30") - 92) == "2026-08-30");
    CHECK(jw::synth::iso_from_days(jw::synth::days_from_iso("2024-03-01") - 1) == "2024-02-29");
    CHECK_THROWS_AS(jw::synth::days_from_iso("2026-02-30"), jw::InputError);
    CHECK_THROWS_AS(jw::synth::days_from_iso("30/11/2026"), jw::InputError);
}

TEST_CASE("the bundled register shape loads and a bad one is refused with its key", "[synth]") {
    const auto shape = jw::synth::load_register_shape(jw::synth::default_register_shape_path());
    CHECK(shape.diagnosis.share("schizophrenia") == Approx(0.72).margin(0.03));
    CHECK(shape.team_members.size() == 2);
    TempDir tmp;
    const auto bad = tmp / "bad.toml";
    jw::test::write_file(
        bad, jw::test::read_file(jw::synth::default_register_shape_path()) + "\n[extra]\nx = 1\n");
    CHECK_NOTHROW(jw::synth::load_register_shape(bad.string()));
    auto text = jw::test::read_file(jw::synth::default_register_shape_path());
    text.replace(text.find("bipolar = 7.0"), 13, "mania = 7.0");
    jw::test::write_file(bad, text);
    try {
        jw::synth::load_register_shape(bad.string());
        FAIL("a diagnosis the schema does not know was accepted");
    } catch (const jw::InputError& e) {
        CHECK(e.field == "diagnosis.mania");
    }
}

TEST_CASE("a synthetic register matches prevalence and the register rules", "[synth]") {
    TempDir tmp;
    auto ws = populated((tmp / "ws.sqlite").string());
    const auto r = jw::synth::synthesize_patients(ws);
    CHECK(r.expected_patients == Approx(2000.0));
    // Stochastic rounding per village: at most 5 villages each off by < 1.
    CHECK(std::abs(static_cast<double>(r.patients) - 2000.0) < 5.0);
    CHECK(ws.db().query_int("SELECT count(*) FROM patients") == r.patients);
    CHECK(ws.db().query_int("SELECT count(*) FROM patients WHERE synthetic <> 1") == 0);
    CHECK(ws.db().query_int(
              "SELECT count(*) FROM patient_identity WHERE synthetic = 1 AND name LIKE "
              "'患者%' AND address LIKE '（合成）%' AND phone LIKE '000-%'") == r.patients);
    CHECK(ws.db().query_int("SELECT count(*) FROM patients WHERE patient_key NOT LIKE 'SYN-%'") ==
          0);
    // Risk ≥ 3 implies unstable.
    CHECK(ws.db().query_int(
              "SELECT count(*) FROM patients WHERE risk_level >= 3 AND stability <> 'unstable'") ==
          0);
    CHECK(ws.db().query_int("SELECT count(*) FROM patients WHERE risk_level >= 3") > 0);
    // Shapes near DOMAIN.md §11 (2 000 draws: a few percentage points of noise).
    const auto share = [&](const std::string& where) {
        return static_cast<double>(
                   ws.db().query_int("SELECT count(*) FROM patients WHERE " + where)) /
               static_cast<double>(r.patients);
    };
    CHECK(share("diagnosis = 'schizophrenia'") == Approx(0.72).margin(0.04));
    CHECK(share("stability = 'stable'") == Approx(0.76).margin(0.04));
    CHECK(share("management_status = 'lost'") == Approx(0.02).margin(0.015));
    CHECK(share("management_status = 'in_hospital'") == Approx(0.04).margin(0.02));
    CHECK(share("sex = 'male'") == Approx(0.52).margin(0.05));
    CHECK(share("birth_year BETWEEN 1956 AND 1996") > 0.6);
    // Dates: stable managed patients were seen within 3 months, except the overdue tail.
    CHECK(share("stability = 'stable' AND management_status = 'managed' AND last_visit_date < "
                "'2026-09-01'") > 0.0);
    CHECK(share("last_visit_date > '2026-11-30' OR registered_date > '2026-11-30'") == 0.0);
    CHECK(share("last_visit_date < registered_date") == 0.0);
    // Homes: near their village seat, inside the township.
    CHECK(ws.db().query_int(
              "SELECT count(*) FROM patients p JOIN admin_units v ON v.code = p.village_code "
              "WHERE ST_Distance(p.home, v.seat) > 2.5 * 300 + 1e-6") == 0);
    CHECK(ws.db().query_int(
              "SELECT count(*) FROM patients p JOIN admin_units v ON v.code = p.village_code "
              "JOIN admin_units t ON t.code = v.parent_code WHERE ST_Covers(t.geom, p.home) = 0") ==
          0);
    auto mean_distance = [&](const std::string& suffix) {
        return std::stod(*ws.db().query_text("SELECT avg(ST_Distance(p.home, v.seat)) FROM "
                                             "patients p JOIN admin_units v ON v.code = "
                                             "p.village_code WHERE v.name LIKE '%" +
                                             suffix + "'"));
    };
    CHECK(mean_distance("居委会") < mean_distance("村委会"));
}

TEST_CASE("the same seed gives the same register; another seed another", "[synth]") {
    TempDir tmp;
    auto a = populated((tmp / "a.sqlite").string());
    auto b = populated((tmp / "b.sqlite").string());
    jw::synth::PatientOptions o;
    o.seed = 42;
    jw::synth::synthesize_patients(a, o);
    jw::synth::synthesize_patients(b, o);
    const auto first = dump(a);
    CHECK(first == dump(b));
    o.seed = 43;
    o.replace = true;
    jw::synth::synthesize_patients(b, o);
    CHECK(first != dump(b));
    CHECK(b.db().query_int("SELECT count(*) FROM patient_identity") ==
          b.db().query_int("SELECT count(*) FROM patients"));
}

TEST_CASE("patients refuse to overwrite a register unless told to", "[synth]") {
    TempDir tmp;
    auto ws = populated((tmp / "ws.sqlite").string());
    jw::synth::synthesize_patients(ws);
    CHECK_THROWS_AS(jw::synth::synthesize_patients(ws), jw::UsageError);
    ws.db().exec("UPDATE patients SET synthetic = 0 WHERE rowid = 1");
    jw::synth::PatientOptions o;
    o.replace = true;
    CHECK_THROWS_AS(jw::synth::synthesize_patients(ws, o), jw::UsageError);
}
