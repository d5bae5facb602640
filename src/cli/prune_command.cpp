// magritte prune --keep N: delete the versions older than the newest N, except the default
// version, the recorded rollback targets and versions still being created (and, on Vertex,
// versions with traffic; a deployed version is undeployed first).
// magritte prune --undeploy-only [--keep N]: Vertex only; the same choice, but the versions
// are only undeployed (deployed models cost money by the hour), their registry entries kept.
// Without a keep count it frees every version that neither serves nor is a rollback target.
//
// What prune would delete depends on what exists, so its --dry-run is the one that asks
// gcloud: the two read-only queries (models describe, versions list) run for real, then the
// delete commands are printed, not run, each after a note saying why; kept versions are
// listed with their reason.
#include <CLI/CLI.hpp>

#include "cli/cloud_call.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/backends/ml_backend.hpp"
#include "magritte/error.hpp"
#include "run/process_runner.hpp"

namespace magritte::cli {
namespace {

struct PruneOptions {
  std::optional<std::int64_t> keep;
  bool undeploy_only = false;
};

std::size_t keep_count(const config::Settings& settings, const PruneOptions& options) {
  if (options.undeploy_only && !options.keep) return 0;  // traffic and history protect what must stay
  if (options.keep) {
    if (*options.keep < 1) throw usage_error("--keep must be at least 1 (got " + std::to_string(*options.keep) + ")");
    return static_cast<std::size_t>(*options.keep);
  }
  if (const auto keep = settings.opt_integer("prune.keep")) return static_cast<std::size_t>(*keep);
  throw usage_error("prune needs to know how many versions to keep",
                    "pass --keep N, or set [prune] keep in magritte.toml");
}

std::string decision_text(const std::vector<release::PruneDecision>& decisions, bool undeploy_only) {
  std::string text;
  for (const auto& decision : decisions) {
    const char* action = !decision.remove ? "keep" : undeploy_only ? "undeploy" : "delete";
    text += std::string(action) + "\t" + decision.version.name + "\t" +
            decision.version.state + "\t" + decision.version.create_time + "\t" + decision.reason + "\n";
  }
  return text;
}

void run_prune(Context& context, const PruneOptions& options) {
  const auto& settings = context.settings();
  const auto keep = keep_count(settings, options);
  const auto backend = make_ml_backend(context);
  if (options.undeploy_only && !backend->splits_traffic()) {
    throw usage_error("--undeploy-only is for Vertex AI (gcloud.backend = \"vertex\"): AI Platform versions are not "
                      "deployed apart from being created",
                      "delete versions with: magritte prune --keep N");
  }
  const bool dry_run = context.runner().dry_run();
  std::unique_ptr<Runner> reader;
  if (dry_run) reader = std::make_unique<ProcessRunner>(ProcessRunner::Options{context.options.verbose > 0});

  const auto state = backend->read_serving(reader ? *reader : context.runner(), true);
  auto decisions = release::plan_prune(state.versions, keep, state.history);
  nlohmann::json json = {{"command", "prune"},
                         {"model", state.model},
                         {"keep", keep},
                         {"undeploy_only", options.undeploy_only},
                         {"versions", nlohmann::json::array()}};
  std::size_t deleted = 0;
  std::size_t undeployed = 0;
  for (auto& decision : decisions) {
    const auto& name = decision.version.name;
    if (options.undeploy_only && decision.remove && !decision.version.deployed_model_id) {
      decision.remove = false;
      decision.reason = "not deployed";
    }
    if (decision.remove && options.undeploy_only) {
      context.runner().note("undeploy " + name + ": " + decision.reason);
      backend->undeploy_version(state, decision.version);
      if (!dry_run) context.info("magritte: undeployed version " + name + " (" + decision.reason + "); it stays in the registry");
      ++undeployed;
    } else if (decision.remove) {
      context.runner().note("delete " + name + ": " + decision.reason);
      backend->remove_version(state, decision.version);
      if (!dry_run) context.info("magritte: deleted version " + name + " (" + decision.reason + ")");
      ++deleted;
    } else {
      context.runner().note("keep " + name + ": " + decision.reason);
    }
    json["versions"].push_back({{"name", name},
                                {"state", decision.version.state},
                                {"create_time", decision.version.create_time},
                                {"delete", decision.remove && !options.undeploy_only},
                                {"undeploy", decision.remove && options.undeploy_only},
                                {"reason", decision.reason}});
  }
  json["deleted"] = dry_run ? 0 : deleted;
  json["undeployed"] = dry_run ? 0 : undeployed;
  if (!dry_run && deleted + undeployed == 0) {
    context.info("magritte: nothing to prune (" + std::to_string(decisions.size()) + " versions)");
  }
  context.emit(json, decision_text(decisions, options.undeploy_only));
}

}  // namespace

void register_prune(CLI::App& app, Context& context) {
  auto options = std::make_shared<PruneOptions>();
  auto* command = app.add_subcommand(
      "prune", "Delete versions older than the newest N (never the default nor a rollback target)");
  command->add_option("--keep", options->keep, "How many of the newest versions to keep (prune.keep)");
  command->add_flag("--undeploy-only", options->undeploy_only,
                    "Vertex AI: undeploy instead of deleting (frees the machines, keeps the versions); without "
                    "--keep, every version that neither serves nor is a rollback target");
  command->footer("With --dry-run, the read-only queries run and the delete commands are printed, not run.");
  command->callback([&context, options] { run_prune(context, *options); });
}

}  // namespace magritte::cli
