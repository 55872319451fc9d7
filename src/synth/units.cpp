#include "units.hpp"

#include <algorithm>
#include <jingwei/error.hpp>

namespace jw::synth::detail {

UnitTree load_units(store::Workspace& ws) {
    UnitTree tree;
    const bool has_geometry = ws.crs_epsg() != 0;
    auto st = ws.db().prepare(std::string("SELECT code, name, level, coalesce(parent_code, ''), "
                                          "coalesce(urban_rural_code, ''), ") +
                              (has_geometry ? "geom IS NOT NULL, seat IS NOT NULL" : "0, 0") +
                              " FROM admin_units ORDER BY code");
    while (st.step()) {
        Unit u;
        u.code = st.column_text(0);
        u.name = st.column_text(1);
        u.level = st.column_text(2);
        u.parent_code = st.column_text(3);
        u.urban_rural_code = st.column_text(4);
        u.has_geom = st.column_int(5) != 0;
        u.has_seat = st.column_int(6) != 0;
        tree.index.emplace(u.code, tree.units.size());
        tree.units.push_back(std::move(u));
    }
    // Rows come sorted by code, so children lists are sorted too.
    for (std::size_t i = 0; i < tree.units.size(); ++i) {
        const auto parent = tree.find(tree.units[i].parent_code);
        if (parent && *parent != i)
            tree.units[*parent].children.push_back(i);
        else
            tree.roots.push_back(i);
    }
    return tree;
}

std::map<std::string, std::int64_t>
load_population(store::Workspace& ws, int year, const std::string& kind) {
    std::map<std::string, std::int64_t> out;
    auto st =
        ws.db().prepare("SELECT unit_code, count FROM population WHERE year = ? AND kind = ?");
    st.bind(1, year).bind(2, kind);
    while (st.step())
        out[st.column_text(0)] = st.column_int(1);
    return out;
}

int latest_population_year(store::Workspace& ws) {
    return static_cast<int>(
        ws.db().query_int("SELECT max(year) FROM population WHERE kind = 'resident'", 0));
}

namespace {
bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
} // namespace

bool is_urban(const Unit& village) {
    if (!village.urban_rural_code.empty())
        return village.urban_rural_code[0] == '1';
    return ends_with(village.name, "居委会") || ends_with(village.name, "社区") ||
           ends_with(village.name, "社区居委会");
}

void report(const Progress& progress, double fraction, std::string_view stage) {
    if (progress && !progress(std::clamp(fraction, 0.0, 1.0), stage))
        throw Error("cancelled");
}

} // namespace jw::synth::detail
