// Following a training job to its end: the backend's describe every poll interval,
// state changes with elapsed time, and (with logs) the trainer's new log lines after each
// look, read from Cloud Logging as `jobs stream-logs` reads them. Shared by train --wait,
// status --wait, logs --follow and run.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "cli/waiting.hpp"
#include "cli/backends/ml_backend.hpp"
#include "release/job_status.hpp"

namespace magritte::cli {

// The id of the job a command is about: JOB when given (a name is looked up when the
// service's ids are not names: the newest of that name, with a warning listing the others),
// else train.job_name; with train.job_suffix = "timestamp", the newest job whose name is
// train.job_name plus a suffix. Error(usage) when there is none.
std::string resolve_job_id(Context& context, MlBackend& backend, const std::optional<std::string>& job);

struct JobFollowOptions {
  WaitOptions wait;
  bool logs = false;                    // print the trainer's log lines as they come
  std::ostream* log_stream = nullptr;   // where (std::cerr when null)
  nlohmann::json* collect = nullptr;    // or: append them here as JSON objects (--format json)
};

struct FollowedJob {
  release::WatchOutcome outcome;
  release::JobStatus status;  // the last describe
};

// Watches until the job ends, the timeout passes or a signal comes; never changes the job.
// Under --dry-run, prints the commands it would repeat and returns an empty result.
FollowedJob follow_job(Context& context, MlBackend& backend, const std::string& job_id,
                       const JobFollowOptions& options);

// Prints (or collects) every log line of the job once (logs without --follow).
void print_job_logs(Context& context, MlBackend& backend, const std::string& job_id, std::ostream& out,
                    nlohmann::json* collect);

// The exit for a followed job: returns for SUCCEEDED; throws Error(cloud_failed) for FAILED
// (with the job's errorMessage) or CANCELLED, Error(timeout/interrupted/terminated) with
// the commands to re-attach or cancel.
void check_job_end(const FollowedJob& job, const std::string& job_id, const WaitOptions& wait);

// How long the job took: endTime - createTime when the job says, else the wait's elapsed.
std::chrono::seconds job_duration(const FollowedJob& job);

// {"job_id", "state", "error_message"?, "create_time"?, "elapsed_seconds"?}
nlohmann::json job_summary_json(const FollowedJob& job, const std::string& job_id);

}  // namespace magritte::cli
