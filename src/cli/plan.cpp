// jingwei plan WS --month YYYY-MM [--days weekdays|DATES] [--time-limit S]: the month's visits
// assigned to team-days and ordered, from the due list of `jingwei due`.
#include "command.hpp"

#include <iomanip>
#include <iostream>
#include <jingwei/error.hpp>
#include <jingwei/plan/plan.hpp>
#include <jingwei/policy/profile.hpp>
#include <jingwei/store/workspace.hpp>

namespace {
struct Args {
    std::string workspace, month, days = "weekdays", profile;
    std::vector<std::string> partners;
    double time_limit = 20;
    double balance = 1.25;
    std::uint64_t max_iterations = 0, seed = 1;
    unsigned threads = 2;
};

void run(const Args& a, const jw::cli::Common& common) {
    const auto month = jw::plan::Month::parse(a.month);
    jw::plan::PlanOptions options;
    options.days = jw::plan::planning_days(month, a.days);
    options.time_limit_seconds = a.time_limit;
    options.max_iterations = a.max_iterations;
    if (a.time_limit <= 0 && a.max_iterations == 0)
        throw jw::UsageError("--time-limit 0 needs --max-iterations");
    options.seed = a.seed;
    options.balance_factor = a.balance;
    options.threads = a.threads;
    for (auto p : a.partners) {
        const auto at = p.find('@');
        if (at == std::string::npos || at == 0)
            throw jw::UsageError("--partner '" + p + "': expected SKILL@DAYS, e.g. police@tue,thu");
        std::replace(p.begin() + static_cast<long>(at), p.end(), ',', '+');
        try {
            for (const auto& [skill, days] : jw::plan::parse_team_skills(p))
                options.partners[skill] = days;
        } catch (const jw::InputError& e) {
            throw jw::UsageError("--partner '" + p + "': " + e.reason);
        }
    }
    auto ws = jw::store::Workspace::open(a.workspace);
    const auto result = jw::plan::plan_month(ws, month, a.profile, options);
    const auto& s = result.summary;
    if (common.json) {
        jw::cli::print_json({{"month", result.month},
                             {"profile", result.profile},
                             {"travel_source", result.travel_source},
                             {"summary", s}});
        return;
    }
    const auto& b = s["baseline"];
    std::cout << "Plan for " << result.month << " (profile " << result.profile << "), "
              << result.days.size() << " days; travel: " << result.travel_source << "\n";
    std::cout << "  due " << s["due"] << ", planned " << s["planned"] << ", unplanned "
              << s["unplanned"] << "; deadlines met " << s["deadlines_met_pct"] << " %\n";
    std::cout << "  high-risk joint visits: " << s["high_risk_planned"] << " of "
              << s["high_risk_due"] << " planned\n";
    std::cout << "  hours " << s["hours"] << " (travel " << s["travel_hours"] << "), km " << s["km"]
              << ", team-days " << s["team_days_used"] << " of " << s["team_days_available"]
              << ", utilisation " << s["utilisation_pct"] << " %\n";
    std::cout << "  busiest day " << s["busiest_day_hours"] << " h, mean " << s["mean_day_hours"]
              << " h\n";
    // Per team: the least and the most loaded, the spread a planner rebalances first.
    const nlohmann::json* low = nullptr;
    const nlohmann::json* high = nullptr;
    for (const auto& t : s["teams"]) {
        if (!low || t["utilisation_pct"] < (*low)["utilisation_pct"])
            low = &t;
        if (!high || t["utilisation_pct"] > (*high)["utilisation_pct"])
            high = &t;
    }
    if (low && high)
        std::cout << "  team utilisation from " << (*low)["utilisation_pct"] << " % ("
                  << (*low)["team"].get<std::string>() << ") to " << (*high)["utilisation_pct"]
                  << " % (" << (*high)["team"].get<std::string>()
                  << "); per team in plan_runs.summary\n";
    std::cout << "  villages visited on " << s["village_team_days"]
              << " village-team-days (baseline " << b["village_team_days"]
              << "): fewer means a village's visits go together\n";
    std::cout << "  baseline (" << b["method"].get<std::string>() << "): planned " << b["planned"]
              << ", hours " << b["hours"] << ", km " << b["km"] << ", deadlines met "
              << b["deadlines_met_pct"] << " %\n";
    std::map<std::string, int> reasons;
    for (const auto& u : result.unplanned)
        ++reasons[u.reason];
    int shown = 0;
    for (const auto& [reason, n] : reasons) {
        if (shown++ == 10) {
            std::cout << "  ... " << reasons.size() - 10 << " more reasons in plan_unplanned\n";
            break;
        }
        std::cout << "  unplanned: " << n << " x " << reason << "\n";
    }
    if (s.contains("km_note"))
        std::cout << "  " << s["km_note"].get<std::string>() << "\n";
}

const jw::cli::Registration reg{
    "", [](CLI::App& app, jw::cli::Common& common) {
        auto args = std::make_shared<Args>();
        auto* c = app.add_subcommand(
            "plan", "The month's visits by team and day, in route order (after jingwei due)");
        c->add_option("workspace", args->workspace, "workspace file")->required();
        c->add_option("--month", args->month, "YYYY-MM (the due list of that month)")->required();
        c->add_option("--days",
                      args->days,
                      "'weekdays' (Mon-Fri of the month, default) or a comma list of "
                      "YYYY-MM-DD working days (leave out holidays)");
        c->add_option("--partner",
                      args->partners,
                      "SKILL@DAYS: every team has this partner on these weekdays, e.g. "
                      "police@tue,thu (repeatable; adds to teams.skills)");
        c->add_option("--time-limit", args->time_limit, "seconds for the solver (default 20)");
        c->add_option("--max-iterations",
                      args->max_iterations,
                      "per solve; with --time-limit 0 the plan is the same on every run");
        c->add_option("--seed", args->seed, "random seed (default 1)");
        c->add_option("--balance",
                      args->balance,
                      "cap each team-day at this many times the township's mean day (at least "
                      "half a shift; default 1.25; 0 = no cap, least travel)");
        c->add_option("--threads", args->threads, "solver threads (default 2)");
        c->add_option(
            "--profile", args->profile, "name recorded with the plan (default: the due list's)");
        c->add_flag("--json", common.json, "print the summary as JSON on stdout");
        c->add_flag("-q,--quiet", common.quiet, "no notes on stderr");
        c->footer("Example:\n  jingwei plan out/shanwei/workspace.sqlite --month 2026-12 "
                  "--partner police@tue,thu --time-limit 30");
        c->callback([args, &common] { run(*args, common); });
    }};
} // namespace
