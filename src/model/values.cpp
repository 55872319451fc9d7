#include <algorithm>
#include <cmath>
#include <cstdio>
#include <jingwei/error.hpp>
#include <jingwei/model/values.hpp>
#include <map>
#include <regex>
#include <vector>

namespace jw::model {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

/// Looks `text` up among (stored code, synonyms...) entries; exact match after trim/lower.
std::string lookup(const std::string& text,
                   const std::vector<std::pair<const char*, std::vector<const char*>>>& table,
                   const char* what) {
    const std::string key = lower(trim(text));
    for (const auto& [code, synonyms] : table) {
        if (key == code)
            return code;
        for (const char* s : synonyms)
            if (key == lower(s))
                return code;
    }
    std::string allowed;
    for (const auto& entry : table)
        allowed += (allowed.empty() ? "" : ", ") + std::string(entry.first);
    throw InputError("'" + trim(text) + "' is not a known " + what + " (" + allowed + ")");
}

bool is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

std::string iso_date(int y, int m, int d, const std::string& original) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 ||
        d > days[m - 1] + (m == 2 && is_leap(y) ? 1 : 0))
        throw InputError("'" + original + "' is not a real calendar date");
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

} // namespace

std::string trim(const std::string& text) {
    std::string s = text;
    const std::string fullwidth_space = "\xE3\x80\x80";
    auto strip = [&](bool front) {
        for (bool changed = true; changed && !s.empty();) {
            changed = false;
            if (front) {
                if (std::isspace(static_cast<unsigned char>(s.front()))) {
                    s.erase(0, 1);
                    changed = true;
                } else if (s.compare(0, 3, fullwidth_space) == 0) {
                    s.erase(0, 3);
                    changed = true;
                }
            } else {
                if (std::isspace(static_cast<unsigned char>(s.back()))) {
                    s.pop_back();
                    changed = true;
                } else if (s.size() >= 3 && s.compare(s.size() - 3, 3, fullwidth_space) == 0) {
                    s.resize(s.size() - 3);
                    changed = true;
                }
            }
        }
    };
    strip(true);
    strip(false);
    return s;
}

std::string parse_facility_kind(const std::string& text) {
    return lookup(
        text,
        {{"psychiatric_hospital",
          {"psychiatric_hospital_city",
           "psychiatric_hospital_county",
           "精神专科医院",
           "精神病医院",
           "精神病专科医院",
           "精神卫生中心"}},
         {"general_hospital_psychiatry",
          {"general_hospital_psychiatric_dept",
           "综合医院精神科",
           "综合医院心理科",
           "精神科",
           "心理科"}},
         {"township_health_centre", {"乡镇卫生院", "卫生院", "中心卫生院"}},
         {"community_health_centre", {"社区卫生服务中心"}},
         {"community_rehab",
          {"社区康复机构", "社区康复", "康园中心", "精神障碍社区康复机构", "rehab"}},
         {"prevention_institution", {"精防机构", "精神卫生防治机构", "慢病站", "疾控中心"}},
         {"village_clinic", {"村卫生室", "社区卫生服务站"}},
         {"other", {"其他", "其它"}}},
        "facility kind");
}

std::string parse_facility_status(const std::string& text) {
    const std::string t = lower(trim(text));
    if (t.empty())
        return "open";
    // Lists often carry a note after the status: "required_by_policy (plan: by end-2022)".
    const std::string head = t.substr(0, t.find_first_of(" (（;；"));
    return lookup(
        head,
        {{"open", {"assumed_exists", "exists", "existing", "在用", "运营", "开放", "已建"}},
         {"planned", {"planned_or_new", "new", "规划", "在建", "筹建", "新建"}},
         {"required", {"required_by_policy", "待建", "应建"}},
         {"closed", {"撤销", "关闭", "停业"}}},
        "facility status");
}

std::string parse_diagnosis(const std::string& text) {
    std::string t = trim(text);
    // ICD-10 codes first: F20.x, F25, F22, F31, F06 (epilepsy-related), F70–F79.
    static const std::regex icd(R"(^[Ff](\d\d)(\.\d+)?$)");
    std::smatch m;
    if (std::regex_match(t, m, icd)) {
        const int f = std::stoi(m[1]);
        if (f == 20)
            return "schizophrenia";
        if (f == 25)
            return "schizoaffective";
        if (f == 22)
            return "persistent_delusional";
        if (f == 31)
            return "bipolar";
        if (f == 6)
            return "epilepsy_related";
        if (f >= 70 && f <= 79)
            return "intellectual_disability";
        throw InputError("ICD-10 code '" + t + "' is none of the six severe mental disorders");
    }
    return lookup(t,
                  {{"schizophrenia", {"精神分裂症"}},
                   {"schizoaffective", {"分裂情感性障碍"}},
                   {"persistent_delusional",
                    {"偏执性精神病", "持久的妄想性障碍", "持久性妄想性障碍", "delusional"}},
                   {"bipolar", {"双相情感障碍", "双相障碍", "双相（情感）障碍", "双相(情感)障碍"}},
                   {"epilepsy_related", {"癫痫所致精神障碍"}},
                   {"intellectual_disability",
                    {"精神发育迟滞伴发精神障碍",
                     "精神发育迟滞",
                     "intellectual_disability_with_mental_disorder"}}},
                  "diagnosis (one of the six severe mental disorders)");
}

