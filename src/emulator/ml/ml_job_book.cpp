#include "emulator/ml/ml_job_book.hpp"

#include <cmath>

#include "magritte/timestamp.hpp"

namespace magritte::emulator::ml {

using training::Phase;

namespace {

// ml v1's states are the runner's phase names.
Phase phase_of(const std::string& state) {
  for (Phase phase : {Phase::queued, Phase::preparing, Phase::running, Phase::cancelling,
                      Phase::succeeded, Phase::failed, Phase::cancelled}) {
    if (state == training::phase_name(phase)) return phase;
  }
  return Phase::failed;
}

// Approximate ML units per hour of each scale tier (the service's old rates); the emulator
// bills nothing, the field is there because tools read it.
double ml_units_per_hour(const std::string& tier) {
  if (tier == "STANDARD_1") return 10.0;
  if (tier == "PREMIUM_1") return 75.0;
  if (tier == "BASIC_GPU") return 3.0;
  if (tier == "BASIC_TPU") return 6.0;
  if (tier == "CUSTOM") return 2.0;
  return 1.0;
}

}  // namespace

Phase MlJobBook::phase(const training::JobRef& job) const {
  return phase_of(jobs_.get(job.project, job.id).value("state", ""));
}

void MlJobBook::enter(const training::JobRef& job, Phase phase) {
  jobs_.update(job.project, job.id, [&](nlohmann::json& stored) {
    const std::string state = stored.value("state", "");
    if (state == "CANCELLING" || is_final_state(state)) return;  // a cancel won the race
    stored["state"] = training::phase_name(phase);
    if (phase == Phase::preparing) stored["startTime"] = rfc3339_now(FractionDigits::nano);
  });
}

void MlJobBook::finish(const training::JobRef& job, Phase outcome, const std::string& message) {
  const SystemTime end = std::chrono::system_clock::now();
  jobs_.update(job.project, job.id, [&](nlohmann::json& stored) {
    stored["state"] = training::phase_name(outcome);
    stored["endTime"] = format_rfc3339(end, FractionDigits::nano);
    if (!message.empty()) stored["errorMessage"] = message;
    const auto start = parse_rfc3339(stored.value("startTime", ""));
    const double hours = start ? std::chrono::duration<double, std::ratio<3600>>(end - *start).count() : 0.0;
    const std::string tier = stored["trainingInput"].value("scaleTier", "BASIC");
    stored["trainingOutput"]["consumedMLUnits"] =
        std::round(hours * ml_units_per_hour(tier) * 100.0) / 100.0;
  });
}

training::TrainerLaunch MlJobBook::launch(const training::JobRef& job) const {
  const nlohmann::json input = jobs_.get(job.project, job.id).at("trainingInput");
  training::TrainerLaunch launch;
  for (const auto& uri : input.value("packageUris", nlohmann::json::array())) {
    launch.package_uris.push_back(uri.get<std::string>());
  }
  launch.python_module = input.value("pythonModule", "");
  for (const auto& arg : input.value("args", nlohmann::json::array())) launch.args.push_back(arg);
  // The service passes the job directory on to the trainer.
  if (!input.value("jobDir", "").empty()) {
    launch.args.push_back("--job-dir");
    launch.args.push_back(input.value("jobDir", ""));
  }
  const nlohmann::json tf_config = {{"cluster", {{"master", {"127.0.0.1:2222"}}}},
                                    {"task", {{"type", "master"}, {"index", 0}}},
                                    {"job", input},
                                    {"environment", "cloud"}};
  launch.env = {{"CLOUD_ML_PROJECT_ID", job.project},
                {"CLOUD_ML_JOB_ID", job.id},
                {"TF_CONFIG", tf_config.dump()}};
  launch.task_name = "master-replica-0";
  launch.replica = "master 0";
  launch.logs_hint = "gcloud ai-platform jobs stream-logs " + job.id;
  return launch;
}

std::vector<training::JobRef> MlJobBook::unfinished() const {
  std::vector<training::JobRef> refs;
  for (const auto& key : jobs_.unfinished()) refs.push_back({key.project, key.job_id});
  return refs;
}

}  // namespace magritte::emulator::ml
