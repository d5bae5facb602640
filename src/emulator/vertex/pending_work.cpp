// The work of long-running operations (upload, endpoint create, deploy, undeploy): applied
// when the request is answered, when a hold keeping it is released, or at the next start for
// operations a previous run left pending. Then the operation is done.
#include <system_error>

#include "magritte/timestamp.hpp"
#include "emulator/ml/origin.hpp"
#include "emulator/vertex/errors.hpp"
#include "emulator/vertex/vertex_parts.hpp"

namespace magritte::emulator::vertex {

namespace {

constexpr const char* kTypes = "google.cloud.aiplatform.v1.";

std::string response_type(const char* message) { return std::string(kTypes) + message; }

// google.rpc.Code numbers in operation errors.
constexpr int kInvalidArgument = 3;
constexpr int kNotFound = 5;

Location where_of(const nlohmann::json& work) { return {work.at("project"), work.at("location")}; }
std::string text_at(const nlohmann::json& work, const char* field) { return work.at(field).get<std::string>(); }

void complete_upload(VertexService::Parts& parts, const std::string& operation_id, const nlohmann::json& work) {
  const Location where = where_of(work);
  const std::string model = work.at("model");
  const nlohmann::json& body = work.at("body");
  // The artifacts are copied at upload, as the service does: later changes to them do not
  // change the version. Copied outside the lock, then moved to the version's place.
  const auto staging = parts.options.data_dir / "vertex" / "served" / ("upload-" + operation_id);
  const ml::DeployOutcome outcome = ml::deploy_origin(parts.objects, body.value("artifactUri", ""), staging);
  std::lock_guard lock(parts.mutex);
  parts.uploading.erase(key_of(where, model));
  std::error_code ignored;
  if (!outcome.ok) {
    std::filesystem::remove_all(staging, ignored);
    parts.operations.fail(operation_id, kInvalidArgument, "Model upload failed: " + outcome.error);
    return;
  }
  if (!work.value("new", false) && !parts.registry.contains(where, model)) {
    std::filesystem::remove_all(staging, ignored);
    parts.operations.fail(operation_id, kNotFound, "Model `" + model_path(where, model) + "` not found.");
    return;
  }
  const std::string version = parts.registry.add_version(where, model, body, outcome.kind);
  const auto served = parts.served_directory(where, model, version);
  parts.predictor.forget(served);
  if (outcome.kind == ml::OriginKind::onnx) std::filesystem::rename(staging, served);
  parts.operations.finish(operation_id, response_type("UploadModelResponse"),
                          {{"model", model_path(where, model)}, {"modelVersionId", version}});
}

void complete_endpoint_create(VertexService::Parts& parts, const std::string& operation_id,
                              const nlohmann::json& work) {
  const Location where = where_of(work);
  std::lock_guard lock(parts.mutex);
  parts.creating.erase(key_of(where, text_at(work, "endpoint")));
  Endpoint endpoint;
  endpoint.where = where;
  endpoint.id = work.at("endpoint");
  endpoint.fields = work.at("fields");
  const Endpoint& added = parts.endpoints.add(std::move(endpoint));
  parts.operations.finish(operation_id, response_type("Endpoint"), added.view());
}

// The new model's traffic: the request's split with "0" standing for it, else all of it for
// the endpoint's first model, else none (the split is left as it is).
TrafficSplit traffic_after_deploy(const Endpoint& endpoint, const std::string& id, const nlohmann::json& requested) {
  if (requested.is_object()) {
    TrafficSplit split;
    for (const auto& [key, percent] : traffic_from_json(requested, "traffic_split")) split[key == "0" ? id : key] = percent;
    return split;
  }
  if (endpoint.deployed.size() == 1) return {{id, 100}};
  return endpoint.traffic;
}

void complete_deploy(VertexService::Parts& parts, const std::string& operation_id, const nlohmann::json& work) {
  const Location where = where_of(work);
  std::lock_guard lock(parts.mutex);
  nlohmann::json deployed = work.at("deployedModel");
  const std::string id = deployed.at("id");
  if (!parts.endpoints.contains(where, work.at("endpoint"))) {
    parts.operations.fail(operation_id, kNotFound, "Endpoint `" + endpoint_path(where, text_at(work, "endpoint")) + "` not found.");
    return;
  }
  Endpoint& endpoint = parts.endpoints.get(where, work.at("endpoint"));
  endpoint.deploying.erase(id);
  const auto ref = parse_model_name(deployed.at("model").get<std::string>() + "@" +
                                        deployed.at("modelVersionId").get<std::string>(), where);
  try {
    parts.registry.resolve(*ref);  // deleted while the deployment waited?
  } catch (const ApiError& error) {
    parts.operations.fail(operation_id, kNotFound, error.what());
    return;
  }
  deployed["createTime"] = rfc3339_now(FractionDigits::nano);
  Endpoint updated = endpoint;
  updated.deployed.push_back(deployed);
  updated.traffic = traffic_after_deploy(updated, id, work.value("trafficSplit", nlohmann::json()));
  try {  // the endpoint may have changed while the deployment waited
    check_traffic(updated.traffic, updated.deployed_ids(), "traffic_split", endpoint.path());
  } catch (const ApiError& error) {
    parts.operations.fail(operation_id, kInvalidArgument, error.what());
    return;
  }
  endpoint = std::move(updated);
  parts.endpoints.save(endpoint);
  parts.operations.finish(operation_id, response_type("DeployModelResponse"), {{"deployedModel", deployed}});
}

void complete_undeploy(VertexService::Parts& parts, const std::string& operation_id, const nlohmann::json& work) {
  const Location where = where_of(work);
  std::lock_guard lock(parts.mutex);
  const std::string id = work.at("deployedModelId");
  if (parts.endpoints.contains(where, work.at("endpoint"))) {
    Endpoint& endpoint = parts.endpoints.get(where, work.at("endpoint"));
    endpoint.undeploying.erase(id);
    std::erase_if(endpoint.deployed, [&](const nlohmann::json& model) { return model.value("id", "") == id; });
    const auto& requested = work.value("trafficSplit", nlohmann::json());
    if (requested.is_object()) {
      endpoint.traffic = traffic_from_json(requested, "traffic_split");
    } else {
      endpoint.traffic.erase(id);
    }
    if (endpoint.deployed.empty()) endpoint.traffic.clear();
    parts.endpoints.save(endpoint);
  }
  parts.operations.finish(operation_id, response_type("UndeployModelResponse"), nlohmann::json::object());
}

}  // namespace

void VertexService::Parts::complete(const std::string& operation_id, const nlohmann::json& work) {
  const std::string kind = work.value("kind", "");
  if (kind == "upload") return complete_upload(*this, operation_id, work);
  if (kind == "endpoint_create") return complete_endpoint_create(*this, operation_id, work);
  if (kind == "deploy") return complete_deploy(*this, operation_id, work);
  if (kind == "undeploy") return complete_undeploy(*this, operation_id, work);
  std::lock_guard lock(mutex);
  operations.fail(operation_id, kInvalidArgument, "The magritte emulator does not know how to finish a \"" + kind +
                                                      "\" operation.");
}

void VertexService::Parts::recover() {
  std::vector<PendingOperation> pending;
  {
    std::lock_guard lock(mutex);
    pending = operations.pending();
    // Reservations the pending work will release as it completes.
    for (const auto& operation : pending) {
      const auto& work = operation.work;
      const std::string kind = work.value("kind", "");
      if (kind == "upload" && work.value("new", false)) uploading.insert(key_of(where_of(work), text_at(work, "model")));
      if (kind == "endpoint_create") creating.insert(key_of(where_of(work), text_at(work, "endpoint")));
      if ((kind == "deploy" || kind == "undeploy") && endpoints.contains(where_of(work), work.at("endpoint"))) {
        Endpoint& endpoint = endpoints.get(where_of(work), work.at("endpoint"));
        if (kind == "deploy") endpoint.deploying.insert(work.at("/deployedModel/id"_json_pointer).get<std::string>());
        if (kind == "undeploy") endpoint.undeploying.insert(work.at("deployedModelId").get<std::string>());
      }
    }
  }
  // In creation order (ids increase), as they would have completed.
  for (const auto& operation : pending) complete(operation.id, operation.work);
}

}  // namespace magritte::emulator::vertex
