// magritte cancel JOB [--wait]: ask the service to stop a training job. The only command
// that ever cancels one: Ctrl-C and --timeout on the waiting commands leave jobs running.
#include <CLI/CLI.hpp>

#include "cli/cloud_call.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/job_follow.hpp"
#include "magritte/error.hpp"
#include "cli/backends/ml_backend.hpp"

namespace magritte::cli {
namespace {

struct CancelOptions {
  std::string job;
  bool wait = false;
  std::optional<std::string> timeout;
};

// The job to cancel: an id as given; a name (Vertex display names are not unique) must
// designate one unfinished job, since cancelling the wrong one cannot be undone.
std::string job_to_cancel(Context& context, MlBackend& backend, const std::string& job) {
  if (backend.is_job_id(job)) return job;
  if (context.runner().dry_run()) {
    context.runner().note("the unfinished job named " + job + ":");
    backend.find_jobs(job, false);
    return "<id of " + job + ">";
  }
  const auto jobs = backend.find_jobs(job, false);
  if (jobs.empty()) throw usage_error("no job named " + job, "list the jobs with: " + backend.list_jobs_hint());
  std::vector<release::JobStatus> unfinished;
  for (const auto& found : jobs) {
    if (!release::is_final_job_state(found.state)) unfinished.push_back(found);
  }
  if (unfinished.size() > 1) {
    std::string ids;
    for (const auto& found : unfinished) ids += (ids.empty() ? "" : ", ") + found.id + " (" + found.state + ")";
    throw refused_error(std::to_string(unfinished.size()) + " unfinished jobs are named " + job + ": " + ids +
                            "; nothing was cancelled",
                        "name the one to cancel by its id: magritte cancel ID");
  }
  return unfinished.empty() ? jobs.front().id : unfinished.front().id;
}

void run_cancel(Context& context, const CancelOptions& options) {
  const auto& settings = context.settings();
  const auto wait = wait_options(settings, options.timeout);
  const auto backend = make_ml_backend(context);
  const auto job_id = job_to_cancel(context, *backend, options.job);
  nlohmann::json json = {{"command", "cancel"}, {"job_id", job_id}};
  if (job_id != options.job) json["job_name"] = options.job;

  const auto command = backend->cancel_job_command(job_id);
  const auto result = context.runner().run(command, Capture::both);
  if (!result.ok()) {
    // Unknown job: describe_job says so clearly. Finished job: the service refuses
    // (FAILED_PRECONDITION); say in which state it ended. A job already CANCELLED or
    // CANCELLING is what was asked (e.g. gcloud retried a cancel whose answer was lost).
    const auto job = backend->describe_job(job_id);
    if (job.state == "CANCELLED" || job.state == "CANCELLING") {
      context.info("magritte: job " + job_id + " is already " + job.state);
    } else if (release::is_final_job_state(job.state)) {
      throw refused_error("job " + job_id + " already ended (" + job.state + "): nothing to cancel");
    } else {
      throw_failure(command, result, Capture::both);
    }
  }
  if (context.runner().dry_run()) {
    if (options.wait) follow_job(context, *backend, job_id, {wait, false, nullptr, nullptr});
    return context.emit(json, "");
  }
  if (result.ok()) context.info("magritte: cancellation of job " + job_id + " requested");
  if (options.wait) {
    const auto followed = follow_job(context, *backend, job_id, {wait, false, nullptr, nullptr});
    stop_unless_finished(followed.outcome, wait, {"job " + job_id, "magritte status " + job_id + " --wait", ""});
    json["state"] = followed.status.state;
    if (followed.status.state != "CANCELLED") {
      context.info("magritte: job " + job_id + " ended " + followed.status.state + " before the cancellation");
    }
  }
  context.emit(json, "");
}

}  // namespace

void register_cancel(CLI::App& app, Context& context) {
  auto options = std::make_shared<CancelOptions>();
  auto* command = app.add_subcommand("cancel", "Cancel a training job (Vertex: gcloud ai custom-jobs cancel; AI Platform: jobs cancel)");
  command->add_option("JOB", options->job, "Job id, or a name that only one unfinished job has")->required();
  auto* wait = command->add_flag("--wait", options->wait, "Wait until the job has stopped");
  add_timeout_option(*command, options->timeout)->needs(wait);
  command->callback([&context, options] { run_cancel(context, *options); });
}

}  // namespace magritte::cli
