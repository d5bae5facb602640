#include "cli/training.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/cloud_call.hpp"
#include "magritte/error.hpp"
#include "release/job_status.hpp"

namespace magritte::cli {
namespace {

// The trainer arguments of a submit command: what follows its `--`.
std::vector<std::string> trainer_args_of(const Command& command) {
  const auto separator = std::find(command.args.begin(), command.args.end(), "--");
  if (separator == command.args.end()) return {};
  return {separator + 1, command.args.end()};
}

// Whether an existing job is the one this submission created: made after it began (the
// API's createTime may have only one-second precision, hence the slack) with the same
// trainer arguments. A job from an earlier `magritte train` is older, or was asked for
// with other arguments.
bool created_by_this_submission(const nlohmann::json& job, const Command& command, release::SystemTime submitted_at) {
  constexpr auto kSlack = std::chrono::seconds(2);
  const auto status = release::parse_job(job);
  if (!status.create_time || *status.create_time < submitted_at - kSlack) return false;
  const auto args = job.value(nlohmann::json::json_pointer("/trainingInput/args"), nlohmann::json::array());
  return args == nlohmann::json(trainer_args_of(command));
}

// A failed submission may still have created the job (the request went through, the
// answer was lost, gcloud retried into ALREADY_EXISTS...). Resubmitting blindly could
// train twice, so ask first: the job this submission created is followed; an older one is
// a real conflict (job ids are unique forever in a project).
nlohmann::json resolve_failed_submission(Context& context, const plan::MlBackend& backend,
                                         const std::string& job_id, const Command& command,
                                         const RunResult& result, release::SystemTime submitted_at) {
  const auto describe = backend.describe_job(job_id);
  const auto existing = context.runner().run(describe, Capture::both);
  if (!existing.ok()) throw_failure(command, result, Capture::both);  // no job: the failure stands
  const auto job = parse_json_output(describe, existing);
  if (created_by_this_submission(job, command, submitted_at)) {
    context.warn("gcloud reported a failure (" + error_summary(result) + "), but job " + job_id +
                 " exists and was created by this submission: following it");
    return job;
  }
  const auto status = release::parse_job(job);
  const std::string created = job.value("createTime", "an unknown time");
  throw refused_error("job " + job_id + " already exists (created " + created + ", " + status.state +
                          "): job ids are unique forever in a project, so it cannot be submitted again",
                      "train under a new version (magritte train --version NEW) or set train.job_suffix = "
                      "\"timestamp\" in magritte.toml; to follow the existing job: magritte status " + job_id +
                          " --wait");
}

}  // namespace

// A job needs code: a local package (package_path), staged packages, or a YAML config
// that says what to run.
void check_training_code(Context& context, const config::Settings& settings) {
  if (settings.has("train.config")) return;
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

nlohmann::json submit_training_job(Context& context, const plan::MlBackend& backend, const std::string& job_id,
                                   const std::vector<std::string>& trainer_args) {
  auto command = backend.submit_training(job_id, trainer_args);
  if (context.json_output()) command = with_json_format(command);
  const auto submitted_at = std::chrono::system_clock::now();
  RunResult result;
  try {
    result = context.runner().run(command, Capture::both);
  } catch (const Error& error) {
    // Interrupted while gcloud staged the package or sent the job: the job may exist or not.
    if (error.code() != ExitCode::interrupted && error.code() != ExitCode::terminated) throw;
    throw Error(error.code(), std::string(error.what()) + " (jobs submit training " + job_id + ")",
                "job " + job_id + " may or may not have been submitted: 'magritte status " + job_id +
                    "' tells; if it exists it runs on (follow it with 'magritte status " + job_id +
                    " --wait'), else run the same command again");
  }
  if (context.runner().dry_run()) return nullptr;
  if (!result.ok()) return resolve_failed_submission(context, backend, job_id, command, result, submitted_at);
  // gcloud's warnings (e.g. the ml-engine rename) still reach the user.
  std::istringstream err(result.err);
  for (std::string line; std::getline(err, line);) {
    if (line.starts_with("WARNING:")) std::cerr << line << '\n';
  }
  if (!context.json_output()) {
    std::cout << result.out;  // gcloud's "jobId: ... state: QUEUED"
    if (!result.out.empty() && result.out.back() != '\n') std::cout << '\n';
    std::cout << std::flush;
    return nullptr;
  }
  return parse_json_output(command, result);
}

}  // namespace magritte::cli
