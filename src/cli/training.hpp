// Submitting a training job, shared by train and run: the checks before anything runs, the
// effective job id, and a submission that never resubmits blindly.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "plan/ml_backend.hpp"

namespace magritte::cli {

// A job needs code: a local package (train.package_path, which must be a Python package),
// staged packages (train.packages) or a YAML config (train.config). Throws Error(usage);
// under --dry-run a missing package is only a warning.
void check_training_code(Context& context, const config::Settings& settings);

// train.job_name, plus "_YYYYMMDD_HHMMSS" (UTC) with train.job_suffix = "timestamp".
std::string effective_job_id(const config::Settings& settings);

// Submits the job (gcloud's output captured; its warnings passed on, its job summary
// printed in text mode). When the submission fails, asks whether the job exists before
// anything else: one created since the submission began is followed as ours; an older one
// is Error(refused) ALREADY_EXISTS with the fix. Returns the job resource in --format json
// mode or after a recovered failure, else null (and null under --dry-run).
nlohmann::json submit_training_job(Context& context, const plan::MlBackend& backend, const std::string& job_id,
                                   const std::vector<std::string>& trainer_args);

}  // namespace magritte::cli
