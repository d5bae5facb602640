// magritte deploy: create the model if absent, then the version from the exported model.
// Re-running it for a version that already exists with the same origin is a success.
#include <CLI/CLI.hpp>

#include "cli/cloud_call.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/options.hpp"
#include "magritte/error.hpp"
#include "plan/ml_backend.hpp"

namespace magritte::cli {
namespace {

// Runs a describe command: the parsed resource, or null when gcloud says NOT_FOUND.
nlohmann::json describe(Context& context, const Command& command) {
  const auto result = context.runner().run(command, Capture::both);
  if (is_not_found(result)) return nullptr;
  if (!result.ok()) throw_failure(command, result, Capture::both);
  return parse_json_output(command, result);
}

// Under --dry-run nothing can be asked, so every command that may run is printed, the
// conditional ones after a comment saying when they would run.
void plan_deploy(Context& context, const plan::MlBackend& backend, const std::string& version) {
  auto& runner = context.runner();
  runner.run(backend.describe_model(), Capture::both);
  runner.note("only if the model does not exist:");
  runner.run(backend.create_model(), Capture::none);
  runner.run(backend.describe_version(version), Capture::both);
  runner.note("only if the version does not exist:");
  runner.run(backend.create_version(version), Capture::none);
}

// "created", or "unchanged" when the version exists with the same origin. A version that
// exists with another origin is refused: versions are immutable.
std::string ensure_version(Context& context, const plan::MlBackend& backend,
                           const std::string& version, const std::string& origin) {
  const auto existing = describe(context, backend.describe_version(version));
  if (!existing.is_null()) {
    const auto existing_origin = existing.value("deploymentUri", "");
    if (existing_origin == origin) return "unchanged";
    throw refused_error("version " + version + " already exists with origin " + existing_origin +
                            ", not " + origin,
                        "versions are immutable: deploy under another --version");
  }
  const auto command = backend.create_version(version);
  const auto capture = context.json_output() ? Capture::stdout_only : Capture::none;
  run_checked(context.runner(), command, capture);
  return "created";
}

void run_deploy(Context& context) {
  const auto& settings = context.settings();
  const auto backend = plan::make_ml_backend(settings);
  const auto model = settings.str("model.name");
  const auto version = settings.str("model.version");
  const auto origin = settings.str("deploy.origin");
  if (context.runner().dry_run()) {
    plan_deploy(context, *backend, version);
    context.emit({{"command", "deploy"}, {"model", model}, {"version", version}, {"origin", origin}}, "");
    return;
  }

  bool model_created = false;
  if (describe(context, backend->describe_model()).is_null()) {
    context.info("magritte: model " + model + " does not exist yet: creating it");
    const auto capture = context.json_output() ? Capture::stdout_only : Capture::none;
    run_checked(context.runner(), backend->create_model(), capture);
    model_created = true;
  }
  const auto outcome = ensure_version(context, *backend, version, origin);
  if (outcome == "unchanged") {
    context.info("magritte: version " + version + " of model " + model +
                 " already exists with origin " + origin + "; nothing to do");
  }
  context.emit({{"command", "deploy"},
                {"model", model},
                {"model_created", model_created},
                {"version", version},
                {"origin", origin},
                {"version_status", outcome}},
               "");
}

}  // namespace

void register_deploy(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "deploy", "Create the model version from the exported model (gcloud ai-platform versions create)");
  add_model_version_option(*command, context);
  command->callback([&context] { run_deploy(context); });
}

}  // namespace magritte::cli
