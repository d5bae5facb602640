// endpoints.predict and endpoints.rawPredict: each request goes to one deployed model, chosen
// by the endpoint's traffic split, and is served by the ml predictor (ONNX through the vision
// module) from the model version's deployed copy.
#include "emulator/ml/api_request.hpp"
#include "emulator/vertex/errors.hpp"
#include "emulator/vertex/vertex_parts.hpp"

namespace magritte::emulator::vertex {

namespace {

// The service's documented limit on an online prediction request (1.5 MB, counted in MiB).
constexpr std::size_t kMaxPredictBytes = 1'572'864;

struct Target {
  std::string deployed_model_id;
  std::string model;          // projects/P/locations/L/models/M
  std::string model_version;  // "2"
  std::string display_name;   // the model version's
  ml::ServedModel served;
};

Target choose_target(VertexService::Parts& parts, const Request& request) {
  const Location where = location_of(request);
  std::lock_guard lock(parts.mutex);
  const Endpoint& endpoint = parts.endpoints.get(where, request.param("endpoint"));
  const auto id = parts.traffic.pick(key_of(where, endpoint.id), endpoint.traffic);
  const nlohmann::json* deployed = id ? endpoint.deployed_model(*id) : nullptr;
  if (deployed == nullptr) {
    throw ml::failed_precondition("Endpoint " + endpoint.path() + " doesn't have traffic_split.");
  }
  Target target;
  target.deployed_model_id = *id;
  target.model = deployed->value("model", "");
  target.model_version = deployed->value("modelVersionId", "");
  const auto found = parts.registry.resolve(*parse_model_name(target.model + "@" + target.model_version, where));
  target.display_name = found.version->fields.value("displayName", "");
  target.served = {parts.served_directory(found.model->where, found.model->id, found.version->id),
                   "version " + target.model_version + " of model " + target.model, found.version->kind};
  return target;
}

nlohmann::json instances_of(const Request& request) {
  if (request.body.size() > kMaxPredictBytes) {
    throw ml::invalid_argument("Request payload size exceeds the limit: 1572864 bytes.");
  }
  return ml::json_body(request).value("instances", nlohmann::json());
}

std::string log_note(const Target& target, const nlohmann::json& instances) {
  return "deployed_model=" + target.deployed_model_id + " version=" + target.model_version +
         " instances=" + std::to_string(instances.size());
}

Response predict(VertexService::Parts& parts, Request& request) {
  const auto instances = instances_of(request);
  const Target target = choose_target(parts, request);
  nlohmann::json answer = parts.predictor.predict(target.served, instances);
  answer["deployedModelId"] = target.deployed_model_id;
  answer["model"] = target.model;
  answer["modelDisplayName"] = target.display_name;
  answer["modelVersionId"] = target.model_version;
  Response response = Response::json(200, answer);
  response.log_note = log_note(target, instances);
  return response;
}

// The model's own answer, untouched; the deployed model that gave it is in a header.
Response raw_predict(VertexService::Parts& parts, Request& request) {
  const auto instances = instances_of(request);
  const Target target = choose_target(parts, request);
  Response response = Response::json(200, parts.predictor.predict(target.served, instances));
  response.headers["X-Vertex-AI-Endpoint-Id"] = request.param("endpoint");
  response.headers["X-Vertex-AI-Deployed-Model-Id"] = target.deployed_model_id;
  response.log_note = log_note(target, instances);
  return response;
}

}  // namespace

void add_prediction_routes(Router& router, VertexService::Parts& parts) {
  auto bind = [&parts](PartsHandler handler) { return bind_handler(parts, handler); };
  for (const auto& prefix : location_prefixes()) {
    router.add("POST", prefix + "/endpoints/{endpoint}:predict", bind(predict));
    router.add("POST", prefix + "/endpoints/{endpoint}:rawPredict", bind(raw_predict));
  }
}

}  // namespace magritte::emulator::vertex
