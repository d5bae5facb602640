// projects.operations: get, list, cancel (operations finish quickly; cancel is accepted).
#include "emulator/ml/api_error.hpp"
#include "emulator/ml/api_request.hpp"
#include "emulator/ml/ml_parts.hpp"
#include "emulator/ml/names.hpp"

namespace magritte::emulator::ml {

namespace {

constexpr const char* kOperationsRoute = "/v1/projects/{project}/operations";
constexpr const char* kOperation = "/v1/projects/{project}/operations/{operation}";

Response get_operation(MlService::Parts& parts, Request& request) {
  return Response::json(200, parts.operations.get(request.param("project"),
                                                  request.param("operation")));
}

Response list_operations(MlService::Parts& parts, Request& request) {
  const std::string project = request.param("project");
  validate_project(project);
  auto key = [](const nlohmann::json& operation) { return operation.value("name", ""); };
  return Response::json(200, list_page("operations", parts.operations.list(project), key, request));
}

// The emulator's operations are short; cancelling one that is still running is accepted and
// has no effect, which the API allows ("best effort").
Response cancel_operation(MlService::Parts& parts, Request& request) {
  parts.operations.get(request.param("project"), request.param("operation"));  // 404
  return Response::json(200, nlohmann::json::object());
}

}  // namespace

void add_operation_routes(Router& router, MlService::Parts& parts) {
  auto bind = [&parts](PartsHandler handler) { return bind_handler(parts, handler); };
  router.add("GET", kOperationsRoute, bind(list_operations));
  router.add("GET", kOperation, bind(get_operation));
  router.add("POST", std::string(kOperation) + ":cancel", bind(cancel_operation));
}

}  // namespace magritte::emulator::ml
