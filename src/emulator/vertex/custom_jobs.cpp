#include "emulator/vertex/custom_jobs.hpp"

#include <algorithm>

#include "magritte/timestamp.hpp"
#include "emulator/vertex/errors.hpp"

namespace magritte::emulator::vertex {

using training::Phase;

namespace {

constexpr std::string_view kCustomJobsCollection = "vertex_custom_jobs";

std::string ref_key(const training::JobRef& job) { return job.project + "~" + job.id; }

void require(bool present, std::string_view field) {
  if (!present) throw field_error(field, "Required field is not set.");
}

// What the emulator can run: a Python package on worker pool 0 (one replica). Other pools
// (workers, parameter servers) are accepted and described in CLUSTER_SPEC, not run.
void check_job_spec(const nlohmann::json& body) {
  require(!body.value("displayName", "").empty(), "custom_job.display_name");
  const auto spec = body.value("jobSpec", nlohmann::json::object());
  const auto pools = spec.value("workerPoolSpecs", nlohmann::json::array());
  require(pools.is_array() && !pools.empty(), "custom_job.job_spec.worker_pool_specs");
  const auto& pool = pools.at(0);
  if (pool.contains("containerSpec")) {
    throw field_error("custom_job.job_spec.worker_pool_specs[0].container_spec",
                      "Custom containers are not supported by the magritte emulator; use a "
                      "pythonPackageSpec (a prebuilt training image and a Python package).");
  }
  const auto package = pool.value("pythonPackageSpec", nlohmann::json::object());
  const std::string prefix = "custom_job.job_spec.worker_pool_specs[0].python_package_spec.";
  require(pool.contains("pythonPackageSpec"), "custom_job.job_spec.worker_pool_specs[0].python_package_spec");
  require(!package.value("executorImageUri", "").empty(), prefix + "executor_image_uri");
  const auto uris = package.value("packageUris", nlohmann::json::array());
  require(uris.is_array() && !uris.empty(), prefix + "package_uris");
  require(!package.value("pythonModule", "").empty(), prefix + "python_module");
  const auto args = package.value("args", nlohmann::json::array());
  if (!args.is_array() || !std::all_of(args.begin(), args.end(), [](const auto& arg) { return arg.is_string(); })) {
    throw field_error(prefix + "args", "The arguments must be strings.");
  }
  require(!pool.value("/machineSpec/machineType"_json_pointer, std::string()).empty(),
          "custom_job.job_spec.worker_pool_specs[0].machine_spec.machine_type");
  const auto replicas = pool.value("replicaCount", nlohmann::json("1"));
  const std::string count = replicas.is_string() ? replicas.get<std::string>() : replicas.dump();
  if (count != "1") {
    throw field_error("custom_job.job_spec.worker_pool_specs[0].replica_count",
                      "The first worker pool (the chief) must have exactly 1 replica, not " + count + ".");
  }
}

}  // namespace

const char* job_state_of(Phase phase) {
  switch (phase) {
    case Phase::queued: return "JOB_STATE_QUEUED";
    case Phase::preparing: return "JOB_STATE_PENDING";
    case Phase::running: return "JOB_STATE_RUNNING";
    case Phase::cancelling: return "JOB_STATE_CANCELLING";
    case Phase::succeeded: return "JOB_STATE_SUCCEEDED";
    case Phase::failed: return "JOB_STATE_FAILED";
    case Phase::cancelled: return "JOB_STATE_CANCELLED";
  }
  return "JOB_STATE_UNSPECIFIED";
}

Phase phase_of_job_state(const std::string& state) {
  for (Phase phase : {Phase::queued, Phase::preparing, Phase::running, Phase::cancelling, Phase::succeeded,
                      Phase::failed, Phase::cancelled}) {
    if (state == job_state_of(phase)) return phase;
  }
  return Phase::failed;
}

CustomJobStore::CustomJobStore(DocumentStore& store) : store_(store) {
  for (auto& document : store_.list(kCustomJobsCollection)) {
    const training::JobRef ref{document.at("project"), document.at("id")};
    jobs_.emplace(ref_key(ref), Stored{{ref.project, document.at("location")}, std::move(document.at("job"))});
  }
}

nlohmann::json CustomJobStore::create(const Location& where, const std::string& id, const nlohmann::json& body) {
  check_job_spec(body);
  const std::string now = rfc3339_now(FractionDigits::nano);
  nlohmann::json job = {{"name", custom_job_path(where, id)},
                        {"displayName", body.at("displayName")},
                        {"jobSpec", body.at("jobSpec")},
                        {"state", job_state_of(Phase::queued)},
                        {"createTime", now},
                        {"updateTime", now}};
  if (body.contains("labels") && body["labels"].is_object()) job["labels"] = body["labels"];
  std::lock_guard lock(mutex_);
  const training::JobRef ref{where.project, id};
  store_.put(kCustomJobsCollection, ref_key(ref),
             {{"project", where.project}, {"location", where.location}, {"id", id}, {"job", job}});
  jobs_[ref_key(ref)] = {where, job};
  return job;
}

const CustomJobStore::Stored& CustomJobStore::stored(const training::JobRef& job) const {
  auto found = jobs_.find(ref_key(job));
  if (found == jobs_.end()) throw resource_missing("CustomJob", "projects/" + job.project + "/customJobs/" + job.id);
  return found->second;
}

nlohmann::json CustomJobStore::get(const Location& where, const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto found = jobs_.find(ref_key({where.project, id}));
  if (found == jobs_.end() || found->second.where.location != where.location) {
    throw resource_missing("CustomJob", custom_job_path(where, id));
  }
  return found->second.job;
}

nlohmann::json CustomJobStore::get(const training::JobRef& job) const {
  std::lock_guard lock(mutex_);
  return stored(job).job;
}

Location CustomJobStore::location_of(const training::JobRef& job) const {
  std::lock_guard lock(mutex_);
  return stored(job).where;
}

std::vector<nlohmann::json> CustomJobStore::list(const Location& where) const {
  std::vector<nlohmann::json> jobs;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, entry] : jobs_) {
      if (entry.where.project == where.project && entry.where.location == where.location) jobs.push_back(entry.job);
    }
  }
  // createTime has nanoseconds (fixed width), so text order is creation order.
  std::stable_sort(jobs.begin(), jobs.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return std::make_pair(a.value("createTime", ""), a.value("name", "")) >
           std::make_pair(b.value("createTime", ""), b.value("name", ""));
  });
  return jobs;
}

