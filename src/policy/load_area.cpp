// Fills AreaData from a workspace and saves gap tables into it: the only policy file with SQL.

#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/grid/build.hpp>
#include <jingwei/policy/gaps.hpp>
#include <jingwei/store/workspace.hpp>
#include <map>
#include <set>

namespace jw::policy {
namespace {
std::optional<std::int64_t> opt_int(store::Statement& s, int col) {
    return s.is_null(col) ? std::nullopt : std::optional<std::int64_t>(s.column_int(col));
}
} // namespace

AreaData load_area(store::Workspace& ws, const std::string& as_of, bool with_cells) {
    auto& db = ws.db();
    AreaData area;
    area.as_of = as_of;
    if (area.as_of.empty())
        area.as_of =
            db.query_text("SELECT max(d) FROM (SELECT max(last_visit_date) AS d FROM patients "
                          "UNION ALL SELECT max(registered_date) FROM patients)")
                .value_or("");
    const int as_of_year = area.as_of.size() >= 4 ? std::stoi(area.as_of.substr(0, 4)) : 9999;

    // Latest resident population up to the as-of year, per unit.
    struct Pop {
        std::int64_t count;
        int year;
        bool derived;
    };
    std::map<std::string, Pop> population;
    auto pop =
        db.prepare("SELECT unit_code, year, count, derived OR quality = 'derived' FROM population "
                   "WHERE kind = 'resident' AND year <= ? ORDER BY unit_code, year");
    pop.bind(1, as_of_year);
    while (pop.step())
        population[pop.column_text(0)] = {
            pop.column_int(2), static_cast<int>(pop.column_int(1)), pop.column_int(3) != 0};

    auto units = db.prepare("SELECT code, name, level FROM admin_units ORDER BY code");
    while (units.step()) {
        AreaUnit u;
        u.code = units.column_text(0);
        u.name = units.column_text(1);
        u.level = units.column_text(2);
        if (auto it = population.find(u.code); it != population.end()) {
            u.population = it->second.count;
            u.population_year = it->second.year;
            u.population_derived = it->second.derived;
        }
        area.units.push_back(std::move(u));
    }

    auto fac =
        db.prepare("SELECT id, kind, coalesce(unit_code, ''), status, beds_authorised, beds_open, "
                   "psychiatrists, prevention_staff, has_psych_clinic FROM facilities ORDER BY id");
    while (fac.step()) {
        AreaFacility f;
        f.id = fac.column_text(0);
        f.kind = fac.column_text(1);
        f.unit_code = fac.column_text(2);
        f.status = fac.column_text(3);
        f.beds_authorised = opt_int(fac, 4);
        f.beds_open = opt_int(fac, 5);
        f.psychiatrists = opt_int(fac, 6);
        f.prevention_staff = opt_int(fac, 7);
        if (!fac.is_null(8))
            f.has_psych_clinic = fac.column_int(8) != 0;
        area.facilities.push_back(std::move(f));
    }

    // The grid, when cells are wanted: cells become units, patients get their home's cell.
    grid::GridSpec grid;
    std::set<std::int64_t> cell_ids;
    if (with_cells) {
        const auto spec = grid::stored_grid(ws);
        if (!spec)
            throw InputError(
                ws.path(), 0, "", "no grid in the workspace: run 'jingwei grid' first");
        grid = *spec;
        const int population_year = static_cast<int>(
            db.query_int("SELECT coalesce(population_year, 0) FROM grid_runs WHERE id = 1"));
        auto cells = db.prepare("SELECT id, col, row, population FROM grid_cells ORDER BY id");
        while (cells.step()) {
            AreaUnit u;
            u.code = cell_code(cells.column_int(0));
            u.name = "cell " + std::to_string(cells.column_int(1)) + "," +
                     std::to_string(cells.column_int(2));
            u.level = "cell";
            if (!cells.is_null(3))
                u.population = static_cast<std::int64_t>(std::llround(cells.column_double(3)));
            u.population_year = population_year;
            u.population_derived = true; // allocated by area share (grid_runs.population_method)
            cell_ids.insert(cells.column_int(0));
            area.units.push_back(std::move(u));
        }
    }
    // The home column exists once the workspace has a CRS; only cells need it.
    auto pat = db.prepare(
        std::string("SELECT coalesce(village_code, ''), diagnosis, management_status, "
                    "medication, last_visit_date, last_exam_date, synthetic, ") +
        (with_cells ? "X(home), Y(home)" : "NULL, NULL") + " FROM patients ORDER BY patient_key");
    while (pat.step()) {
        AreaPatient p;
        p.village_code = pat.column_text(0);
        p.diagnosis = pat.column_text(1);
        p.management_status = pat.column_text(2);
        p.medication = pat.column_opt_text(3);
        p.last_visit_date = pat.column_opt_text(4);
        p.last_exam_date = pat.column_opt_text(5);
        p.synthetic = pat.column_int(6) != 0;
        if (with_cells && !pat.is_null(7)) {
            const std::int64_t id = grid.cell_at(pat.column_double(7), pat.column_double(8));
            if (cell_ids.count(id))
                p.cell = cell_code(id);
        }
        area.patients.push_back(std::move(p));
    }
    return area;
}

void save_gaps(store::Workspace& ws, const GapTable& table) {
    auto& db = ws.db();
    store::Transaction tx(db);
    auto clear = db.prepare("DELETE FROM gap_results WHERE profile = ? AND level = ?");
    clear.bind(1, table.profile).bind(2, table.level);
    clear.run();
    auto insert = db.prepare("INSERT INTO gap_results (profile, level, as_of, unit_code, "
                             "indicator, status, value, numerator, "
                             "denominator, target, unit, target_year, gap_abs, gap_rel, "
                             "closes_amount, closes_what, note, rank, "
                             "target_profile, source_file, source_clause, computed_at) VALUES (?, "
                             "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                             "?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
    for (const auto& r : table.rows) {
        insert.bind(1, table.profile)
            .bind(2, table.level)
            .bind(3, table.as_of)
            .bind(4, r.unit_code);
        insert.bind(5, r.indicator).bind(6, gap_status_name(r.status));
        insert.bind(7, r.value).bind(8, r.numerator).bind(9, r.denominator);
        insert.bind(10, r.target.value).bind(11, r.target.unit).bind(12, r.target.year);
        insert.bind(13, r.gap_abs).bind(14, r.gap_rel).bind(15, r.closes_amount);
        insert.bind(16, r.closes_what).bind(17, r.note).bind(18, r.rank);
        insert.bind(19, r.target.profile)
            .bind(20, r.target.source.file)
            .bind(21, r.target.source.clause);
        insert.run();
    }
    tx.commit();
}

} // namespace jw::policy
