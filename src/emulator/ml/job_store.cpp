#include "emulator/ml/job_store.hpp"

#include <algorithm>
#include <set>

#include "magritte/timestamp.hpp"
#include "emulator/ml/api_error.hpp"
#include "emulator/ml/etag.hpp"
#include "emulator/ml/names.hpp"

namespace magritte::emulator::ml {

namespace {

constexpr std::string_view kJobs = "jobs";
const std::set<std::string> kScaleTiers = {"BASIC",     "STANDARD_1", "PREMIUM_1",
                                           "BASIC_GPU", "BASIC_TPU",  "CUSTOM"};

void check_training_input(const nlohmann::json& body) {
  if (body.contains("predictionInput")) {
    throw invalid_argument("Field: job.prediction_input Error: Batch prediction jobs are not "
                           "supported by the magritte emulator; use online prediction.");
  }
  if (!body.contains("trainingInput") || !body["trainingInput"].is_object()) {
    throw invalid_argument("Field: job.training_input Error: A training job needs "
                           "trainingInput.");
  }
  const auto& input = body["trainingInput"];
  if (input.contains("masterConfig") && input["masterConfig"].contains("imageUri")) {
    throw invalid_argument("Field: job.training_input.master_config.image_uri Error: Custom "
                           "containers are not supported by the magritte emulator; submit a "
                           "Python package (--package-path, --module-name).");
  }
  if (input.value("pythonModule", "").empty()) {
    throw invalid_argument("Field: job.training_input.python_module Error: The Python module "
                           "to run (--module-name) is required.");
  }
  const auto uris = input.value("packageUris", nlohmann::json::array());
  if (!uris.is_array() || uris.empty()) {
    throw invalid_argument("Field: job.training_input.package_uris Error: At least one "
                           "package URI (--package-path or --packages) is required.");
  }
  if (input.value("region", "").empty()) {
    throw invalid_argument("Field: job.training_input.region Error: A region (--region) is "
                           "required.");
  }
  const std::string tier = input.value("scaleTier", "BASIC");
  if (kScaleTiers.count(tier) == 0) {
    throw invalid_argument("Field: job.training_input.scale_tier Error: Invalid scale tier \"" +
                           tier + "\".");
  }
  const auto args = input.value("args", nlohmann::json::array());
  bool args_ok = args.is_array();
  for (const auto& arg : args) args_ok = args_ok && arg.is_string();
  if (!args_ok) {
    throw invalid_argument("Field: job.training_input.args Error: args must be strings.");
  }
}

}  // namespace

bool is_final_state(const std::string& state) {
  return state == "SUCCEEDED" || state == "FAILED" || state == "CANCELLED";
}

JobStore::JobStore(DocumentStore& store) : store_(store) {
  for (auto& document : store_.list(kJobs)) {
    const std::string project = document.at("project").get<std::string>();
    const std::string job_id = document.at("job_id").get<std::string>();
    jobs_.emplace(document_id({project, job_id}), std::move(document.at("job")));
  }
}

void JobStore::save(const std::string& project, const std::string& job_id,
                    const nlohmann::json& job) {
  store_.put(kJobs, document_id({project, job_id}),
             {{"project", project}, {"job_id", job_id}, {"job", job}});
}

nlohmann::json& JobStore::locked(const std::string& project, const std::string& job_id) {
  auto found = jobs_.find(document_id({project, job_id}));
  if (found == jobs_.end()) throw resource_not_found("job", job_path(project, job_id));
  return found->second;
}

nlohmann::json JobStore::create(const std::string& project, const nlohmann::json& body) {
  validate_project(project);
  const std::string job_id = body.value("jobId", "");
  validate_job_id(job_id);
  check_training_input(body);
  nlohmann::json job = {{"jobId", job_id},
                        {"trainingInput", body["trainingInput"]},
                        {"createTime", rfc3339_now(FractionDigits::nano)},
                        {"state", "QUEUED"},
                        {"etag", new_etag()}};
  if (body.contains("labels") && body["labels"].is_object()) job["labels"] = body["labels"];
  std::lock_guard lock(mutex_);
  const std::string key = document_id({project, job_id});
  if (jobs_.count(key) != 0) {
    throw already_exists("Field: job.job_id Error: A job with this id already exists.");
  }
  save(project, job_id, job);
  jobs_.emplace(key, job);
  return job;
}

nlohmann::json JobStore::get(const std::string& project, const std::string& job_id) const {
  std::lock_guard lock(mutex_);
  return const_cast<JobStore*>(this)->locked(project, job_id);
}

std::vector<nlohmann::json> JobStore::list(const std::string& project) const {
  std::vector<nlohmann::json> jobs;
  {
    std::lock_guard lock(mutex_);
    const std::string prefix = document_id({project, ""});
    for (auto it = jobs_.lower_bound(prefix); it != jobs_.end(); ++it) {
      if (!it->first.starts_with(prefix)) break;
      jobs.push_back(it->second);
    }
  }
  // createTime has nanoseconds (fixed width), so text order is creation order.
  std::stable_sort(jobs.begin(), jobs.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return std::make_pair(a.value("createTime", ""), a.value("jobId", "")) >
           std::make_pair(b.value("createTime", ""), b.value("jobId", ""));
  });
  return jobs;
}

nlohmann::json JobStore::update(const std::string& project, const std::string& job_id,
                                const std::function<void(nlohmann::json&)>& change) {
  std::lock_guard lock(mutex_);
  nlohmann::json& job = locked(project, job_id);
  nlohmann::json updated = job;
  change(updated);
  updated["etag"] = new_etag();
  save(project, job_id, updated);
  job = std::move(updated);
  return job;
}

std::vector<JobKey> JobStore::unfinished() const {
  std::lock_guard lock(mutex_);
  std::vector<JobKey> keys;
  for (const auto& [key, job] : jobs_) {
    if (is_final_state(job.value("state", ""))) continue;
    keys.push_back({key.substr(0, key.find('~')), job.value("jobId", "")});
  }
  return keys;
}

}  // namespace magritte::emulator::ml
