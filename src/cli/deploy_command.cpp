// magritte deploy [--wait [--timeout D]]: publish the version from the exported model and
// make it servable (AI Platform: the model if absent, then the version; Vertex: a registry
// version, deployed on the model's endpoint at 0 % traffic, or 100 % for the first).
// Re-running it for a version that already exists with the same origin is a success (with
// --wait, it waits for one still being created).
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/backends/ml_backend.hpp"
#include "cli/options.hpp"
#include "cli/waiting.hpp"

namespace magritte::cli {
namespace {

struct DeployOptions {
  bool wait = false;
  std::optional<std::string> timeout;
};

void run_deploy(Context& context, const DeployOptions& options) {
  const auto& settings = context.settings();
  const auto wait = wait_options(settings, options.timeout);
  const auto backend = make_ml_backend(context);
  nlohmann::json json = {{"command", "deploy"},
                         {"model", settings.str("model.name")},
                         {"version", settings.str("model.version")},
                         {"origin", settings.str("deploy.origin")}};
  const auto deployment = backend->deploy(options.wait, wait);
  if (!context.runner().dry_run()) {
    json.update(deployment.details);
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
      "deploy", "Publish the model version from the exported model and make it servable");
  add_model_version_option(*command, context);
  auto* wait = command->add_flag("--wait", options->wait,
                                 "Create the version asynchronously and wait until it is READY, with progress "
                                 "(exit 1 if it FAILED, 4 on --timeout)");
  add_timeout_option(*command, options->timeout)->needs(wait);
  command->callback([&context, options] { run_deploy(context, *options); });
}

}  // namespace magritte::cli
