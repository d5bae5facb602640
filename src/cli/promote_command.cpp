// magritte promote [VERSION] [--no-smoke]: make a version the model's default (what users
// get), guarded: it must exist and be READY, and pass the smoke test; the outgoing default
// is recorded in the model's labels so that `magritte rollback` can restore it.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/options.hpp"
#include "cli/release_switch.hpp"
#include "magritte/error.hpp"
#include "cli/backends/ml_backend.hpp"

namespace magritte::cli {
namespace {

struct PromoteOptions {
  std::optional<std::string> version;
  bool no_smoke = false;
};

void run_promote(Context& context, const PromoteOptions& options) {
  if (options.version) {
    if (context.options.version && *context.options.version != *options.version) {
      throw usage_error("promote: VERSION '" + *options.version + "' and --version '" +
                        *context.options.version + "' disagree; give one");
    }
    context.options.version = options.version;
  }
  const auto& settings = context.settings();
  const auto backend = make_ml_backend(context);
  const auto result = promote_version(context, *backend, settings.str("model.version"), !options.no_smoke);
  auto json = result.to_json();
  json["command"] = "promote";
  context.emit(json, "");
}

}  // namespace

void register_promote(CLI::App& app, Context& context) {
  auto options = std::make_shared<PromoteOptions>();
  auto* command = app.add_subcommand(
      "promote", "Make VERSION the model's default version, guarded (READY, smoke test) and recorded for rollback");
  command->add_option("VERSION", options->version, "Version to promote (default: model.version)");
  add_model_version_option(*command, context);
  command->add_flag("--no-smoke", options->no_smoke, "Skip the smoke test (promote.smoke_images)");
  command->footer("Exit 3 (nothing changed) when the version is missing, not READY or fails the smoke test.");
  command->callback([&context, options] { run_promote(context, *options); });
}

}  // namespace magritte::cli
