// VertexService's insides, shared by its route files (custom_job_routes.cpp, ...).
#pragma once

#include <filesystem>
#include <mutex>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/ml/predictor.hpp"
#include "emulator/state.hpp"
#include "emulator/training/trainer_runner.hpp"
#include "emulator/vertex/custom_jobs.hpp"
#include "emulator/vertex/endpoints.hpp"
#include "emulator/holds.hpp"
#include "emulator/vertex/ids.hpp"
#include "emulator/vertex/model_registry.hpp"
#include "emulator/vertex/operations.hpp"
#include "emulator/vertex/traffic.hpp"
#include "emulator/vertex/vertex_service.hpp"

namespace magritte::emulator::vertex {

struct VertexService::Parts {
  Parts(const VertexOptions& options, ObjectStore& objects, LogStore& logs);

  VertexOptions options;
  ObjectStore& objects;
  DocumentStore documents;
  LogStore& logs;
  IdAllocator ids;

  // Guards the registry, the endpoints, the operations and the reservations below.
  std::mutex mutex;
  ModelRegistry registry;
  EndpointStore endpoints;
  OperationStore operations;
  std::set<std::string> uploading;  // key_of(where, model) of new models whose upload is pending
  std::set<std::string> creating;   // key_of(where, endpoint) of endpoints being created

  TrafficRouter traffic;
  ml::Predictor predictor;
  std::shared_ptr<Holds> holds;  // the emulator's (options.holds), else this service's own
  CustomJobStore jobs;
  CustomJobBook job_book;
  training::TrainerRunner runner;  // destroyed first: its workers update jobs and logs

  // Where a model version's deployed copy lives.
  std::filesystem::path served_directory(const Location& where, const std::string& model,
                                         const std::string& version) const;
  // The version's Model resource with the endpoints it is deployed on (mutex held).
  nlohmann::json model_view(const Model& model, const ModelVersion& version) const;
  // A delete's operation: done when answered (mutex held).
  nlohmann::json delete_operation(const Location& where);
  // Runs a pending operation's work now, or keeps it for when a matching hold is released.
  void run_or_hold(HoldKind kind, const std::vector<std::string>& subjects, const std::string& operation_id,
                   const nlohmann::json& work);
  // Completes a pending operation (pending_work.cpp): its work applied, then done.
  void complete(const std::string& operation_id, const nlohmann::json& work);
  // Completes every operation a previous run left pending.
  void recover();
};

Location location_of(const Request& request);  // {project}, {location} route parameters

// A route handler over the parts: ApiError → Google's error body; integer enums in and out
// for clients that ask for them.
using PartsHandler = Response (*)(VertexService::Parts&, Request&);
Handler bind_handler(VertexService::Parts& parts, PartsHandler handler);

// Each adds its routes under both /v1/ and /v1beta1/.
void add_custom_job_routes(Router& router, VertexService::Parts& parts);
void add_model_routes(Router& router, VertexService::Parts& parts);
void add_endpoint_routes(Router& router, VertexService::Parts& parts);
void add_deployment_routes(Router& router, VertexService::Parts& parts);
void add_prediction_routes(Router& router, VertexService::Parts& parts);
void add_operation_routes(Router& router, VertexService::Parts& parts);

// "/v1/projects/{project}/locations/{location}" and "/v1beta1/...".
std::vector<std::string> location_prefixes();

}  // namespace magritte::emulator::vertex
