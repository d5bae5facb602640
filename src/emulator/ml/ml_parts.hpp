// MlService's insides, shared by its route files (job_routes.cpp, model_routes.cpp, ...).
#pragma once

#include <memory>
#include <string>

#include "emulator/state.hpp"
#include "emulator/logging/log_store.hpp"
#include "emulator/ml/delayed_tasks.hpp"
#include "emulator/ml/job_store.hpp"
#include "emulator/ml/ml_job_book.hpp"
#include "emulator/ml/ml_service.hpp"
#include "emulator/ml/model_registry.hpp"
#include "emulator/ml/operation_store.hpp"
#include "emulator/ml/predictor.hpp"
#include "emulator/training/trainer_runner.hpp"

namespace magritte::emulator::ml {

struct MlService::Parts {
  Parts(const MlOptions& options, ObjectStore& objects, LogStore& logs);

  MlOptions options;
  ObjectStore& objects;
  DocumentStore documents;
  LogStore& logs;
  ModelRegistry registry;
  OperationStore operations;
  JobStore jobs;
  MlJobBook job_book;
  Predictor predictor;
  std::shared_ptr<Holds> holds;
  DelayedTasks delayed;  // destroyed before the stores it updates
  training::TrainerRunner runner;  // destroyed first: its workers update jobs and logs

  // Where a version's deployed copy lives (served by the predictor).
  std::filesystem::path served_directory(const std::string& project, const std::string& model,
                                         const std::string& version) const;
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
