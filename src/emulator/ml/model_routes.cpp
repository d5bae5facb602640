// projects.models: create, get, list, delete, patch.
#include "emulator/ml/api_error.hpp"
#include "emulator/ml/api_request.hpp"
#include "emulator/ml/ml_parts.hpp"
#include "emulator/ml/names.hpp"

namespace magritte::emulator::ml {

namespace {

constexpr const char* kModelsRoute = "/v1/projects/{project}/models";
constexpr const char* kModel = "/v1/projects/{project}/models/{model}";

Response create_model(MlService::Parts& parts, Request& request) {
  return Response::json(200, parts.registry.create_model(request.param("project"), json_body(request)));
}

Response get_model(MlService::Parts& parts, Request& request) {
  return Response::json(200, parts.registry.get_model(request.param("project"), request.param("model")));
}

Response list_models(MlService::Parts& parts, Request& request) {
  const std::string project = request.param("project");
  validate_project(project);
  auto key = [](const nlohmann::json& model) { return model.value("name", ""); };
  return Response::json(200, list_page("models", parts.registry.list_models(project), key, request));
}

// Deleting and updating are long-running operations in the API; here they are done by the
// time the operation is answered, so gcloud's first poll sees them finished.
Response delete_model(MlService::Parts& parts, Request& request) {
  const std::string project = request.param("project");
  const std::string model = request.param("model");
  parts.registry.delete_model(project, model);  // 404, or 400 while versions exist
  const auto operation = parts.operations.start(project, "delete_" + model, "DELETE_MODEL",
                                                model_path(project, model), std::nullopt);
  parts.operations.finish(project, operation_id_of(operation), "google.protobuf.Empty",
                          nlohmann::json::object());
  return Response::json(200, operation);
}

Response patch_model(MlService::Parts& parts, Request& request) {
  const std::string project = request.param("project");
  const std::string model = request.param("model");
  const auto body = json_body(request);
  const auto updated = parts.registry.patch_model(project, model, body,
                                                  request.query_value("updateMask").value_or(""));
  const auto operation = parts.operations.start(project, "update_" + model, "UPDATE_MODEL",
                                                model_path(project, model), std::nullopt);
  parts.operations.finish(project, operation_id_of(operation), "google.cloud.ml.v1.Model", updated);
  return Response::json(200, operation);
}

}  // namespace

void add_model_routes(Router& router, MlService::Parts& parts) {
  auto bind = [&parts](PartsHandler handler) { return bind_handler(parts, handler); };
  router.add("POST", kModelsRoute, bind(create_model));
  router.add("GET", kModelsRoute, bind(list_models));
  router.add("GET", kModel, bind(get_model));
  router.add("DELETE", kModel, bind(delete_model));
  router.add("PATCH", kModel, bind(patch_model));
}

}  // namespace magritte::emulator::ml
