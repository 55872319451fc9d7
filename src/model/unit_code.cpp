#include <algorithm>
#include <jingwei/error.hpp>
#include <jingwei/model/unit_code.hpp>

namespace jw::model {

std::string level_name(UnitLevel level) {
    switch (level) {
    case UnitLevel::province:
        return "province";
    case UnitLevel::city:
        return "city";
    case UnitLevel::county:
        return "county";
    case UnitLevel::township:
        return "township";
    case UnitLevel::village:
        return "village";
    }
    return "?";
}

UnitLevel parse_level(const std::string& text) {
    for (auto l : {UnitLevel::province,
                   UnitLevel::city,
                   UnitLevel::county,
                   UnitLevel::township,
                   UnitLevel::village})
        if (text == level_name(l))
            return l;
    if (text == "省" || text == "省级")
        return UnitLevel::province;
    if (text == "市" || text == "地级" || text == "地市")
        return UnitLevel::city;
    if (text == "县" || text == "县级" || text == "区县")
        return UnitLevel::county;
    if (text == "乡" || text == "乡级" || text == "乡镇" || text == "街道")
        return UnitLevel::township;
    if (text == "村" || text == "村级" || text == "村居" || text == "社区")
        return UnitLevel::village;
    throw InputError("'" + text + "' is not a level (province, city, county, township, village)");
}

UnitCode UnitCode::parse(const std::string& raw) {
    std::string text = raw;
    text.erase(
        std::remove_if(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); }),
        text.end());
    // Spreadsheets turn codes into numbers: "441521101.0" is 441521101.
    if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0)
        text.resize(text.size() - 2);
    if (text.empty())
        throw InputError("the code is empty");
    if (text.find_first_not_of("0123456789") != std::string::npos)
        throw InputError("'" + raw + "' is not a division code (digits only)");
    switch (text.size()) {
    case 2:
    case 4:
    case 6:
    case 9:
    case 12:
        break;
    default:
        throw InputError("'" + raw + "' has " + std::to_string(text.size()) +
                         " digits; a division code has 2, 4, 6, 9 or 12");
    }
    text.resize(12, '0');
    if (text.compare(0, 2, "00") == 0)
        throw InputError("'" + raw + "' has no province part");
    return UnitCode(text);
}

UnitLevel UnitCode::level() const {
    if (m_code.compare(2, 10, "0000000000") == 0)
        return UnitLevel::province;
    if (m_code.compare(4, 8, "00000000") == 0)
        return UnitLevel::city;
    if (m_code.compare(6, 6, "000000") == 0)
        return UnitLevel::county;
    if (m_code.compare(9, 3, "000") == 0)
        return UnitLevel::township;
    return UnitLevel::village;
}

std::string UnitCode::prefix() const {
    switch (level()) {
    case UnitLevel::province:
        return m_code.substr(0, 2);
    case UnitLevel::city:
        return m_code.substr(0, 4);
    case UnitLevel::county:
        return m_code.substr(0, 6);
    case UnitLevel::township:
        return m_code.substr(0, 9);
    case UnitLevel::village:
        return m_code;
    }
    return m_code;
}

std::optional<UnitCode> UnitCode::parent() const {
    std::string p = m_code;
    switch (level()) {
    case UnitLevel::province:
        return std::nullopt;
    case UnitLevel::city:
        std::fill(p.begin() + 2, p.end(), '0');
        break;
    case UnitLevel::county:
        std::fill(p.begin() + 4, p.end(), '0');
        break;
    case UnitLevel::township:
        std::fill(p.begin() + 6, p.end(), '0');
        break;
    case UnitLevel::village:
        std::fill(p.begin() + 9, p.end(), '0');
        break;
    }
    return UnitCode(p);
}

} // namespace jw::model