std::string parse_stability(const std::string& text) {
    return lookup(text,
                  {{"stable", {"稳定", "病情稳定"}},
                   {"basically_stable", {"基本稳定", "basically stable"}},
                   {"unstable", {"不稳定", "病情不稳定"}}},
                  "stability class");
}

std::string parse_management_status(const std::string& text) {
    if (trim(text).empty())
        return "managed";
    return lookup(text,
                  {{"managed", {"在管", "在册", "正常", "管理中"}},
                   {"lost", {"失访", "lost_to_follow_up"}},
                   {"refusing", {"拒访", "refused"}},
                   {"in_hospital", {"住院", "在院", "住院中"}},
                   {"moved_out", {"迁出", "转出", "moved"}},
                   {"deceased", {"死亡", "dead"}}},
                  "management status");
}

std::string parse_medication(const std::string& text) {
    return lookup(text,
                  {{"regular", {"规律服药", "规律"}},
                   {"intermittent", {"间断服药", "间断"}},
                   {"none", {"不服药", "未服药", "no"}}},
                  "medication status");
}

std::string parse_sex(const std::string& text) {
    return lookup(text, {{"male", {"男", "m", "1"}}, {"female", {"女", "f", "2"}}}, "sex");
}

int parse_risk_level(const std::string& text) {
    std::string t = trim(text);
    for (const std::string suffix : {"级", "级别"})
        if (t.size() > suffix.size() &&
            t.compare(t.size() - suffix.size(), suffix.size(), suffix) == 0)
            t.resize(t.size() - suffix.size());
    if (t.size() != 1 || t[0] < '0' || t[0] > '5')
        throw InputError("'" + trim(text) + "' is not a risk level 0-5");
    return t[0] - '0';
}

double parse_number(const std::string& text) {
    const std::string t = trim(text);
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v))
        throw InputError("'" + t + "' is not a number");
    return v;
}

long long parse_count(const std::string& text) {
    const std::string t = trim(text);
    double v = 0;
    try {
        v = parse_number(t);
    } catch (const InputError&) {
        throw InputError("'" + t + "' is not a count (a whole number)");
    }
    if (v < 0)
        throw InputError("'" + t + "' is negative; a count cannot be");
    if (v != std::floor(v) || v > 9e15)
        throw InputError("'" + t + "' is not a whole number");
    return static_cast<long long>(v);
}

bool parse_yes_no(const std::string& text) {
    return lookup(
               text,
               {{"yes", {"是", "有", "1", "true", "y"}}, {"no", {"否", "无", "0", "false", "n"}}},
               "yes/no value") == "yes";
}

std::string parse_date(const std::string& text) {
    const std::string t = trim(text);
    static const std::regex separated(
        R"(^(\d{4}) *(?:-|/|\.|年) *(\d{1,2}) *(?:-|/|\.|月) *(\d{1,2}) *(?:日)?(?:[ T].*)?$)");
    static const std::regex compact(R"(^(\d{4})(\d{2})(\d{2})$)");
    static const std::regex serial(R"(^(\d{4,5})(\.0+)?$)");
    std::smatch m;
    if (std::regex_match(t, m, separated) || std::regex_match(t, m, compact))
        return iso_date(std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]), t);
    if (std::regex_match(t, m, serial)) {
        // Excel's day 1 is 1900-01-01 and it counts a 29 Feb 1900 that never was, so serials
        // from 61 on are one day ahead: day 0 is 1899-12-30 for them.
        const long serial_day = std::stol(m[1]);
        if (serial_day < 61)
            throw InputError("'" + t + "' is not a date (Excel serial before March 1900)");
        long z = serial_day - 25569 + 719468; // days since 1970-01-01, then civil-from-days
        const long era = (z >= 0 ? z : z - 146096) / 146097;
        const long doe = z - era * 146097;
        const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const long mp = (5 * doy + 2) / 153;
        const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
        const int mo = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
        const int y = static_cast<int>(yoe + era * 400 + (mo <= 2 ? 1 : 0));
        return iso_date(y, mo, d, t);
    }
    throw InputError("'" + t + "' is not a date (use 2025-03-01, 2025/3/1 or 2025年3月1日)");
}

} // namespace jw::model