nlohmann::json CustomJobStore::update(const training::JobRef& job,
                                      const std::function<void(nlohmann::json&)>& change) {
  std::lock_guard lock(mutex_);
  Stored entry = stored(job);
  change(entry.job);
  entry.job["updateTime"] = rfc3339_now(FractionDigits::nano);
  store_.put(kCustomJobsCollection, ref_key(job),
             {{"project", job.project}, {"location", entry.where.location}, {"id", job.id}, {"job", entry.job}});
  jobs_[ref_key(job)] = entry;
  return entry.job;
}

std::vector<training::JobRef> CustomJobStore::unfinished() const {
  std::lock_guard lock(mutex_);
  std::vector<training::JobRef> refs;
  for (const auto& [key, entry] : jobs_) {
    if (training::is_final(phase_of_job_state(entry.job.value("state", "")))) continue;
    refs.push_back({entry.where.project, key.substr(key.find('~') + 1)});
  }
  return refs;
}

std::vector<std::string> CustomJobStore::ids() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> ids;
  for (const auto& [key, entry] : jobs_) ids.push_back(key.substr(key.find('~') + 1));
  return ids;
}

Phase CustomJobBook::phase(const training::JobRef& job) const {
  return phase_of_job_state(jobs_.get(job).value("state", ""));
}

void CustomJobBook::enter(const training::JobRef& job, Phase phase) {
  jobs_.update(job, [&](nlohmann::json& stored) {
    const Phase now = phase_of_job_state(stored.value("state", ""));
    if (now == Phase::cancelling || training::is_final(now)) return;  // a cancel won the race
    stored["state"] = job_state_of(phase);
    // "Time when the CustomJob for the first time entered the JOB_STATE_RUNNING state."
    if (phase == Phase::running && !stored.contains("startTime")) {
      stored["startTime"] = rfc3339_now(FractionDigits::nano);
    }
  });
}

