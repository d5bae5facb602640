// magritte train [--wait [--logs] [--timeout D]] [-- TRAINER_ARGS...]: submit the training
// job (gcloud ... jobs submit training), then optionally follow it to its end.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/job_follow.hpp"
#include "cli/options.hpp"
#include "cli/training.hpp"
#include "cli/waiting.hpp"
#include "magritte/error.hpp"
#include "cli/backends/ml_backend.hpp"

namespace magritte::cli {
namespace {

struct TrainOptions {
  std::vector<std::string> trainer_args;
  bool wait = false;
  bool logs = false;
  std::optional<std::string> timeout;
};

void run_train(Context& context, const TrainOptions& options) {
  const auto& settings = context.settings();
  const auto backend = make_ml_backend(context);
  backend->check_training_code();
  const auto wait = wait_options(settings, options.timeout);
  const auto name = effective_job_id(settings);

  const auto job = backend->submit_job(name, options.trainer_args, /*known_new=*/false);
  const auto& job_id = job.id;
  nlohmann::json json = {{"command", "train"},
                         {"job_id", job_id},
                         {"job_dir", settings.opt_str("train.job_dir").value_or("")}};
  if (job_id != name) json["job_name"] = name;
  if (!job.resource.is_null()) json["job"] = job.resource;
  const std::string submitted = "magritte: job " + name + (job_id == name ? "" : " (id " + job_id + ")") + " submitted";
  if (!options.wait) {
    if (!context.runner().dry_run()) {
      context.info(submitted + "; follow it with: magritte status " + job_id + " --wait (its log: magritte logs " +
                   job_id + " --follow)");
    }
    context.emit(json, "");
    return;
  }
  if (!context.runner().dry_run()) context.info(submitted + "; waiting for it to end");
  const auto followed = follow_job(context, *backend, job_id, {wait, options.logs, nullptr, nullptr});
  if (!context.runner().dry_run()) {
    json["job"] = followed.status.resource;
    json["wait"] = job_summary_json(followed, job_id);
    // The result is printed before a failure is reported, so scripts get the job either way.
    if (followed.outcome.end == release::WatchEnd::finished) context.emit(json, "");
    check_job_end(followed, job_id, wait);  // the SUCCEEDED line is already on stderr
    return;
  }
  context.emit(json, "");
}

}  // namespace

void register_train(CLI::App& app, Context& context) {
  auto options = std::make_shared<TrainOptions>();
  auto* command = app.add_subcommand(
      "train", "Submit the training job (Vertex: gcloud ai custom-jobs create; AI Platform: jobs submit training)");
  add_model_version_option(*command, context);
  command->add_option("TRAINER_ARGS", options->trainer_args,
                      "Arguments for the trainer, after '--' (appended to train.args)");
  auto* wait = command->add_flag("--wait", options->wait,
                    "Follow the job to its end: exit 0 SUCCEEDED, 1 FAILED/CANCELLED, 4 --timeout (the job goes on)");
  command->add_flag("--logs", options->logs, "With --wait: print the trainer's log lines as they come")->needs(wait);
  add_timeout_option(*command, options->timeout)->needs(wait);
  command->footer("Example: magritte train --version v3 --wait --logs -- --num-epochs 10");
  command->callback([&context, options] { run_train(context, *options); });
}

}  // namespace magritte::cli
