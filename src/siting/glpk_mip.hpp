#pragma once
// A small MIP builder solved with GLPK (glp_simplex + glp_intopt), private to siting. The model
// is assembled in C++ vectors and loaded in one glp_load_matrix call; the glp_prob is owned by a
// unique_ptr so that no exit path leaks it, and GLPK's terminal output is switched off for the
// call (the library never prints).

#include <cstddef>
#include <utility>
#include <vector>

namespace jw::siting::detail {

class MipModel {
  public:
    enum class Sense { minimise, maximise };
    explicit MipModel(Sense sense) : m_sense(sense) {}

    /// Adds a column; returns its 0-based index.
    std::size_t add_binary(double objective_coef);
    std::size_t add_continuous(double lower, double upper, double objective_coef);
    /// Fixes a column's value (both bounds).
    void fix(std::size_t column, double value);
    /// Adds lower <= sum coef * x <= upper (use +-infinity for a free side).
    void
    add_row(const std::vector<std::pair<std::size_t, double>>& terms, double lower, double upper);
    void set_objective_constant(double value) { m_objective_constant = value; }

    std::size_t column_count() const { return m_columns.size(); }
    std::size_t nonzero_count() const { return m_values.size(); }

  private:
    friend struct MipSolver;
    struct Column {
        double lower, upper, objective_coef;
        bool is_integer;
    };
    struct Row {
        double lower, upper;
    };
    Sense m_sense;
    double m_objective_constant = 0.0;
    std::vector<Column> m_columns;
    std::vector<Row> m_rows;
    std::vector<int> m_row_index, m_column_index; // 1-based, GLPK's triplet form
    std::vector<double> m_values;
};

struct MipResult {
    enum class Status { optimal, feasible, infeasible, no_solution };
    Status status = Status::no_solution;
    double objective = 0.0;     // valid for optimal / feasible
    std::vector<double> values; // column values for optimal / feasible
    bool has_lp_bound = false;  // LP relaxation solved to optimality
    double lp_bound = 0.0;      // its objective (a bound for the MIP)
};

/// Solves the model within time_limit_s seconds (GLPK's own clock). Throws
/// jw::EnvironmentError if GLPK reports an internal failure.
MipResult solve_mip(const MipModel& model, double time_limit_s);

} // namespace jw::siting::detail
