// magritte deploy [--wait [--timeout D]]: create the model if absent, then the version from
// the exported model. Re-running it for a version that already exists with the same origin
// is a success (with --wait, it waits for one still being created).
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/deployment.hpp"
#include "cli/options.hpp"
#include "cli/waiting.hpp"
#include "plan/ml_backend.hpp"

namespace magritte::cli {
namespace {

struct DeployOptions {
  bool wait = false;
  std::optional<std::string> timeout;
};

void run_deploy(Context& context, const DeployOptions& options) {
  const auto& settings = context.settings();
  const auto wait = wait_options(settings, options.timeout);
  const auto backend = plan::make_ml_backend(settings);
  nlohmann::json json = {{"command", "deploy"},
                         {"model", settings.str("model.name")},
                         {"version", settings.str("model.version")},
                         {"origin", settings.str("deploy.origin")}};
  const auto deployment = deploy_version(context, *backend, options.wait, wait);
  if (!context.runner().dry_run()) {
    json["model_created"] = deployment.model_created;
    json["version_status"] = deployment.version_status;
    json["state"] = deployment.state;
    if (options.wait) json["elapsed_seconds"] = deployment.waited.count();
  }
  context.emit(json, "");
}

}  // namespace

void register_deploy(CLI::App& app, Context& context) {
  auto options = std::make_shared<DeployOptions>();
  auto* command = app.add_subcommand(
      "deploy", "Create the model version from the exported model (gcloud ai-platform versions create)");
  add_model_version_option(*command, context);
  auto* wait = command->add_flag("--wait", options->wait,
                                 "Create the version asynchronously and wait until it is READY, with progress "
                                 "(exit 1 if it FAILED, 4 on --timeout)");
  add_timeout_option(*command, options->timeout)->needs(wait);
  command->callback([&context, options] { run_deploy(context, *options); });
}

}  // namespace magritte::cli
