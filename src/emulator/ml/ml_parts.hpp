// MlService's insides, shared by its route files (job_routes.cpp, model_routes.cpp, ...).
#pragma once

#include <memory>
#include <string>

#include "emulator/state.hpp"
#include "emulator/logging/log_store.hpp"
#include "emulator/logging/logging_service.hpp"
#include "emulator/ml/delayed_tasks.hpp"
#include "emulator/ml/job_runner.hpp"
#include "emulator/ml/job_store.hpp"
#include "emulator/ml/ml_service.hpp"
#include "emulator/ml/model_registry.hpp"
#include "emulator/ml/operation_store.hpp"
#include "emulator/ml/predictor.hpp"

namespace magritte::emulator::ml {

struct MlService::Parts {
  Parts(const MlOptions& options, ObjectStore& objects);

  MlOptions options;
  ObjectStore& objects;
  DocumentStore documents;
  LogStore logs;
  LoggingService logging;
  ModelRegistry registry;
  OperationStore operations;
  JobStore jobs;
  Predictor predictor;
  DelayedTasks delayed;  // destroyed before the stores it updates
  JobRunner runner;      // destroyed first: its workers update jobs and logs

  // Deploys a CREATING version (origin → local copy) and completes its operation.
  void deploy_version(const std::string& project, const std::string& model,
                      const std::string& version, const std::string& operation_id);
  // Redoes deployments a previous run left unfinished.
  void recover_versions();
};

// A route handler over the parts, wrapped by guarded() (ApiError → Google's error body).
using PartsHandler = Response (*)(MlService::Parts&, Request&);
Handler bind_handler(MlService::Parts& parts, PartsHandler handler);

void add_job_routes(Router& router, MlService::Parts& parts);
void add_model_routes(Router& router, MlService::Parts& parts);
void add_version_routes(Router& router, MlService::Parts& parts);
void add_operation_routes(Router& router, MlService::Parts& parts);
void add_predict_routes(Router& router, MlService::Parts& parts);

}  // namespace magritte::emulator::ml
