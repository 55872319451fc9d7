#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/model/unit_code.hpp>
#include <jingwei/model/values.hpp>

using namespace jw::model;

TEST_CASE("unit codes are padded to 12 digits and know their level and parent", "[model]") {
    const auto county = UnitCode::parse("441521");
    CHECK(county.str() == "441521000000");
    CHECK(county.level() == UnitLevel::county);
    CHECK(county.parent()->str() == "441500000000");
    CHECK(county.prefix() == "441521");
    const auto village = UnitCode::parse("441521101201");
    CHECK(village.level() == UnitLevel::village);
    CHECK(village.parent()->str() == "441521101000");
    CHECK(village.is_within("4415"));
    CHECK_FALSE(village.is_within("4416"));
    CHECK(UnitCode::parse("44").level() == UnitLevel::province);
    CHECK_FALSE(UnitCode::parse("44").parent());
    CHECK(UnitCode::parse("441521101.0").str() == "441521101000");
}

TEST_CASE("malformed unit codes are refused with the reason", "[model]") {
    CHECK_THROWS_WITH(UnitCode::parse("4415210"), Catch::Contains("7 digits"));
    CHECK_THROWS_WITH(UnitCode::parse("44152A"), Catch::Contains("digits only"));
    CHECK_THROWS_AS(UnitCode::parse(""), jw::InputError);
    CHECK_THROWS_AS(UnitCode::parse("001500"), jw::InputError);
}

TEST_CASE("dates in the forms Chinese spreadsheets use all become ISO dates", "[model]") {
    CHECK(parse_date("2025-03-01") == "2025-03-01");
    CHECK(parse_date("2025/3/1") == "2025-03-01");
    CHECK(parse_date("2025年3月1日") == "2025-03-01");
    CHECK(parse_date("2025.03.01") == "2025-03-01");
    CHECK(parse_date("20250301") == "2025-03-01");
    CHECK(parse_date("45717") == "2025-03-01"); // Excel serial
    CHECK(parse_date("2024-02-29") == "2024-02-29");
    CHECK(parse_date("2025-03-01T08:00:00") == "2025-03-01");
    CHECK_THROWS_WITH(parse_date("2025-02-29"), Catch::Contains("not a real calendar date"));
    CHECK_THROWS_AS(parse_date("2025-13-01"), jw::InputError);
    CHECK_THROWS_AS(parse_date("yesterday"), jw::InputError);
}

TEST_CASE("register values are read in English codes or Chinese wording", "[model]") {
    CHECK(parse_diagnosis("精神分裂症") == "schizophrenia");
    CHECK(parse_diagnosis("F31.2") == "bipolar");
    CHECK(parse_diagnosis("F72") == "intellectual_disability");
    CHECK_THROWS_WITH(parse_diagnosis("抑郁症"), Catch::Contains("six severe"));
    CHECK_THROWS_AS(parse_diagnosis("F32"), jw::InputError);
    CHECK(parse_stability("基本稳定") == "basically_stable");
    CHECK(parse_management_status("失访") == "lost");
    CHECK(parse_medication("间断服药") == "intermittent");
    CHECK(parse_risk_level("3级") == 3);
    CHECK_THROWS_WITH(parse_risk_level("6"), Catch::Contains("0-5"));
    CHECK(parse_facility_kind("乡镇卫生院") == "township_health_centre");
    CHECK(parse_facility_kind("general_hospital_psychiatric_dept") ==
          "general_hospital_psychiatry");
    CHECK(parse_facility_status("required_by_policy (plan: by end-2022)") == "required");
    CHECK(parse_sex("女") == "female");
}

TEST_CASE("counts must be whole and non-negative", "[model]") {
    CHECK(parse_count("28") == 28);
    CHECK(parse_count(" 28.0 ") == 28);
    CHECK_THROWS_WITH(parse_count("-3"), Catch::Contains("negative"));
    CHECK_THROWS_WITH(parse_count("abc"), Catch::Contains("not a count"));
    CHECK_THROWS_AS(parse_count("1.5"), jw::InputError);
    CHECK(trim("\xE3\x80\x80 汕尾 ") == "汕尾");
}
