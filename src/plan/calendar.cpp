// Day arithmetic for the due list: day numbers make "last visit + 14 days" exact across month
// and year ends; months are added by calendar, clamped at the month's end.

#include <algorithm>
#include <cstdio>
#include <jingwei/error.hpp>
#include <jingwei/plan/calendar.hpp>
#include <regex>

namespace jw::plan {

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[month - 1] + (month == 2 && is_leap_year(year) ? 1 : 0);
}

// Counts March-based years so that the leap day falls at the end of a cycle year (the 400-year
// "era" method): no table, exact for every Gregorian date.
DayNumber day_number(const CivilDate& date) {
    const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t year_of_era = y - era * 400;
    const std::int64_t month_from_march = (date.month + 9) % 12;
    const std::int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;
    const std::int64_t day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

CivilDate civil_date(DayNumber day) {
    const std::int64_t z = day + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t day_of_era = z - era * 146097;
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t month_from_march = (5 * day_of_year + 2) / 153;
    CivilDate out;
    out.day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    out.month =
        static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
    out.year = static_cast<int>(year_of_era + era * 400 + (out.month <= 2 ? 1 : 0));
    return out;
}

DayNumber parse_iso_day(const std::string& text) {
    static const std::regex iso(R"((\d{4})-(\d{2})-(\d{2}))");
    std::smatch m;
    if (!std::regex_match(text, m, iso))
        throw InputError("'" + text + "' is not a date YYYY-MM-DD");
    const CivilDate d{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3])};
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month))
        throw InputError("'" + text + "' is not a calendar date");
    return day_number(d);
}

std::string iso_day(DayNumber day) {
    const auto d = civil_date(day);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

DayNumber add_months(DayNumber day, int months) {
    auto d = civil_date(day);
    const int index = d.year * 12 + (d.month - 1) + months;
    d.year = index / 12;
    d.month = index % 12 + 1;
    d.day = std::min(d.day, days_in_month(d.year, d.month));
    return day_number(d);
}

int weekday(DayNumber day) {
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    return static_cast<int>(((day % 7) + 7 + 3) % 7);
}

Month Month::parse(const std::string& text) {
    static const std::regex ym(R"((\d{4})-(\d{2}))");
    std::smatch m;
    if (!std::regex_match(text, m, ym) || std::stoi(m[2]) < 1 || std::stoi(m[2]) > 12)
        throw UsageError("--month: '" + text + "' is not a month YYYY-MM");
    return {std::stoi(m[1]), std::stoi(m[2])};
}

DayNumber Month::first_day() const {
    return day_number({year, month, 1});
}
DayNumber Month::last_day() const {
    return day_number({year, month, days_in_month(year, month)});
}

std::string Month::text() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    return buf;
}

} // namespace jw::plan
