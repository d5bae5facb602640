// magritte promote [VERSION]: make a version the model's default (what users get).
#include <CLI/CLI.hpp>

#include "cli/cloud_call.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/options.hpp"
#include "magritte/error.hpp"
#include "plan/ml_backend.hpp"

namespace magritte::cli {
namespace {

struct PromoteOptions {
  std::optional<std::string> version;
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
  const auto backend = plan::make_ml_backend(settings);
  const auto version = settings.str("model.version");
  const auto command = backend->set_default_version(version);
  const auto capture = context.json_output() ? Capture::stdout_only : Capture::none;
  run_checked(context.runner(), command, capture);
  context.emit({{"command", "promote"}, {"model", settings.str("model.name")}, {"version", version}},
               "");
}

}  // namespace

void register_promote(CLI::App& app, Context& context) {
  auto options = std::make_shared<PromoteOptions>();
  auto* command = app.add_subcommand(
      "promote", "Make VERSION the model's default version (gcloud ai-platform versions set-default)");
  command->add_option("VERSION", options->version, "Version to promote (default: model.version)");
  add_model_version_option(*command, context);
  command->callback([&context, options] { run_promote(context, *options); });
}

}  // namespace magritte::cli
