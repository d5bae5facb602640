#include "cli/job_follow.hpp"

#include <iostream>

#include "cli/cloud_call.hpp"
#include "magritte/error.hpp"
#include "release/log_entries.hpp"
#include "release/progress.hpp"

namespace magritte::cli {
namespace {

// Cloud Logging may still be ingesting the last seconds; gcloud's stream-logs stays 5 s back.
constexpr auto kIngestionLag = std::chrono::seconds(5);

std::string project_phrase(Context& context) {
  const auto project = context.settings().opt_str("project.id");
  return project ? " in project " + *project : " in gcloud's current project";
}

// "123 (RUNNING, created 2026-11-29T10:00:00Z)", for messages that list jobs.
std::string job_line(const release::JobStatus& job) {
  const std::string created = job.resource.is_object() ? job.resource.value("createTime", "") : "";
  return job.id + " (" + job.state + (created.empty() ? "" : ", created " + created) + ")";
}

// Reads the entries after the cursor and prints them; a failed read is a warning, not the
// end of the wait (the job matters more than its log).
class LogTail {
public:
  LogTail(Context& context, MlBackend& backend, std::string job_id, std::ostream& out,
          nlohmann::json* collect, release::Progress& progress)
      : context_(context), backend_(backend), job_id_(std::move(job_id)), out_(out), collect_(collect),
        progress_(progress) {}

