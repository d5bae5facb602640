// Operations, read through every name form: projects/P/locations/L/operations/N and under the
// resource they concern (.../models/M/operations/N, .../endpoints/E/operations/N), in /v1/ and
// /v1beta1/ alike.
#include "emulator/ml/api_request.hpp"
#include "emulator/vertex/errors.hpp"
#include "emulator/vertex/vertex_parts.hpp"

namespace magritte::emulator::vertex {

namespace {

Response get_operation(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  const std::string id = request.param("operation");
  std::lock_guard lock(parts.mutex);
  const auto operation = parts.operations.find(where, id);
  if (!operation) throw resource_missing("Operation", location_path(where) + "/operations/" + id);
  return Response::json(200, *operation);
}

Response list_operations(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  std::vector<nlohmann::json> operations;
  {
    std::lock_guard lock(parts.mutex);
    operations = parts.operations.list(where);
  }
  auto key = [](const nlohmann::json& operation) {
    const std::string name = operation.value("name", "");
    return name.substr(name.rfind('/') + 1);
  };
  return Response::json(200, ml::list_page("operations", operations, key, request));
}

}  // namespace

void add_operation_routes(Router& router, VertexService::Parts& parts) {
  auto bind = [&parts](PartsHandler handler) { return bind_handler(parts, handler); };
  for (const auto& prefix : location_prefixes()) {
    router.add("GET", prefix + "/operations", bind(list_operations));
    for (const char* parent : {"", "/models/{model}", "/endpoints/{endpoint}"}) {
      router.add("GET", prefix + parent + "/operations/{operation}", bind(get_operation));
    }
  }
}

}  // namespace magritte::emulator::vertex
