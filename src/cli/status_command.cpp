// magritte status [JOB] [--wait [--logs] [--timeout D]]: where a training job stands, or
// follow it to its end (re-attaching after `train --wait` was interrupted or timed out).
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/job_follow.hpp"
#include "cli/options.hpp"
#include "magritte/duration.hpp"
#include "cli/backends/ml_backend.hpp"

namespace magritte::cli {
namespace {

struct StatusOptions {
  std::optional<std::string> job;
  bool wait = false;
  bool logs = false;
  std::optional<std::string> timeout;
};

std::string status_text(const std::string& job_id, const release::JobStatus& status) {
  const auto& job = status.resource.is_object() ? status.resource : nlohmann::json::object();
  std::string text = job_id + (status.name.empty() || status.name == job_id ? "" : " (" + status.name + ")") + ": " +
                     status.state + "\n";
  for (const auto& [label, field] : {std::pair{"created", "createTime"}, {"started", "startTime"}, {"ended", "endTime"}}) {
    if (job.contains(field)) text += std::string("  ") + label + "  " + job[field].get<std::string>() + "\n";
  }
  if (status.start_time && status.end_time) {
    const auto ran = std::chrono::duration_cast<std::chrono::seconds>(*status.end_time - *status.start_time);
    text += "  ran      " + format_duration(ran) + "\n";
  }
  if (!status.error_message.empty()) text += "  error    " + status.error_message + "\n";
  return text;
}

void run_status(Context& context, const StatusOptions& options) {
  const auto& settings = context.settings();
  const auto wait = wait_options(settings, options.timeout);
  const auto backend = make_ml_backend(context);
  const auto job_id = resolve_job_id(context, *backend, options.job);
  nlohmann::json json = {{"command", "status"}, {"job_id", job_id}};

  if (!options.wait) {
    if (context.runner().dry_run()) {
      context.runner().run(backend->describe_job_command(job_id), Capture::both);
      return context.emit(json, "");
    }
    const auto status = backend->describe_job(job_id);
    json["state"] = status.state;
    if (status.name != job_id) json["job_name"] = status.name;
    if (!status.error_message.empty()) json["error_message"] = status.error_message;
    json["job"] = status.resource;
    return context.emit(json, status_text(job_id, status));
  }

  const auto followed = follow_job(context, *backend, job_id, {wait, options.logs, nullptr, nullptr});
  if (context.runner().dry_run()) return context.emit(json, "");
  json.update(job_summary_json(followed, job_id));
  json["job"] = followed.status.resource;
  if (followed.outcome.end == release::WatchEnd::finished) context.emit(json, status_text(job_id, followed.status));
  check_job_end(followed, job_id, wait);
}

}  // namespace

void register_status(CLI::App& app, Context& context) {
  auto options = std::make_shared<StatusOptions>();
  auto* command = app.add_subcommand("status", "Show a training job's state, or wait for its end (--wait)");
  command->add_option("JOB", options->job, "Job id or name (default: train.job_name; the newest one with train.job_suffix)");
  add_model_version_option(*command, context);
  auto* wait = command->add_flag("--wait", options->wait,
                                 "Follow the job to its end: exit 0 SUCCEEDED, 1 FAILED/CANCELLED, 4 --timeout");
  command->add_flag("--logs", options->logs, "With --wait: print the trainer's log lines as they come")->needs(wait);
  add_timeout_option(*command, options->timeout)->needs(wait);
  command->callback([&context, options] { run_status(context, *options); });
}

}  // namespace magritte::cli
