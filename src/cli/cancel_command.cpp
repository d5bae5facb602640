// magritte cancel JOB [--wait]: ask the service to stop a training job. The only command
// that ever cancels one: Ctrl-C and --timeout on the waiting commands leave jobs running.
#include <CLI/CLI.hpp>

#include "cli/cloud_call.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/job_follow.hpp"
#include "magritte/error.hpp"
#include "plan/ml_backend.hpp"

namespace magritte::cli {
namespace {

struct CancelOptions {
  std::string job;
  bool wait = false;
  std::optional<std::string> timeout;
};

void run_cancel(Context& context, const CancelOptions& options) {
  const auto& settings = context.settings();
  const auto wait = wait_options(settings, options.timeout);
  const auto backend = plan::make_ml_backend(settings);
  nlohmann::json json = {{"command", "cancel"}, {"job_id", options.job}};

  const auto command = backend->cancel_job(options.job);
  const auto result = context.runner().run(command, Capture::both);
  if (!result.ok()) {
    // Unknown job: describe_job says so clearly. Finished job: the service refuses
    // (FAILED_PRECONDITION); say in which state it ended. A job already CANCELLED or
    // CANCELLING is what was asked (e.g. gcloud retried a cancel whose answer was lost).
    const auto job = release::parse_job(describe_job(context, *backend, options.job));
    if (job.state == "CANCELLED" || job.state == "CANCELLING") {
      context.info("magritte: job " + options.job + " is already " + job.state);
    } else if (release::is_final_job_state(job.state)) {
      throw refused_error("job " + options.job + " already ended (" + job.state + "): nothing to cancel");
    } else {
      throw_failure(command, result, Capture::both);
    }
  }
  if (context.runner().dry_run()) {
    if (options.wait) follow_job(context, *backend, options.job, {wait, false, nullptr, nullptr});
    return context.emit(json, "");
  }
  if (result.ok()) context.info("magritte: cancellation of job " + options.job + " requested");
  if (options.wait) {
    const auto followed = follow_job(context, *backend, options.job, {wait, false, nullptr, nullptr});
    stop_unless_finished(followed.outcome, wait,
                         {"job " + options.job, "magritte status " + options.job + " --wait", ""});
    json["state"] = followed.status.state;
    if (followed.status.state != "CANCELLED") {
      context.info("magritte: job " + options.job + " ended " + followed.status.state + " before the cancellation");
    }
  }
  context.emit(json, "");
}

}  // namespace

void register_cancel(CLI::App& app, Context& context) {
  auto options = std::make_shared<CancelOptions>();
  auto* command = app.add_subcommand("cancel", "Cancel a training job (gcloud ai-platform jobs cancel)");
  command->add_option("JOB", options->job, "Job id")->required();
  auto* wait = command->add_flag("--wait", options->wait, "Wait until the job has stopped");
  add_timeout_option(*command, options->timeout)->needs(wait);
  command->callback([&context, options] { run_cancel(context, *options); });
}

}  // namespace magritte::cli
