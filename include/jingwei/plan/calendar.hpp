#pragma once
/// Civil dates as day numbers, for follow-up cadences: ISO text in and out, months added the way
/// a register clerk counts them (Jan 31 + 1 month = the last day of February).

#include <cstdint>
#include <string>

namespace jw::plan {

/// Days since 1970-01-01 in the proleptic Gregorian calendar.
using DayNumber = std::int64_t;

struct CivilDate {
    int year = 1970;
    int month = 1; ///< 1-12
    int day = 1;   ///< 1-31
};

DayNumber day_number(const CivilDate& date);
CivilDate civil_date(DayNumber day);
bool is_leap_year(int year);
int days_in_month(int year, int month);

/// "YYYY-MM-DD" -> day number; throws jw::InputError (reason only) when malformed or impossible.
DayNumber parse_iso_day(const std::string& text);
std::string iso_day(DayNumber day);

/// The same day of the month `months` later (or earlier when negative), clamped to the last day
/// of the target month: 2026-01-31 + 1 = 2026-02-28, 2028-02-29 + 12 = 2029-02-28.
DayNumber add_months(DayNumber day, int months);

/// 0 = Monday ... 6 = Sunday.
int weekday(DayNumber day);

/// A calendar month, parsed from "YYYY-MM" (throws jw::UsageError when malformed).
struct Month {
    int year = 1970;
    int month = 1;
    static Month parse(const std::string& text);
    DayNumber first_day() const;
    DayNumber last_day() const;
    std::string text() const; ///< "YYYY-MM"
};

} // namespace jw::plan
