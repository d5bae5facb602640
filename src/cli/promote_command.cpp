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

struct PromoteFlags {
  std::optional<std::string> version;
  bool no_smoke = false;
  std::optional<int> canary;
};

void run_promote(Context& context, const PromoteFlags& flags) {
  if (flags.version) {
    if (context.options.version && *context.options.version != *flags.version) {
      throw usage_error("promote: VERSION '" + *flags.version + "' and --version '" +
                        *context.options.version + "' disagree; give one");
    }
    context.options.version = flags.version;
  }
  if (flags.canary && (*flags.canary < 1 || *flags.canary > 99)) {
    throw usage_error("--canary " + std::to_string(*flags.canary) + ": accepted: a share from 1 to 99 (percent)",
                      "all of the traffic is a plain promote: magritte promote VERSION");
  }
  const auto& settings = context.settings();
  const auto backend = make_ml_backend(context);
  const auto result =
      promote_version(context, *backend, settings.str("model.version"), {!flags.no_smoke, flags.canary});
  auto json = result.to_json();
  json["command"] = "promote";
  context.emit(json, "");
}

}  // namespace

void register_promote(CLI::App& app, Context& context) {
  auto flags = std::make_shared<PromoteFlags>();
  auto* command = app.add_subcommand(
      "promote", "Give VERSION all the traffic (or a canary share), guarded (servable, smoke test) and recorded for rollback");
  command->add_option("VERSION", flags->version, "Version to promote (default: model.version)");
  add_model_version_option(*command, context);
  command->add_option("--canary", flags->canary,
                      "Vertex: give VERSION this share (percent) only, smoke-tested there; the rest keeps serving");
  command->add_flag("--no-smoke", flags->no_smoke, "Skip the smoke test (promote.smoke_images)");
  command->footer(
      "AI Platform: VERSION becomes the model's default version. Vertex AI: VERSION's deployed model gets all of the\n"
      "endpoint's traffic, after a canary share (promote.canary_percent, or --canary P to stop there) on which the\n"
      "smoke test runs; a failing candidate gets its share back to the previous split exactly.\n"
      "Exit 3 (nothing changed) when the version is missing, not servable or fails the smoke test.");
  command->callback([&context, flags] { run_promote(context, *flags); });
}

}  // namespace magritte::cli
