#include "command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <unistd.h>
#include <vector>

namespace jw::cli {
namespace {
struct Entry {
    std::string parent;
    std::function<void(CLI::App&, Common&)> add;
};
std::vector<Entry>& registry() {
    static std::vector<Entry> entries;
    return entries;
}
int g_exit_status = exit_ok;

// Descriptions of the grouping commands that only hold subcommands.
const std::map<std::string, std::string> group_descriptions = {
    {"solve", "Solve a standard benchmark instance (TSPLIB, Solomon, OR-Library) and print JSON"},
    {"synth", "Generate synthetic rows (marked synthetic=1) for a sample workspace"},
};
} // namespace

Registration::Registration(std::string parent, std::function<void(CLI::App&, Common&)> add) {
    registry().push_back({std::move(parent), std::move(add)});
}

void build_app(CLI::App& app, Common& common) {
    // Top-level commands first, then children, so a child's parent exists when it is added.
    std::map<std::string, CLI::App*> groups;
    for (const auto& e : registry())
        if (e.parent.empty())
            e.add(app, common);
    for (const auto& e : registry()) {
        if (e.parent.empty())
            continue;
        auto& group = groups[e.parent];
        if (group == nullptr) {
            auto it = group_descriptions.find(e.parent);
            group = app.add_subcommand(e.parent, it == group_descriptions.end() ? "" : it->second);
            group->require_subcommand(1);
        }
        e.add(*group, common);
    }
}

void set_exit_status(int code) {
    g_exit_status = code;
}
int exit_status() {
    return g_exit_status;
}

Progress progress_bar(const Common& common) {
    if (common.quiet || !isatty(fileno(stderr)))
        return no_progress();
    // GDAL's text progress: 0...10...20... each step printed once.
    auto last = std::make_shared<int>(-1);
    return [last](double fraction, std::string_view) {
        const int tenths = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 40.0 + 1e-9);
        while (*last < tenths) {
            ++*last;
            if (*last % 4 == 0)
                std::fprintf(stderr, "%d", *last / 4 * 10);
            else
                std::fputc('.', stderr);
            if (*last == 40)
                std::fputs(" - done.\n", stderr);
        }
        std::fflush(stderr);
        return true;
    };
}

void print_json(const nlohmann::json& doc) {
    std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void note(const Common& common, const std::string& line) {
    if (!common.quiet)
        std::cerr << line << '\n';
}

} // namespace jw::cli

namespace jw::cli {

std::string fixed(double value, int decimals) {
    if (!std::isfinite(value))
        return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

} // namespace jw::cli