void CustomJobBook::finish(const training::JobRef& job, Phase outcome, const std::string& message) {
  jobs_.update(job, [&](nlohmann::json& stored) {
    stored["state"] = job_state_of(outcome);
    stored["endTime"] = rfc3339_now(FractionDigits::nano);
    // google.rpc.Code: CANCELLED is 1; the service reports trainer failures as 3.
    if (outcome == Phase::failed) stored["error"] = {{"code", 3}, {"message", message}};
    if (outcome == Phase::cancelled) stored["error"] = {{"code", 1}, {"message", message}};
  });
}

training::TrainerLaunch CustomJobBook::launch(const training::JobRef& job) const {
  const nlohmann::json stored = jobs_.get(job);
  const Location where = jobs_.location_of(job);
  const auto& spec = stored.at("jobSpec");
  const auto& pools = spec.at("workerPoolSpecs");
  const auto& package = pools.at(0).at("pythonPackageSpec");
  training::TrainerLaunch launch;
  for (const auto& uri : package.at("packageUris")) launch.package_uris.push_back(uri.get<std::string>());
  launch.python_module = package.value("pythonModule", "");
  for (const auto& arg : package.value("args", nlohmann::json::array())) launch.args.push_back(arg);

  // The cluster as the service describes it: every pool by name (CLUSTER_SPEC) and, for
  // TensorFlow, pool 0 as the chief, 1 workers, 2 parameter servers, 3 the evaluator.
  nlohmann::json cluster = nlohmann::json::object();
  nlohmann::json tf_cluster = nlohmann::json::object();
  static const char* kTfRoles[] = {"chief", "worker", "ps", "evaluator"};
  for (std::size_t pool = 0; pool < pools.size() && pool < 4; ++pool) {
    const auto replicas = pools[pool].value("replicaCount", nlohmann::json("1"));
    const int count = replicas.is_string() ? std::stoi(replicas.get<std::string>()) : replicas.get<int>();
    nlohmann::json hosts = nlohmann::json::array();
    for (int replica = 0; replica < count; ++replica) {
      hosts.push_back("workerpool" + std::to_string(pool) + "-" + std::to_string(replica) + ":2222");
    }
    if (hosts.empty()) continue;
    cluster["workerpool" + std::to_string(pool)] = hosts;
    tf_cluster[kTfRoles[pool]] = hosts;
  }
  const nlohmann::json cluster_spec = {{"cluster", cluster},
                                       {"environment", "cloud"},
                                       {"task", {{"type", "workerpool0"}, {"index", 0}}}};
  const nlohmann::json tf_config = {{"cluster", tf_cluster},
                                    {"environment", "cloud"},
                                    {"task", {{"type", "chief"}, {"index", 0}}}};
  launch.env = {{"CLOUD_ML_PROJECT_ID", job.project},
                {"CLOUD_ML_JOB_ID", job.id},
                {"CLOUD_ML_REGION", where.location},
                {"CLUSTER_SPEC", cluster_spec.dump()},
                {"TF_CONFIG", tf_config.dump()}};
  std::string prefix = spec.value("/baseOutputDirectory/outputUriPrefix"_json_pointer, std::string());
  if (!prefix.empty()) {
    if (!prefix.ends_with('/')) prefix += '/';
    launch.env["AIP_MODEL_DIR"] = prefix + "model/";
    launch.env["AIP_CHECKPOINT_DIR"] = prefix + "checkpoints/";
    launch.env["AIP_TENSORBOARD_LOG_DIR"] = prefix + "logs/";
  }
  launch.task_name = "workerpool0-0";
  launch.replica = "workerpool0-0";
  launch.logs_hint = "gcloud ai custom-jobs stream-logs " + job.id + " --region=" + where.location;
  return launch;
}

}  // namespace magritte::emulator::vertex
