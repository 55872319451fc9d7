// Shifts, weekdays and team skills as written in the teams table.

#include <cmath>
#include <cstdio>
#include <jingwei/error.hpp>
#include <jingwei/plan/plan.hpp>
#include <regex>
#include <sstream>

namespace jw::plan {

double Shift::working_seconds() const {
    double total = 0;
    for (const auto& p : periods)
        total += (p.end_min - p.start_min) * 60.0;
    return total;
}

std::vector<double> Shift::breaks() const {
    std::vector<double> out;
    double at = 0;
    for (std::size_t i = 0; i + 1 < periods.size(); ++i) {
        at += (periods[i].end_min - periods[i].start_min) * 60.0;
        out.push_back(at);
    }
    return out;
}

double Shift::wall_seconds(double working, bool is_service_start) const {
    double at = 0;
    for (std::size_t i = 0; i < periods.size(); ++i) {
        const double length = (periods[i].end_min - periods[i].start_min) * 60.0;
        const bool is_last = i + 1 == periods.size();
        const bool inside = is_service_start ? working < at + length : working <= at + length;
        if (inside || is_last)
            return periods[i].start_min * 60.0 + (working - at);
        at += length;
    }
    return 0;
}

Shift parse_shift(const std::string& text) {
    static const std::regex period(R"(\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*)");
    Shift shift;
    std::stringstream ss(text);
    for (std::string part; std::getline(ss, part, ',');) {
        std::smatch m;
        if (!std::regex_match(part, m, period))
            throw InputError("shift '" + text + "': '" + part + "' is not HH:MM-HH:MM");
        const int start = std::stoi(m[1]) * 60 + std::stoi(m[2]);
        const int end = std::stoi(m[3]) * 60 + std::stoi(m[4]);
        if (std::stoi(m[2]) > 59 || std::stoi(m[4]) > 59 || end > 24 * 60 || end <= start)
            throw InputError("shift '" + text + "': '" + part + "' is not a period of one day");
        if (!shift.periods.empty() && start < shift.periods.back().end_min)
            throw InputError("shift '" + text + "': periods overlap or are out of order");
        shift.periods.push_back({start, end});
    }
    if (shift.periods.empty())
        throw InputError("shift is empty");
    return shift;
}

std::string clock_text(double seconds) {
    const long minutes = std::lround(seconds / 60.0);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02ld:%02ld", minutes / 60, minutes % 60);
    return buf;
}

namespace {
int weekday_index(const std::string& name) {
    static const char* names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int i = 0; i < 7; ++i)
        if (name == names[i])
            return i;
    throw InputError("'" + name + "' is not a weekday (mon, tue, wed, thu, fri, sat, sun)");
}

std::set<int> weekday_list(const std::string& text, char separator) {
    std::set<int> out;
    std::stringstream ss(text);
    for (std::string w; std::getline(ss, w, separator);) {
        w.erase(0, w.find_first_not_of(' '));
        w.erase(w.find_last_not_of(' ') + 1);
        if (!w.empty())
            out.insert(weekday_index(w));
    }
    return out;
}
} // namespace

std::set<int> parse_weekdays(const std::string& text) {
    auto out = weekday_list(text, ',');
    if (out.empty())
        throw InputError("workdays '" + text + "' name no weekday");
    return out;
}

std::map<std::string, std::set<int>> parse_team_skills(const std::string& text) {
    std::map<std::string, std::set<int>> out;
    std::stringstream ss(text);
    for (std::string item; std::getline(ss, item, ',');) {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (item.empty())
            continue;
        const auto at = item.find('@');
        if (at == std::string::npos)
            out[item]; // every workday
        else
            out[item.substr(0, at)] = weekday_list(item.substr(at + 1), '+');
    }
    return out;
}

} // namespace jw::plan
