#include "app.hpp"

#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "magritte/error.hpp"
#include "magritte/version.hpp"

namespace magritte::cli {
namespace {

constexpr const char* kGlobal = "Global options";

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_option("--config", options.config_path,
                 "Config file (default: $MAGRITTE_CONFIG, else ./magritte.toml)")
      ->group(kGlobal);
  // One value per --set (repeat the flag): a vector option would otherwise swallow what
  // follows, `--` included, and `train --set k=v -- --trainer-arg` would fail.
  app.add_option("--set", options.set, "Override a setting: --set section.key=value (repeatable)")
      ->allow_extra_args(false)
      ->group(kGlobal);
  app.add_option("--project", options.project, "Google Cloud project (project.id)")->group(kGlobal);
  app.add_option("--region", options.region, "Region (project.region)")->group(kGlobal);
  app.add_option("--model", options.model, "Model name (model.name)")->group(kGlobal);
  app.add_option("--backend", options.backend, "ML service: vertex or ai-platform (gcloud.backend)")
      ->group(kGlobal);
  app.add_option("--format", options.format, "Output format: text or json")->group(kGlobal);
  app.add_flag("--dry-run", options.dry_run,
               "Print the commands that would run (shell-quoted) and run nothing")
      ->group(kGlobal);
  app.add_flag("-v,--verbose", options.verbose, "Log each command before running it")
      ->group(kGlobal);
  app.add_flag("-q,--quiet", options.quiet, "Only print errors and data")->group(kGlobal);
}

// `magritte --version`: the first line is what it always was; the build's commit and type follow.
void print_version(const Context& context) {
  const auto& info = build_info();
  if (context.format() == Format::json) {
    std::cout << nlohmann::json{{"version", info.version}, {"commit", info.commit}, {"commit_date", info.commit_date},
                                {"build_type", info.build_type}}.dump()
              << '\n';
    return;
  }
  std::cout << "magritte " << info.version << "\ncommit: " << info.commit << "\nbuild type: " << info.build_type << '\n';
}

void print_error(const std::string& message, const std::string& hint) {
  std::cerr << "magritte: error: " << message << '\n';
  if (!hint.empty()) std::cerr << "magritte: hint: " << hint << '\n';
}

}  // namespace

int run(int argc, const char* const* argv) {
  Context context;
  return run(argc, argv, context);
}

int run(int argc, const char* const* argv, Context& context) {
  CLI::App app{"magritte: train, deploy, test and promote an image classifier on Google Cloud"};
  app.name("magritte");
  app.fallthrough();  // global options are accepted after the subcommand too
  bool show_version = false;
  app.add_flag("--version", show_version, "Print magritte's version, git commit and build type, and exit");
  add_global_options(app, context.options);

  register_sync(app, context);
  register_train(app, context);
  register_deploy(app, context);
  register_promote(app, context);
  register_predict(app, context);
  register_config(app, context);
  register_emulator(app, context);
  register_doctor(app, context);
  register_status(app, context);
  register_logs(app, context);
  register_cancel(app, context);
  register_versions(app, context);
  register_rollback(app, context);
  register_prune(app, context);
  register_run(app, context);
  register_completion(app, context);
  register_man(app, context);

  try {
    app.parse(argc, argv);
    if (show_version) {
      print_version(context);
      return 0;
    }
    if (app.get_subcommands().empty()) {
      std::cerr << app.help();
      return to_int(ExitCode::usage);
    }
    return 0;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_error(e.what(), "run 'magritte --help' (or 'magritte COMMAND --help') for usage");
    return to_int(ExitCode::usage);
  } catch (const Error& e) {
    print_error(e.what(), e.hint());
    return to_int(e.code());
  } catch (const std::exception& e) {
    print_error(std::string("internal error: ") + e.what(), "please report this as a bug");
    return to_int(ExitCode::internal);
  }
}

}  // namespace magritte::cli
