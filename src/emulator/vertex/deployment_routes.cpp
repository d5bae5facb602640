// endpoints.deployModel and endpoints.undeployModel: operations, completed in pending_work.cpp.
#include "emulator/ml/api_request.hpp"
#include "emulator/vertex/errors.hpp"
#include "emulator/vertex/vertex_parts.hpp"

namespace magritte::emulator::vertex {

namespace {

// In a deployModel's traffic split, "0" stands for the model being deployed.
constexpr const char* kNewModel = "0";

std::string deployed_model_id(VertexService::Parts& parts, const Endpoint& endpoint, const nlohmann::json& model) {
  if (!model.contains("id") || model["id"].get<std::string>().empty()) return parts.ids.next();
  const std::string id = model["id"];
  check_deployed_model_id(id, "deployed_model.id");
  // Deployed or still deploying: a client re-running a deploy learns that it already went through.
  if (endpoint.deployed_model(id) != nullptr || endpoint.deploying.count(id) != 0) {
    throw ml::already_exists("DeployedModel with ID " + id + " already exists in Endpoint `" + endpoint.path() + "`.");
  }
  return id;
}

Response deploy_model(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  const auto body = ml::json_body(request);
  if (!body.contains("deployedModel") || !body["deployedModel"].is_object()) {
    throw field_error("deployed_model", "Required field is not set.");
  }
  nlohmann::json deployed = body["deployedModel"];
  const auto ref = parse_model_name(deployed.value("model", ""), where);
  if (!ref) throw field_error("deployed_model.model", "\"" + deployed.value("model", "") + "\" is not a model name.");
  std::unique_lock lock(parts.mutex);
  Endpoint& endpoint = parts.endpoints.get(where, request.param("endpoint"));
  const auto found = parts.registry.resolve(*ref);
  const std::string id = deployed_model_id(parts, endpoint, deployed);
  nlohmann::json split = nullptr;
  if (body.contains("trafficSplit") && !body["trafficSplit"].empty()) {
    const auto traffic = traffic_from_json(body["trafficSplit"], "traffic_split");
    auto known = endpoint.deployed_ids();
    known.insert(kNewModel);
    check_traffic(traffic, known, "traffic_split", endpoint.path());
    split = to_json(traffic);
  }
  // Recorded as the model plus the version the reference resolved to.
  deployed["id"] = id;
  deployed["model"] = found.model->path();
  deployed["modelVersionId"] = found.version->id;
  if (deployed.value("displayName", "").empty()) {
    deployed["displayName"] = found.version->fields.value("displayName", found.model->id);
  }
  endpoint.deploying.insert(id);
  const std::string operation_id = parts.ids.next();
  const nlohmann::json work = {{"kind", "deploy"},         {"project", where.project}, {"location", where.location},
                               {"endpoint", endpoint.id},  {"deployedModel", deployed}, {"trafficSplit", split}};
  const auto operation = parts.operations.start(where, endpoint.path(), operation_id,
                                                "DeployModelOperationMetadata", work);
  const std::vector<std::string> subjects = {endpoint.path(), endpoint.fields.value("displayName", "")};
  lock.unlock();
  parts.run_or_hold(HoldKind::deploy, subjects, operation_id, work);
  return Response::json(200, operation);
}

// The service undeploys a model only when it takes no traffic, unless it is the last one or
// the request's own traffic split takes its share away.
void check_undeploy_traffic(const Endpoint& endpoint, const std::string& id, TrafficSplit* requested) {
  if (requested != nullptr) {
    if (requested->count(id) != 0 && requested->at(id) > 0) {
      throw ml::failed_precondition("The traffic split of this undeployModel request gives " +
                                    std::to_string(requested->at(id)) + "% to DeployedModel " + id +
                                    ", which is being undeployed from Endpoint `" + endpoint.path() + "`.");
    }
    requested->erase(id);
    auto remaining = endpoint.deployed_ids();
    remaining.erase(id);
    check_traffic(*requested, remaining, "traffic_split", endpoint.path());
    return;
  }
  const auto share = endpoint.traffic.find(id);
  if (share != endpoint.traffic.end() && share->second > 0 && endpoint.deployed.size() > 1) {
    throw ml::failed_precondition("DeployedModel " + id + " cannot be undeployed from Endpoint `" + endpoint.path() +
                                  "` while it takes " + std::to_string(share->second) +
                                  "% of the traffic. Move its traffic to other deployed models first "
                                  "(endpoints update --traffic-split), or pass a trafficSplit that takes its "
                                  "share away.");
  }
}

Response undeploy_model(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  const auto body = ml::json_body(request);
  const std::string id = body.value("deployedModelId", "");
  if (id.empty()) throw field_error("deployed_model_id", "Required field is not set.");
  std::unique_lock lock(parts.mutex);
  Endpoint& endpoint = parts.endpoints.get(where, request.param("endpoint"));
  if (endpoint.deployed_model(id) == nullptr) {
    throw ml::not_found("DeployedModel with ID " + id + " is not deployed on Endpoint `" + endpoint.path() + "`.");
  }
  if (endpoint.undeploying.count(id) != 0) {
    throw ml::failed_precondition("DeployedModel " + id + " is already being undeployed from Endpoint `" +
                                  endpoint.path() + "`.");
  }
  nlohmann::json split = nullptr;
  if (body.contains("trafficSplit") && body["trafficSplit"].is_object()) {
    auto requested = traffic_from_json(body["trafficSplit"], "traffic_split");
    check_undeploy_traffic(endpoint, id, &requested);
    split = to_json(requested);
  } else {
    check_undeploy_traffic(endpoint, id, nullptr);
  }
  endpoint.undeploying.insert(id);
  const std::string operation_id = parts.ids.next();
  const nlohmann::json work = {{"kind", "undeploy"},       {"project", where.project}, {"location", where.location},
                               {"endpoint", endpoint.id},  {"deployedModelId", id},    {"trafficSplit", split}};
  const auto operation = parts.operations.start(where, endpoint.path(), operation_id,
                                                "UndeployModelOperationMetadata", work);
  const std::vector<std::string> subjects = {endpoint.path(), endpoint.fields.value("displayName", "")};
  lock.unlock();
  parts.run_or_hold(HoldKind::undeploy, subjects, operation_id, work);
  return Response::json(200, operation);
}

}  // namespace

void add_deployment_routes(Router& router, VertexService::Parts& parts) {
  auto bind = [&parts](PartsHandler handler) { return bind_handler(parts, handler); };
  for (const auto& prefix : location_prefixes()) {
    router.add("POST", prefix + "/endpoints/{endpoint}:deployModel", bind(deploy_model));
    router.add("POST", prefix + "/endpoints/{endpoint}:undeployModel", bind(undeploy_model));
  }
}

}  // namespace magritte::emulator::vertex
