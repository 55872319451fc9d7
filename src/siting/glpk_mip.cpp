#include "glpk_mip.hpp"

#include <algorithm>
#include <cmath>
#include <glpk.h>
#include <jingwei/error.hpp>
#include <limits>
#include <memory>
#include <string>

namespace jw::siting::detail {
namespace {

struct GlpProbDeleter {
    void operator()(glp_prob* prob) const noexcept { glp_delete_prob(prob); }
};
using GlpProbPtr = std::unique_ptr<glp_prob, GlpProbDeleter>;

// Restores GLPK's terminal output switch on scope exit (it is per-thread state in GLPK).
class QuietTerminal {
  public:
    QuietTerminal() : m_previous(glp_term_out(GLP_OFF)) {}
    ~QuietTerminal() { glp_term_out(m_previous); }
    QuietTerminal(const QuietTerminal&) = delete;
    QuietTerminal& operator=(const QuietTerminal&) = delete;

  private:
    int m_previous;
};

int bound_type(double lower, double upper) {
    const bool has_lower = std::isfinite(lower);
    const bool has_upper = std::isfinite(upper);
    if (has_lower && has_upper)
        return lower == upper ? GLP_FX : GLP_DB;
    if (has_lower)
        return GLP_LO;
    if (has_upper)
        return GLP_UP;
    return GLP_FR;
}

double finite_or_zero(double v) {
    return std::isfinite(v) ? v : 0.0;
}

int milliseconds(double seconds) {
    // GLPK takes an int of milliseconds; clamp so a huge budget does not overflow.
    const double ms = std::clamp(seconds * 1000.0, 1.0, 2.0e9);
    return static_cast<int>(ms);
}

} // namespace

std::size_t MipModel::add_binary(double objective_coef) {
    m_columns.push_back({0.0, 1.0, objective_coef, true});
    return m_columns.size() - 1;
}

std::size_t MipModel::add_continuous(double lower, double upper, double objective_coef) {
    m_columns.push_back({lower, upper, objective_coef, false});
    return m_columns.size() - 1;
}

void MipModel::fix(std::size_t column, double value) {
    m_columns.at(column).lower = value;
    m_columns.at(column).upper = value;
}

void MipModel::add_row(const std::vector<std::pair<std::size_t, double>>& terms,
                       double lower,
                       double upper) {
    m_rows.push_back({lower, upper});
    const int row = static_cast<int>(m_rows.size());
    for (const auto& [column, coef] : terms) {
        m_row_index.push_back(row);
        m_column_index.push_back(static_cast<int>(column) + 1);
        m_values.push_back(coef);
    }
}

struct MipSolver {
    static MipResult solve(const MipModel& model, double time_limit_s) {
        QuietTerminal quiet;
        GlpProbPtr prob(glp_create_prob());
        glp_prob* lp = prob.get();
        glp_set_obj_dir(lp, model.m_sense == MipModel::Sense::minimise ? GLP_MIN : GLP_MAX);
        glp_set_obj_coef(lp, 0, model.m_objective_constant);
        const int columns = static_cast<int>(model.m_columns.size());
        const int rows = static_cast<int>(model.m_rows.size());
        if (columns > 0)
            glp_add_cols(lp, columns);
        if (rows > 0)
            glp_add_rows(lp, rows);
        for (int c = 0; c < columns; ++c) {
            const auto& col = model.m_columns[static_cast<std::size_t>(c)];
            glp_set_col_bnds(lp,
                             c + 1,
                             bound_type(col.lower, col.upper),
                             finite_or_zero(col.lower),
                             finite_or_zero(col.upper));
            glp_set_obj_coef(lp, c + 1, col.objective_coef);
            if (col.is_integer)
                glp_set_col_kind(lp, c + 1, GLP_BV);
        }
        for (int r = 0; r < rows; ++r) {
            const auto& row = model.m_rows[static_cast<std::size_t>(r)];
            glp_set_row_bnds(lp,
                             r + 1,
                             bound_type(row.lower, row.upper),
                             finite_or_zero(row.lower),
                             finite_or_zero(row.upper));
        }
        // glp_load_matrix reads arrays from index 1.
        std::vector<int> ia(1, 0), ja(1, 0);
        std::vector<double> ar(1, 0.0);
        ia.insert(ia.end(), model.m_row_index.begin(), model.m_row_index.end());
        ja.insert(ja.end(), model.m_column_index.begin(), model.m_column_index.end());
        ar.insert(ar.end(), model.m_values.begin(), model.m_values.end());
        glp_load_matrix(
            lp, static_cast<int>(model.m_values.size()), ia.data(), ja.data(), ar.data());

        MipResult result;
        glp_smcp lp_params;
        glp_init_smcp(&lp_params);
        lp_params.msg_lev = GLP_MSG_OFF;
        lp_params.presolve = GLP_ON;
        lp_params.tm_lim = milliseconds(time_limit_s);
        const int lp_rc = glp_simplex(lp, &lp_params);
        if (lp_rc == GLP_ENOPFS || glp_get_status(lp) == GLP_NOFEAS) {
            result.status = MipResult::Status::infeasible;
            return result;
        }
        if (lp_rc != 0 || glp_get_status(lp) != GLP_OPT)
            return result; // out of time or trouble in the LP: no MIP answer, caller keeps its own
        result.has_lp_bound = true;
        result.lp_bound = glp_get_obj_val(lp);

        glp_iocp mip_params;
        glp_init_iocp(&mip_params);
        mip_params.msg_lev = GLP_MSG_OFF;
        mip_params.presolve = GLP_OFF; // the LP basis above is reused
        mip_params.tm_lim = milliseconds(time_limit_s);
        mip_params.mip_gap = 0.0;
        const int mip_rc = glp_intopt(lp, &mip_params);
        if (mip_rc != 0 && mip_rc != GLP_ETMLIM && mip_rc != GLP_EMIPGAP && mip_rc != GLP_ESTOP)
            throw EnvironmentError("GLPK glp_intopt failed with code " + std::to_string(mip_rc));
        const int status = glp_mip_status(lp);
        if (status == GLP_NOFEAS) {
            result.status = MipResult::Status::infeasible;
            return result;
        }
        if (status != GLP_OPT && status != GLP_FEAS)
            return result;
        result.status = (status == GLP_OPT && mip_rc == 0) ? MipResult::Status::optimal
                                                           : MipResult::Status::feasible;
        result.objective = glp_mip_obj_val(lp);
        result.values.resize(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c)
            result.values[static_cast<std::size_t>(c)] = glp_mip_col_val(lp, c + 1);
        return result;
    }
};

MipResult solve_mip(const MipModel& model, double time_limit_s) {
    return MipSolver::solve(model, time_limit_s);
}

} // namespace jw::siting::detail
