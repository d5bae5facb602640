// magritte rollback [--no-smoke]: make the previously recorded default version the default
// again, with promote's guards (READY, smoke test). Each rollback goes one step further back
// in the history kept in the model's labels (magritte-previous-1, -2, ...).
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/release_switch.hpp"
#include "cli/backends/ml_backend.hpp"

namespace magritte::cli {
namespace {

struct RollbackOptions {
  bool no_smoke = false;
};

void run_rollback(Context& context, const RollbackOptions& options) {
  const auto backend = make_ml_backend(context);
  const auto result = rollback_default(context, *backend, !options.no_smoke);
  auto json = result.to_json();
  json["command"] = "rollback";
  context.emit(json, "");
}

}  // namespace

void register_rollback(CLI::App& app, Context& context) {
  auto options = std::make_shared<RollbackOptions>();
  auto* command = app.add_subcommand(
      "rollback", "Make the previous default version the default again (recorded by promote in the model's labels)");
  command->add_flag("--no-smoke", options->no_smoke, "Skip the smoke test (promote.smoke_images)");
  command->footer("Exit 3 (nothing changed) when no previous default is recorded, or it is not READY, or it fails "
                  "the smoke test.");
  command->callback([&context, options] { run_rollback(context, *options); });
}

}  // namespace magritte::cli