  void read(bool job_ended) {
    std::optional<SystemTime> upper_bound;
    if (!job_ended) upper_bound = std::chrono::system_clock::now() - kIngestionLag;
    const auto command = backend_.job_log_command(job_id_, cursor_.filter(upper_bound));
    const auto result = context_.runner().run(command, Capture::both);
    if (!result.ok()) {
      context_.warn("could not read the log of job " + job_id_ + ": " + error_summary(result));
      return;
    }
    std::vector<release::LogLine> lines;
    try {
      lines = release::parse_log_entries(parse_json_output(command, result));
    } catch (const Error& error) {
      context_.warn("could not read the log of job " + job_id_ + ": " + error.what());
      return;
    }
    for (const auto& line : lines) {
      if (collect_ != nullptr) {
        collect_->push_back({{"timestamp", line.timestamp}, {"severity", line.severity}, {"task", line.task},
                             {"message", line.message}});
        continue;
      }
      for (const auto& text : release::format_log_line(line)) progress_.print(out_, text);
    }
    cursor_.advance(lines);
  }

private:
  Context& context_;
  MlBackend& backend_;
  std::string job_id_;
  std::ostream& out_;
  nlohmann::json* collect_;
  release::Progress& progress_;
  release::LogCursor cursor_;
};

void plan_follow(Context& context, MlBackend& backend, const std::string& job_id,
                 const JobFollowOptions& options) {
  auto& runner = context.runner();
  runner.note("repeated every " + std::to_string(options.wait.poll_interval.count()) +
              " s until the job ends (wait.poll_interval):");
  runner.run(backend.describe_job_command(job_id), Capture::both);
  if (options.logs) {
    runner.note("after each look, the log lines not shown yet:");
    runner.run(backend.job_log_command(job_id, release::LogCursor().filter(std::nullopt)), Capture::both);
  }
}

}  // namespace

std::string resolve_job_id(Context& context, MlBackend& backend, const std::optional<std::string>& job) {
  if (job && backend.is_job_id(*job)) return *job;
  const auto& settings = context.settings();
  const bool prefix = !job && settings.str("train.job_suffix") == "timestamp";
  const auto name = job ? *job : settings.str("train.job_name");
  if (!prefix && backend.is_job_id(name)) return name;  // describing it says whether it exists
  const auto shown = prefix ? name + "_<timestamp>" : name;
  if (context.runner().dry_run()) {
    context.runner().note("the newest job named " + shown + (prefix ? " (train.job_suffix):" : ":"));
    backend.find_jobs(prefix ? name + "_" : name, prefix);
    return backend.is_job_id(name) ? shown : "<id of " + shown + ">";
  }
  const auto jobs = backend.find_jobs(prefix ? name + "_" : name, prefix);
  if (jobs.empty()) {
    throw usage_error("no job named " + shown + project_phrase(context) +
                          (prefix ? " (train.job_suffix = \"timestamp\")" : ""),
                      "list the jobs with: " + backend.list_jobs_hint());
  }
  if (jobs.size() > 1 && !prefix) {
    std::string others;
    for (std::size_t i = 1; i < jobs.size(); ++i) others += (i > 1 ? ", " : "") + job_line(jobs[i]);
    context.warn(std::to_string(jobs.size()) + " jobs are named " + name + ": using the newest, " + job_line(jobs.front()) +
                 "; the others: " + others + ". Name one by its id (magritte status ID)");
  }
  return jobs.front().id;
}

FollowedJob follow_job(Context& context, MlBackend& backend, const std::string& job_id,
                       const JobFollowOptions& options) {
  FollowedJob followed;
  if (context.runner().dry_run()) {
    plan_follow(context, backend, job_id, options);
    return followed;
  }
  std::ostream& log_stream = options.log_stream != nullptr ? *options.log_stream : std::cerr;
  auto progress = release::make_progress(std::cerr, release::stderr_is_live_terminal(), context.options.quiet);
  LogTail tail(context, backend, job_id, log_stream, options.collect, *progress);

  release::WatchHooks hooks;
  hooks.poll = [&] {
    followed.status = backend.describe_job(job_id);
    return release::Observation{followed.status.state, release::is_final_job_state(followed.status.state),
                                followed.status.create_time};
  };
  if (options.logs) hooks.after_poll = [&](const release::Observation& seen) { tail.read(seen.final); };
  hooks.warn = [&context](const std::string& message) { context.warn(message); };

  release::StopSignals stop_signals;
  release::SystemClock clock;
  followed.outcome = release::watch(hooks, clock, *progress, watch_options(options.wait, "job " + job_id));
  return followed;
}

void print_job_logs(Context& context, MlBackend& backend, const std::string& job_id, std::ostream& out,
                    nlohmann::json* collect) {
  auto progress = release::make_progress(std::cerr, false, true);
  LogTail tail(context, backend, job_id, out, collect, *progress);
  if (context.runner().dry_run()) {
    context.runner().run(backend.job_log_command(job_id, release::LogCursor().filter(std::nullopt)), Capture::both);
    return;
  }
  backend.describe_job(job_id);  // a clear error for an unknown job
  tail.read(/*job_ended=*/true);
}

void check_job_end(const FollowedJob& job, const std::string& job_id, const WaitOptions& wait) {
  stop_unless_finished(job.outcome, wait,
                       {"job " + job_id, "magritte status " + job_id + " --wait", "magritte cancel " + job_id});
  const auto& state = job.status.state;
  if (state == "SUCCEEDED") return;
  if (state == "FAILED") {
    const auto message = job.status.error_message.empty() ? "(no error message)" : job.status.error_message;
    throw cloud_error("job " + job_id + " FAILED: " + message,
                      "its log: magritte logs " + job_id);
  }
  throw cloud_error("job " + job_id + " was " + state, "its log: magritte logs " + job_id);
}

std::chrono::seconds job_duration(const FollowedJob& job) {
  if (job.status.create_time && job.status.end_time) {
    return std::chrono::duration_cast<std::chrono::seconds>(*job.status.end_time - *job.status.create_time);
  }
  return job.outcome.elapsed;
}

nlohmann::json job_summary_json(const FollowedJob& job, const std::string& job_id) {
  nlohmann::json json = {{"job_id", job_id}, {"state", job.status.state}};
  if (!job.status.name.empty() && job.status.name != job_id) json["job_name"] = job.status.name;
  if (!job.status.error_message.empty()) json["error_message"] = job.status.error_message;
  const auto& resource = job.status.resource;
  if (resource.is_object() && resource.contains("createTime")) json["create_time"] = resource["createTime"];
  if (resource.is_object() && resource.contains("endTime")) json["end_time"] = resource["endTime"];
  json["elapsed_seconds"] = job_duration(job).count();
  return json;
}

}  // namespace magritte::cli
