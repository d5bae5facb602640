#include "cli/training.hpp"

#include <ctime>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/backends/ml_backend.hpp"
#include "cli/cloud_call.hpp"
#include "magritte/error.hpp"

namespace magritte::cli {
namespace {

// Whether an existing job is the one this submission created: made after it began (the
// API's createTime may have only one-second precision, hence the slack) with the same
// trainer arguments. A job from an earlier `magritte train` is older, or was asked for
// with other arguments.
bool created_by_this_submission(const release::JobStatus& job, const std::vector<std::string>& trainer_args,
                                SystemTime submitted_at) {
  constexpr auto kSlack = std::chrono::seconds(2);
  if (!job.create_time || *job.create_time < submitted_at - kSlack) return false;
  return job.args == nlohmann::json(trainer_args);
}

}  // namespace

void check_training_code(Context& context, bool config_file_allowed) {
  const auto& settings = context.settings();
  if (settings.has("train.config")) {
    if (config_file_allowed) return;
    throw usage_error("train.config (" + settings.find("train.config")->origin.describe() +
                          ") is an AI Platform job config; Vertex AI custom jobs are configured by magritte's keys",
                      "remove it, or run 'magritte config migrate' to rewrite an AI Platform config for Vertex");
  }
  if (!settings.has("train.module_name")) {
    throw usage_error("train.module_name is not set: gcloud needs the Python module to run",
                      "set [train] module_name (e.g. \"trainer.task\") or MAGRITTE_TRAIN_MODULE_NAME");
  }
  if (!settings.has("train.package_path") && settings.list("train.packages").empty()) {
    throw usage_error("neither train.package_path nor train.packages is set: there is no code to "
                      "upload", "set [train] package_path (e.g. \"trainer/\")");
  }
  if (!settings.has("train.package_path")) return;

  namespace fs = std::filesystem;
  const auto path = settings.str("train.package_path");
  const auto origin = settings.find("train.package_path")->origin.describe();
  std::error_code error;
  std::string problem;
  if (!fs::is_directory(path, error)) {
    problem = "train.package_path '" + path + "' (" + origin + ") is not a directory";
  } else if (!fs::exists(fs::path(path) / "__init__.py", error)) {
    problem = "train.package_path '" + path + "' (" + origin + ") has no __init__.py: gcloud "
              "packages only Python packages";
  }
  if (problem.empty()) return;
  if (context.runner().dry_run()) {
    context.warn(problem);
    return;
  }
  throw usage_error(problem, "paths are relative to the current directory, as in the seed");
}

// Job ids are unique forever in a project; train.job_suffix = "timestamp" makes each
// submission new (magritte_v2_20261126_101500).
std::string effective_job_id(const config::Settings& settings) {
  auto job_id = settings.str("train.job_name");
  if (settings.str("train.job_suffix") == "timestamp") {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "_%Y%m%d_%H%M%S", &utc);
    job_id += stamp;
  }
  if (job_id.size() > 128) {
    throw usage_error("job id '" + job_id + "' is " + std::to_string(job_id.size()) +
                      " characters long; AI Platform accepts at most 128");
  }
  return job_id;
}

void refuse_existing_job(const release::JobStatus& job, const std::string& name, const std::string& why) {
  const std::string created = job.resource.is_object() ? job.resource.value("createTime", "an unknown time")
                                                       : std::string("an unknown time");
  const std::string which = job.id == name ? "job " + name : "a job named " + name + " (id " + job.id + ")";
  throw refused_error(which + " already exists (created " + created + ", " + job.state + "): " + why,
                      "train under a new version (magritte train --version NEW) or set train.job_suffix = "
                      "\"timestamp\" in magritte.toml; to follow the existing job: magritte status " + job.id +
                          " --wait");
}

release::JobStatus resolve_failed_submission(Context& context, MlBackend& backend, const std::string& name,
                                             const std::vector<std::string>& trainer_args, const Command& command,
                                             const RunResult& result, SystemTime submitted_at) {
  std::vector<release::JobStatus> jobs;
  try {
    jobs = backend.find_jobs(name, false);
  } catch (const Error& error) {
    if (error.code() != ExitCode::cloud_failed) throw;
    throw_failure(command, result, Capture::both);  // cannot look: the submission's failure stands
  }
  if (jobs.empty()) throw_failure(command, result, Capture::both);  // no job: the failure stands
  for (const auto& job : jobs) {
    if (!created_by_this_submission(job, trainer_args, submitted_at)) continue;
    context.warn("gcloud reported a failure (" + error_summary(result) + "), but job " + name + " exists and was "
                 "created by this submission: following it");
    return job;
  }
  refuse_existing_job(jobs.front(), name, backend.name() == "ai-platform"
                                              ? "job ids are unique forever in a project, so it cannot be submitted again"
                                              : "magritte keeps job names unique, so it is not submitted again");
}

RunResult run_submission(Context& context, const Command& command, const std::string& name) {
  try {
    return context.runner().run(command, Capture::both);
  } catch (const Error& error) {
    // Interrupted while gcloud staged the package or sent the job: the job may exist or not.
    if (error.code() != ExitCode::interrupted && error.code() != ExitCode::terminated) throw;
    // "gcloud ai-platform jobs submit training" → "jobs submit training".
    auto what = command_title(command);
    for (int word = 0; word < 2 && what.find(' ') != std::string::npos; ++word) what.erase(0, what.find(' ') + 1);
    throw Error(error.code(), std::string(error.what()) + " (" + what + " " + name + ")",
                "job " + name + " may or may not have been submitted: 'magritte status " + name +
                    "' tells; if it exists it runs on (follow it with 'magritte status " + name +
                    " --wait'), else run the same command again");
  }
}

void pass_on_warnings(const RunResult& result) {
  std::istringstream err(result.err);
  for (std::string line; std::getline(err, line);) {
    if (line.starts_with("WARNING:")) std::cerr << line << '\n';
  }
}

}  // namespace magritte::cli
