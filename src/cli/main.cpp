// jingwei: the command-line front end. Parses flags, calls the library, and is the one place
// that maps exceptions to exit codes (docs/cli.md).

#include "command.hpp"

#include <iostream>
#include <jingwei/error.hpp>
#include <jingwei/version.hpp>

namespace {
const char* const footer = R"(Exit codes: 0 ok, 1 usage error, 2 done but rows rejected (see the
rejects file), 3 input unusable (nothing written), 4 environment (disk, library, permissions),
5 internal error. Run 'jingwei COMMAND --help' for a command's options and examples.
Main job on the bundled sample: examples/shanwei/run.sh [OUTDIR].)";
}

int main(int argc, char** argv) try {
    CLI::App app{"jingwei (精卫): a planner for community mental-health services — coverage "
                 "gaps, monthly visit routes and facility siting on a SpatiaLite workspace",
                 "jingwei"};
    app.set_version_flag("--version", std::string("jingwei ") + jw::version);
    app.footer(footer);
    app.require_subcommand(1);
    jw::cli::Common common;
    jw::cli::build_app(app, common);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? jw::cli::exit_ok : jw::cli::exit_usage;
    }
    return jw::cli::exit_status();
} catch (const jw::UsageError& e) {
    std::cerr << "jingwei: " << e.what() << '\n';
    return jw::cli::exit_usage;
} catch (const jw::InputError& e) {
    std::cerr << "jingwei: " << e.what() << '\n';
    return jw::cli::exit_input;
} catch (const jw::EnvironmentError& e) {
    std::cerr << "jingwei: " << e.what() << '\n';
    return jw::cli::exit_environment;
} catch (const jw::InternalError& e) {
    std::cerr << "jingwei: internal error (please report): " << e.what() << '\n';
    return jw::cli::exit_internal;
} catch (const jw::Error& e) {
    std::cerr << "jingwei: " << e.what() << '\n';
    return jw::cli::exit_input;
} catch (const std::exception& e) {
    std::cerr << "jingwei: internal error (please report): " << e.what() << '\n';
    return jw::cli::exit_internal;
}
