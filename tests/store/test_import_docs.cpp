#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <jingwei/store/import.hpp>

// docs/import.md is the user's reference for column names: keep it in step with the code.
TEST_CASE("docs/import.md names every field of every import kind", "[store][docs]") {
    const std::string doc = jw::test::read_file(jw::test::source_path("docs/import.md"));
    using jw::store::ImportKind;
    for (auto kind : {ImportKind::units,
                      ImportKind::population,
                      ImportKind::facilities,
                      ImportKind::patients,
                      ImportKind::teams}) {
        INFO(jw::store::kind_name(kind));
        CHECK(doc.find("### " + jw::store::kind_name(kind)) != std::string::npos);
        for (const auto& spec : jw::store::field_specs(kind)) {
            INFO(spec.target);
            CHECK(doc.find(spec.target) != std::string::npos);
        }
    }
}
