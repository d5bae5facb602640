#include "emulator/vertex/vertex_service.hpp"

#include <charconv>
#include <regex>

#include "emulator/ml/api_error.hpp"
#include "emulator/ml/names.hpp"
#include "emulator/vertex/enum_encoding.hpp"
#include "emulator/vertex/errors.hpp"
#include "emulator/vertex/vertex_parts.hpp"

namespace magritte::emulator::vertex {

namespace {

training::RunnerSettings runner_settings(const VertexOptions& options) {
  training::RunnerSettings settings;
  settings.python = options.python;
  settings.work_root = options.data_dir / "vertex" / "work";
  settings.storage_port = options.port;
  settings.max_parallel = options.max_parallel_jobs;
  settings.cancel_grace = options.cancel_grace;
  return settings;
}

// With `$alt=json;enum-encoding=int` (Google's client libraries) enums travel as numbers.
Response with_enum_encoding(const Request& request, Response response) {
  if (!wants_int_enums(request) || response.body.empty()) return response;
  auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return response;
  enums_to_numbers(body);
  Response converted = Response::json(response.status, body);
  for (const auto& [name, value] : response.headers) {
    if (converted.headers.count(name) == 0) converted.headers[name] = value;
  }
  converted.log_note = response.log_note;
  return converted;
}

void names_for_enums(Request& request) {
  if (!wants_int_enums(request) || request.body.empty()) return;
  auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return;  // the handler answers the parse error
  enums_to_names(body);
  request.body = body.dump();
}

}  // namespace

VertexService::Parts::Parts(const VertexOptions& options_in, ObjectStore& objects_in, LogStore& logs_in)
    : options(options_in),
      objects(objects_in),
      documents(options.data_dir / "state"),  // shared with the emulator: temp files cleaned at start
      logs(logs_in),
      registry(documents),
      endpoints(documents),
      operations(documents),
      predictor(options.vision),
      holds(options.holds ? options.holds : std::make_shared<Holds>()),
      jobs(documents),
      job_book(jobs),
      runner(job_book, logs, objects, runner_settings(options),
             [this](const training::JobRef& job, std::function<void()> apply) {
               const auto stored = jobs.get(job);
               return holds->defer(HoldKind::custom_job_running,
                                  {stored.value("name", ""), stored.value("displayName", "")}, std::move(apply));
             }) {
  // Ids the service chose before a restart are never handed out again.
  for (const auto& id : jobs.ids()) ids.observe(id);
  for (const auto& id : registry.model_ids()) ids.observe(id);
  for (const auto& id : endpoints.ids()) ids.observe(id);
  for (const auto& id : operations.ids()) ids.observe(id);
}

std::filesystem::path VertexService::Parts::served_directory(const Location& where, const std::string& model,
                                                             const std::string& version) const {
  return options.data_dir / "vertex" / "served" / key_of(where, model + "~" + version);
}

nlohmann::json VertexService::Parts::model_view(const Model& model, const ModelVersion& version) const {
  nlohmann::json view = registry.view(model, version);
  const auto deployments = endpoints.deployments_of(model.path(), version.id);
  if (!deployments.empty()) view["deployedModels"] = deployments;
  return view;
}

nlohmann::json VertexService::Parts::delete_operation(const Location& where) {
  const std::string id = ids.next();
  operations.start(where, location_path(where), id, "DeleteOperationMetadata", nullptr);
  return operations.finish(id, "google.protobuf.Empty", nlohmann::json::object());
}

void VertexService::Parts::run_or_hold(HoldKind kind, const std::vector<std::string>& subjects,
                                       const std::string& operation_id, const nlohmann::json& work) {
  if (holds->defer(kind, subjects, [this, operation_id, work] { complete(operation_id, work); })) return;
  complete(operation_id, work);
}

Location location_of(const Request& request) {
  static const std::regex location_rule("[a-z][a-z0-9-]{0,62}");
  Location where{request.param("project"), request.param("location")};
  ml::validate_project(where.project);
  if (!std::regex_match(where.location, location_rule)) {
    throw field_error("parent", "Invalid location \"" + where.location + "\".");
  }
  return where;
}

Handler bind_handler(VertexService::Parts& parts, PartsHandler handler) {
  return [guarded = ml::guarded([&parts, handler](Request& request) {
            names_for_enums(request);
            return handler(parts, request);
          })](Request& request) { return with_enum_encoding(request, guarded(request)); };
}

std::vector<std::string> location_prefixes() {
  return {"/v1/projects/{project}/locations/{location}", "/v1beta1/projects/{project}/locations/{location}"};
}

VertexService::VertexService(VertexOptions options, ObjectStore& objects, LogStore& logs)
    : parts_(std::make_unique<Parts>(options, objects, logs)) {
  parts_->runner.fail_interrupted_jobs();
  parts_->recover();
}

VertexService::~VertexService() = default;

void VertexService::add_routes(Router& router) {
  add_custom_job_routes(router, *parts_);
  add_model_routes(router, *parts_);
  add_endpoint_routes(router, *parts_);
  add_deployment_routes(router, *parts_);
  add_prediction_routes(router, *parts_);
  add_operation_routes(router, *parts_);
}

}  // namespace magritte::emulator::vertex
