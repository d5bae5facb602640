// magritte logs [JOB] [--follow [--timeout D]]: the trainer's log, as `gcloud ai-platform
// jobs stream-logs` prints it (read from Cloud Logging). --follow keeps printing new lines
// until the job ends, and ends right then (stream-logs lingers 10 to 20 s).
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/job_follow.hpp"
#include "cli/options.hpp"
#include "cli/backends/ml_backend.hpp"

namespace magritte::cli {
namespace {

struct LogsOptions {
  std::optional<std::string> job;
  bool follow = false;
  std::optional<std::string> timeout;
};

void run_logs(Context& context, const LogsOptions& options) {
  const auto& settings = context.settings();
  const auto wait = wait_options(settings, options.timeout);
  const auto backend = make_ml_backend(context);
  const auto job_id = resolve_job_id(context, *backend, options.job);
  nlohmann::json json = {{"command", "logs"}, {"job_id", job_id}, {"lines", nlohmann::json::array()}};
  nlohmann::json* collect = context.json_output() ? &json["lines"] : nullptr;

  if (!options.follow) {
    print_job_logs(context, *backend, job_id, std::cout, collect);
    return context.emit(json, "");
  }
  const auto followed = follow_job(context, *backend, job_id, {wait, true, &std::cout, collect});
  if (context.runner().dry_run()) return context.emit(json, "");
  json.update(job_summary_json(followed, job_id));
  if (followed.outcome.end == release::WatchEnd::finished) context.emit(json, "");
  check_job_end(followed, job_id, wait);
}

}  // namespace

void register_logs(CLI::App& app, Context& context) {
  auto options = std::make_shared<LogsOptions>();
  auto* command = app.add_subcommand("logs", "Print a training job's log (--follow: until the job ends)");
  command->add_option("JOB", options->job, "Job id or name (default: train.job_name; the newest one with train.job_suffix)");
  add_model_version_option(*command, context);
  auto* follow = command->add_flag("-f,--follow", options->follow,
                                   "Keep printing new lines until the job ends; exit as train --wait does");
  add_timeout_option(*command, options->timeout)->needs(follow);
  command->callback([&context, options] { run_logs(context, *options); });
}

}  // namespace magritte::cli
