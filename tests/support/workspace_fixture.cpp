#include "workspace_fixture.hpp"

#include <cstdio>
#include <sstream>

namespace jw::test {

std::string fixture_units_csv() {
    return "code,name\n"
           "441521,海丰县\n"
           "441521101,梅陇镇\n"
           "441521106,联安镇\n"
           "441521101201,A村委会\n"
           "441521101202,B村委会\n"
           "441521106201,C村委会\n";
}

namespace {
std::string square(double x0, double y0, double x1, double y1, geo::LonLat (*to)(geo::LonLat)) {
    const double xs[] = {x0, x1, x1, x0, x0};
    const double ys[] = {y0, y0, y1, y1, y0};
    std::ostringstream s;
    s.precision(12);
    s << "[[";
    for (int i = 0; i < 5; ++i) {
        geo::LonLat p{xs[i], ys[i]};
        if (to)
            p = to(p);
        s << (i ? "," : "") << "[" << p.lon << "," << p.lat << "]";
    }
    s << "]]";
    return s.str();
}
} // namespace

std::string fixture_polygons_geojson(geo::LonLat (*to)(geo::LonLat)) {
    struct Part {
        const char* code;
        double x0, y0, x1, y1;
    };
    const Part parts[] = {{"441521101", 115.30, 22.90, 115.35, 22.95},
                          {"441521106", 115.35, 22.90, 115.40, 22.95},
                          {"441521101201", 115.30, 22.90, 115.325, 22.95},
                          {"441521101202", 115.325, 22.90, 115.35, 22.95},
                          {"441521106201", 115.35, 22.90, 115.40, 22.95}};
    std::string out = R"({"type":"FeatureCollection","features":[)";
    bool first = true;
    for (const auto& p : parts) {
        out += std::string(first ? "" : ",") + R"({"type":"Feature","properties":{"code":")" +
               p.code + R"("},"geometry":{"type":"Polygon","coordinates":)" +
               square(p.x0, p.y0, p.x1, p.y1, to) + "}}";
        first = false;
    }
    return out + "]}";
}

std::string fake_id_number(int serial) {
    char base[24];
    std::snprintf(base, sizeof base, "44152119800101%03d", serial % 1000);
    static const int weights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += (base[i] - '0') * weights[i];
    return std::string(base, 17) + "10X98765432"[sum % 11];
}

} // namespace jw::test
