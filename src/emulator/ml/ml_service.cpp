#include "emulator/ml/ml_service.hpp"

#include "emulator/ml/api_error.hpp"
#include "emulator/ml/ml_parts.hpp"
#include "emulator/ml/names.hpp"
#include "emulator/ml/origin.hpp"

namespace magritte::emulator::ml {

namespace {

training::RunnerSettings trainer_settings(const MlOptions& options) {
  training::RunnerSettings settings;
  settings.python = options.python;
  settings.work_root = options.data_dir / "ml" / "work";
  settings.storage_port = options.port;
  settings.max_parallel = options.max_parallel_jobs;
  settings.cancel_grace = options.cancel_grace;
  return settings;
}

}  // namespace

MlService::Parts::Parts(const MlOptions& options_in, ObjectStore& objects_in, LogStore& logs_in)
    : options(options_in),
      objects(objects_in),
      documents(options.data_dir / "state"),  // shared with the emulator: temp files cleaned at start
      logs(logs_in),
      registry(documents),
      operations(documents),
      jobs(documents),
      job_book(jobs),
      predictor(options.vision),
      holds(options.holds ? options.holds : std::make_shared<Holds>()),
      runner(job_book, logs, objects, trainer_settings(options),
             [this](const training::JobRef& job, std::function<void()> apply) {
               return holds->defer(HoldKind::job_running, {"projects/" + job.project + "/jobs/" + job.id},
                                   std::move(apply));
             }) {}

std::filesystem::path MlService::Parts::served_directory(const std::string& project,
                                                        const std::string& model,
                                                        const std::string& version) const {
  return options.data_dir / "ml" / "served" / document_id({project, model, version});
}

void MlService::Parts::deploy_version(const std::string& project, const std::string& model,
                                      const std::string& version,
                                      const std::string& operation_id) {
  predictor.forget(served_directory(project, model, version));
  const nlohmann::json stored = registry.get_version(project, model, version);
  DeployOutcome outcome = deploy_origin(objects, stored.value("deploymentUri", ""),
                                        served_directory(project, model, version));
  if (!outcome.ok) {  // the service's words for a model it cannot load
    outcome.error = "Create Version failed. Bad model detected with error: \"Failed to load model: " +
                    outcome.error + "\" (Error code: 0)";
  }
  const nlohmann::json finished = registry.finish_version(project, model, version, outcome);
  if (operation_id.empty()) return;
  if (outcome.ok) {
    operations.finish(project, operation_id, "google.cloud.ml.v1.Version", finished);
  } else {
    operations.fail(project, operation_id, 3, outcome.error);
  }
}

void MlService::Parts::recover_versions() {
  // A pending create operation names its version in its metadata.
  std::map<std::string, std::string> operation_of;  // version path → operation id
  for (const auto& operation : operations.pending()) {
    const auto& metadata = operation.value("metadata", nlohmann::json::object());
    const std::string version = metadata.value("/version/name"_json_pointer, "");
    if (!version.empty()) operation_of[version] = operation_id_of(operation);
  }
  for (const auto& version : registry.creating_versions()) {
    const std::string path = version_path(version.project, version.model, version.version);
    deploy_version(version.project, version.model, version.version, operation_of[path]);
  }
}

Handler bind_handler(MlService::Parts& parts, PartsHandler handler) {
  return guarded([&parts, handler](Request& request) { return handler(parts, request); });
}

MlService::MlService(MlOptions options, ObjectStore& objects, LogStore& logs)
    : parts_(std::make_unique<Parts>(options, objects, logs)) {
  parts_->runner.fail_interrupted_jobs();
  parts_->recover_versions();
}

MlService::~MlService() = default;

void MlService::add_routes(Router& router) {
  add_job_routes(router, *parts_);
  add_model_routes(router, *parts_);
  add_version_routes(router, *parts_);
  add_operation_routes(router, *parts_);
  add_predict_routes(router, *parts_);
}

}  // namespace magritte::emulator::ml
