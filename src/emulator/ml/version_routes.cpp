// projects.models.versions: create (an operation), get, list, setDefault, delete, patch.
#include "emulator/ml/api_error.hpp"
#include "emulator/ml/api_request.hpp"
#include "emulator/ml/ml_parts.hpp"
#include "emulator/ml/names.hpp"

namespace magritte::emulator::ml {

namespace {

constexpr const char* kVersionsRoute = "/v1/projects/{project}/models/{model}/versions";
constexpr const char* kVersion = "/v1/projects/{project}/models/{model}/versions/{version}";

Response create_version(MlService::Parts& parts, Request& request) {
  const std::string project = request.param("project");
  const std::string model = request.param("model");
  const auto version = parts.registry.add_version(project, model, json_body(request));
  const std::string name = version.value("name", "");
  const std::string short_name = name.substr(name.rfind('/') + 1);
  const auto operation = parts.operations.start(project, "create_" + model + "_" + short_name,
                                                "CREATE_VERSION", model_path(project, model),
                                                version);
  const std::string id = operation_id_of(operation);
  auto deploy = [&parts, project, model, short_name, id] { parts.deploy_version(project, model, short_name, id); };
  const auto delay = parts.options.version_create_delay;
  if (parts.holds->defer(HoldKind::version_create, {name}, deploy)) {
    // stays CREATING until the test releases the hold
  } else if (delay.count() == 0) {
    deploy();
  } else {
    parts.delayed.run_after(delay, deploy);
  }
  return Response::json(200, operation);  // as submitted: not done yet
}

Response get_version(MlService::Parts& parts, Request& request) {
  return Response::json(200, parts.registry.get_version(request.param("project"),
                                                        request.param("model"),
                                                        request.param("version")));
}

Response list_versions(MlService::Parts& parts, Request& request) {
  auto key = [](const nlohmann::json& version) { return version.value("name", ""); };
  return Response::json(200, list_page("versions",
                                       parts.registry.list_versions(request.param("project"),
                                                                    request.param("model")),
                                       key, request));
}

Response set_default(MlService::Parts& parts, Request& request) {
  return Response::json(200, parts.registry.set_default(request.param("project"),
                                                        request.param("model"),
                                                        request.param("version")));
}

Response delete_version(MlService::Parts& parts, Request& request) {
  const std::string project = request.param("project");
  const std::string model = request.param("model");
  const std::string version = request.param("version");
  const auto deleted = parts.registry.get_version(project, model, version);  // 404 first
  parts.registry.delete_version(project, model, version);  // 400 for the default, CREATING
  parts.predictor.forget(parts.served_directory(project, model, version));
  const auto operation = parts.operations.start(project, "delete_" + model + "_" + version,
                                                "DELETE_VERSION", model_path(project, model),
                                                deleted);
  parts.operations.finish(project, operation_id_of(operation), "google.protobuf.Empty",
                          nlohmann::json::object());
  return Response::json(200, operation);
}

Response patch_version(MlService::Parts& parts, Request& request) {
  const std::string project = request.param("project");
  const std::string model = request.param("model");
  const auto updated = parts.registry.patch_version(
      project, model, request.param("version"), json_body(request),
      request.query_value("updateMask").value_or(""));
  const auto operation = parts.operations.start(project, "update_" + model + "_" +
                                                             request.param("version"),
                                                "UPDATE_VERSION", model_path(project, model),
                                                updated);
  parts.operations.finish(project, operation_id_of(operation), "google.cloud.ml.v1.Version",
                          updated);
  return Response::json(200, operation);
}

}  // namespace

void add_version_routes(Router& router, MlService::Parts& parts) {
  auto bind = [&parts](PartsHandler handler) { return bind_handler(parts, handler); };
  router.add("POST", kVersionsRoute, bind(create_version));
  router.add("GET", kVersionsRoute, bind(list_versions));
  router.add("GET", kVersion, bind(get_version));
  router.add("DELETE", kVersion, bind(delete_version));
  router.add("PATCH", kVersion, bind(patch_version));
  router.add("POST", std::string(kVersion) + ":setDefault", bind(set_default));
}

}  // namespace magritte::emulator::ml
