#include "geometry.hpp"
#include "units.hpp"

#include <jingwei/error.hpp>
#include <jingwei/store/workspace.hpp>
#include <jingwei/synth/facilities.hpp>
#include <optional>

namespace jw::synth {
namespace {

struct Located {
    std::vector<unsigned char> wkb;
    std::string level;
    std::string code;
};

// The seat of the unit, or of its nearest ancestor with one; counties fall back to their polygon.
std::optional<Located>
locate(store::Workspace& ws, const detail::UnitTree& tree, std::string code) {
    for (int depth = 0; depth < 8; ++depth) {
        const auto i = tree.find(code);
        if (!i)
            return std::nullopt;
        const auto& u = tree.units[*i];
        if (u.has_seat) {
            auto st = ws.db().prepare("SELECT AsBinary(seat) FROM admin_units WHERE code = ?");
            st.bind(1, u.code);
            if (st.step() && !st.is_null(0))
                return Located{st.column_blob(0), u.level, u.code};
        }
        if (u.level == "county" && u.has_geom) {
            auto st = ws.db().prepare("SELECT AsBinary(geom) FROM admin_units WHERE code = ?");
            st.bind(1, u.code);
            if (st.step() && !st.is_null(0)) {
                // Largest part: the mainland, never the Dongsha islands in 城区's polygon.
                const auto g = detail::read_wkb(st.column_blob(0));
                auto parts = detail::polygon_parts(g.get());
                const GEOSGeometry* largest = nullptr;
                double largest_area = -1;
                for (const auto& p : parts) {
                    const double a = detail::area(p.get());
                    if (a > largest_area) {
                        largest_area = a;
                        largest = p.get();
                    }
                }
                if (largest != nullptr) {
                    const auto xy = detail::point_on_surface(largest);
                    return Located{detail::write_wkb(detail::point(xy.first, xy.second).get()),
                                   u.level,
                                   u.code};
                }
            }
        }
        if (u.level == "county" || u.level == "city" || u.level == "province")
            return std::nullopt; // never place a facility at a city-wide point
        code = u.parent_code;
    }
    return std::nullopt;
}

} // namespace

FacilityReport synthesize_facility_locations(store::Workspace& ws, const Progress& progress) {
    const int epsg = ws.crs_epsg();
    if (epsg == 0)
        throw UsageError(ws.path() + ": the workspace has no CRS yet; import the county boundaries "
                                     "and run 'jingwei synth townships' first");
    FacilityReport report;
    const auto tree = detail::load_units(ws);
    struct Row {
        std::string id, unit_code;
    };
    std::vector<Row> rows;
    {
        auto st = ws.db().prepare(
            "SELECT id, coalesce(unit_code, '') FROM facilities WHERE geom IS NULL ORDER BY id");
        while (st.step())
            rows.push_back({st.column_text(0), st.column_text(1)});
    }
    store::Transaction tx(ws.db());
    auto update = ws.db().prepare("UPDATE facilities SET geom = GeomFromWKB(?, ?), "
                                  "location_quality = 'derived', derived = 1, "
                                  "source = coalesce(source || '; ', '') || ? WHERE id = ?");
    for (std::size_t k = 0; k < rows.size(); ++k) {
        detail::report(
            progress, static_cast<double>(k) / static_cast<double>(rows.size()), "facilities");
        const auto where =
            rows[k].unit_code.empty() ? std::nullopt : locate(ws, tree, rows[k].unit_code);
        if (!where) {
            report.unplaced.push_back(rows[k].id);
            continue;
        }
        update.bind_blob(1, where->wkb)
            .bind(2, epsg)
            .bind(3,
                  "location derived: seat of " + where->level + " " + where->code +
                      " (jingwei synth facilities), not the real address")
            .bind(4, rows[k].id)
            .run();
        (where->level == "county" ? report.placed_at_county : report.placed_at_township)++;
    }
    tx.commit();
    detail::report(progress, 1.0, "facilities");
    return report;
}

} // namespace jw::synth
