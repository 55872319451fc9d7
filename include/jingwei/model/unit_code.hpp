#pragma once
/// 12-digit NBS statistical division codes (统计用区划代码): province 2, city 2, county 2,
/// township 3, village 3 digits.

#include <cstdint>
#include <optional>
#include <string>

namespace jw::model {

enum class UnitLevel { province, city, county, township, village };
std::string level_name(UnitLevel level);
/// "province" ... "village", or the Chinese 省/市/县/乡/村 words; throws jw::InputError.
UnitLevel parse_level(const std::string& text);

/// A checked 12-digit code. Shorter official forms (2, 4, 6, 9 digits) are padded with zeros.
class UnitCode {
  public:
    /// Throws jw::InputError(reason) for anything but 2/4/6/9/12 digits.
    static UnitCode parse(const std::string& text);
    const std::string& str() const { return m_code; }
    UnitLevel level() const;
    /// The code of the unit one level up; nullopt for a province.
    std::optional<UnitCode> parent() const;
    /// The code's significant prefix (2, 4, 6, 9 or 12 digits): 441521 for 441521000000.
    std::string prefix() const;
    bool is_within(const std::string& prefix) const {
        return m_code.compare(0, prefix.size(), prefix) == 0;
    }
    bool operator==(const UnitCode& o) const { return m_code == o.m_code; }
    bool operator<(const UnitCode& o) const { return m_code < o.m_code; }

  private:
    explicit UnitCode(std::string code) : m_code(std::move(code)) {}
    std::string m_code;
};

} // namespace jw::model
