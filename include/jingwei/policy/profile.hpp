#pragma once
/// Policy profiles (data/policies/*.toml): targets from one policy document, each with the
/// clause it comes from, plus the counting rules the document implies. A profile may inherit
/// another (`base = "national"`); its own targets replace the base's for the same indicator.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace jw::policy {

/// Where a target comes from: the document (a seed file name or a URL) and the quoted phrase.
struct SourceClause {
    std::string file;   // "000_88da2881265e4745.txt" or a URL
    std::string clause; // section, e.g. "§二(1)"
    std::string quote;  // the phrase as written in the document
};

enum class Comparison { at_least, at_most };

struct Target {
    std::string indicator;     // a key of indicators()
    double value = 0;          // in `unit`
    std::string unit;          // "%", "‰", "per 100k", "per 10k"
    double per_population = 0; // 100000 or 10000 for per-capita targets, else 0
    Comparison comparison = Comparison::at_least;
    std::string
        stated_level; // where the document sets it: country/province/city/county/township/centre
    int year = 0;     // the year-end the target applies to
    std::string year_basis; // "stated" or why another year was taken (e.g. the plan's horizon)
    SourceClause source;
    std::string profile; // the profile that set it (the base's name when inherited)
};

/// Counting rules; every number comes from a profile file.
struct Rules {
    /// Patient counts from 1 to min_cell_count-1 are suppressed in every output (DOMAIN.md §9).
    int min_cell_count = 0;
    /// "authorised" (编制) or "open" (开放/实有) beds.
    std::string beds = "";
    /// A registered patient is in standardised management when the latest follow-up is at most
    /// this many days before the as-of date (the workspace keeps only the latest visit).
    int standardised_max_gap_days = 0;
    /// In-hospital patients count as under management (DOMAIN.md §4).
    bool in_hospital_counts_as_managed = true;
    std::string source; // where the rules come from, free text
};

struct Profile {
    std::string name;  // file stem
    std::string title; // the document's title
    std::string base;  // "" or the inherited profile's name
    Rules rules;
    std::vector<Target> targets;    // after inheritance, in indicators() order
    std::vector<std::string> files; // the files read, base first
};

/// The bundled profiles' folder (data/policies in the source tree).
std::filesystem::path default_profile_dir();

/// Loads NAME (from `dir`/NAME.toml) or a path ending in .toml, resolving `base`.
/// Throws jw::InputError with file and field for any missing or malformed entry, a target
/// without a source clause, an unknown indicator or unit, or an inheritance cycle.
Profile load_profile(const std::string& name_or_path,
                     const std::filesystem::path& dir = default_profile_dir());

} // namespace jw::policy
