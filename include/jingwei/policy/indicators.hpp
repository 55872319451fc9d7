#pragma once
/// The indicators a policy profile can set targets for: one table, one place for each
/// formula (docs/indicators.md describes the same table for planners).

#include <string>
#include <vector>

namespace jw::policy {

/// How an indicator is computed; each kind has one formula in src/policy/gaps.cpp.
enum class IndicatorKind {
    per_capita,   // resource count (beds, psychiatrists) per `per` resident population
    coverage,     // share (%) of sub-units or centres that have something
    prevalence,   // registered patients per 1000 residents (‰)
    patient_rate, // share (%) of registered patients meeting a condition
};

/// What a coverage indicator counts over.
enum class CoverageOver { none, county, township, centre };

struct IndicatorInfo {
    const char* key;     // stable id used in profiles and outputs
    const char* name_zh; // the seeds' wording
    const char* name_en;
    IndicatorKind kind;
    CoverageOver over = CoverageOver::none;
    /// What the closing amount counts, e.g. "beds to add".
    const char* closes_en;
    const char* closes_zh;
};

/// Every indicator, in the order outputs list them.
const std::vector<IndicatorInfo>& indicators();
/// The indicator with this key; throws jw::InputError naming the known keys.
const IndicatorInfo& indicator(const std::string& key);

} // namespace jw::policy
