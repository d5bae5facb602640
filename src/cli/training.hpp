// Submitting a training job, shared by train and run and by both backends: the checks
// before anything runs, the effective job name, and what to do when a submission fails
// (never resubmit blindly).
#pragma once

#include <string>
#include <vector>

#include "cli/context.hpp"
#include "release/job_status.hpp"
#include "magritte/timestamp.hpp"

namespace magritte::cli {

class MlBackend;

// A job needs code: a local package (train.package_path, which must be a Python package),
// staged packages (train.packages) or (AI Platform) a YAML config (train.config). Throws
// Error(usage); under --dry-run a missing package is only a warning.
void check_training_code(Context& context, bool config_file_allowed);

// train.job_name, plus "_YYYYMMDD_HHMMSS" (UTC) with train.job_suffix = "timestamp".
std::string effective_job_id(const config::Settings& settings);

// Error(refused) for a job called `name` that exists already, with the fixes.
[[noreturn]] void refuse_existing_job(const release::JobStatus& job, const std::string& name, const std::string& why);

// A failed submission may still have created the job (the request went through, the answer
// was lost, gcloud retried into ALREADY_EXISTS...). Resubmitting blindly could train twice,
// so the backend looks: the job called `name` that this submission created (made after
// `submitted_at`, with the same trainer arguments) is returned, with a warning; an older
// one is refused (refuse_existing_job); none: the failure stands (Error(cloud_failed)).
release::JobStatus resolve_failed_submission(Context& context, MlBackend& backend, const std::string& name,
                                             const std::vector<std::string>& trainer_args, const Command& command,
                                             const RunResult& result, SystemTime submitted_at);

// Runs a submission command: an interruption says that the job may or may not exist and
// how to find out.
RunResult run_submission(Context& context, const Command& command, const std::string& name);

// gcloud's "WARNING:" lines of a captured run, passed on to the user.
void pass_on_warnings(const RunResult& result);

}  // namespace magritte::cli
