// Every bundled profile loads, and every target cites its source clause: for a seed document
// the quoted phrase must appear in the seed file itself.

#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <jingwei/error.hpp>
#include <jingwei/policy/profile.hpp>
#include <regex>

using namespace jw::policy;

namespace {
const std::vector<std::string> bundled = {
    "national", "shanwei", "nanjing", "shanting", "yichun", "tianjin"};

std::string without_space(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        // U+3000 ideographic space (E3 80 80) appears in the seeds' line layout.
        if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
            static_cast<unsigned char>(s[i + 2]) == 0x80) {
            i += 2;
            continue;
        }
        out += s[i];
    }
    return out;
}
} // namespace

TEST_CASE("Every bundled profile loads and every target quotes its source clause", "[policy]") {
    const std::regex seed_file(R"(^\d{3}_[0-9a-f]{16}\.txt$)");
    for (const auto& name : bundled) {
        INFO(name);
        const auto profile = load_profile(name);
        CHECK(profile.rules.min_cell_count >= 1);
        for (const auto& t : profile.targets) {
            INFO(t.profile << ": " << t.indicator);
            CHECK(!t.source.file.empty());
            CHECK(!t.source.clause.empty());
            CHECK(!t.source.quote.empty());
            CHECK(t.year >= 2015);
            if (std::regex_match(t.source.file, seed_file)) {
                const auto seed =
                    jw::test::read_file(jw::test::shared_path("seeds/" + t.source.file));
                CHECK(without_space(seed).find(without_space(t.source.quote)) != std::string::npos);
            } else {
                CHECK(t.source.file.rfind("https://", 0) ==
                      0); // a public page, for the national plan
            }
        }
    }
}

TEST_CASE("A local profile inherits the national targets it does not set", "[policy]") {
    const auto shanwei = load_profile("shanwei");
    CHECK(shanwei.base == "national");
    CHECK(shanwei.rules.beds == "authorised"); // 编制床位, overriding the national "open"
    CHECK(shanwei.rules.min_cell_count == 5);  // inherited
    bool inherited = false;
    for (const auto& t : shanwei.targets) {
        if (t.indicator == "management_rate") {
            inherited = true;
            CHECK(t.profile == "national");
            CHECK(t.value == 80.0);
        }
        if (t.indicator == "psychiatric_beds") {
            CHECK(t.per_population == 100000); // Shanwei counts per 100k, not per 10k
            CHECK(t.profile == "shanwei");
        }
    }
    CHECK(inherited);
    // Yichun's own 70 % county rehab target replaces the national one.
    int rehab = 0;
    for (const auto& t : load_profile("yichun").targets)
        if (t.indicator == "rehab_county_coverage") {
            ++rehab;
            CHECK(t.profile == "yichun");
        }
    CHECK(rehab == 1);
}

TEST_CASE("A profile target without a source clause is refused", "[policy]") {
    jw::test::TempDir tmp;
    jw::test::write_file(
        tmp / "bad.toml",
        "title = \"t\"\n[rules]\nmin_cell_count = 5\nbeds = \"open\"\n"
        "standardised_max_gap_days = 92\n"
        "[[targets]]\nindicator = \"management_rate\"\nvalue = 80.0\nunit = \"%\"\n"
        "level = \"city\"\nyear = 2020\n");
    try {
        load_profile((tmp / "bad.toml").string());
        FAIL("loaded a target without a source");
    } catch (const jw::InputError& e) {
        CHECK(e.field == "targets[0].source");
    }
    // An empty quote is no source either.
    jw::test::write_file(
        tmp / "empty.toml",
        "title = \"t\"\n[rules]\nmin_cell_count = 5\nbeds = \"open\"\n"
        "standardised_max_gap_days = 92\n"
        "[[targets]]\nindicator = \"management_rate\"\nvalue = 80.0\nunit = \"%\"\n"
        "level = \"city\"\nyear = 2020\nsource = { file = \"x\", clause = \"y\", quote = \"\" }\n");
    CHECK_THROWS_AS(load_profile((tmp / "empty.toml").string()), jw::InputError);
}

TEST_CASE("A profile with a wrong unit or unknown indicator names the field", "[policy]") {
    jw::test::TempDir tmp;
    const std::string head = "title = \"t\"\n[rules]\nmin_cell_count = 5\nbeds = \"open\"\n"
                             "standardised_max_gap_days = 92\n[[targets]]\n";
    const std::string tail = "value = 1.0\nlevel = \"city\"\nyear = 2020\n"
                             "source = { file = \"x\", clause = \"y\", quote = \"z\" }\n";
    jw::test::write_file(tmp / "unit.toml",
                         head + "indicator = \"psychiatric_beds\"\nunit = \"%\"\n" + tail);
    try {
        load_profile((tmp / "unit.toml").string());
        FAIL("accepted a bed target in %");
    } catch (const jw::InputError& e) {
        CHECK(e.field == "targets[0].unit");
    }
    jw::test::write_file(tmp / "key.toml",
                         head + "indicator = \"happiness\"\nunit = \"%\"\n" + tail);
    CHECK_THROWS_AS(load_profile((tmp / "key.toml").string()), jw::InputError);
}
