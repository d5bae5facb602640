#include "emulator/vertex/endpoints.hpp"

#include "magritte/timestamp.hpp"
#include "emulator/ml/etag.hpp"
#include "emulator/vertex/errors.hpp"

namespace magritte::emulator::vertex {

namespace {

constexpr std::string_view kEndpointsCollection = "vertex_endpoints";

}  // namespace

const nlohmann::json* Endpoint::deployed_model(const std::string& deployed_id) const {
  for (const auto& model : deployed) {
    if (model.value("id", "") == deployed_id) return &model;
  }
  return nullptr;
}

std::set<std::string> Endpoint::deployed_ids() const {
  std::set<std::string> ids;
  for (const auto& model : deployed) ids.insert(model.value("id", ""));
  return ids;
}

nlohmann::json Endpoint::view() const {
  nlohmann::json view = fields;
  view["name"] = path();
  if (!deployed.empty()) view["deployedModels"] = deployed;
  if (!traffic.empty()) view["trafficSplit"] = to_json(traffic);
  return view;
}

EndpointStore::EndpointStore(DocumentStore& store) : store_(store) {
  for (const auto& document : store_.list(kEndpointsCollection)) {
    Endpoint endpoint;
    endpoint.where = {document.at("project"), document.at("location")};
    endpoint.id = document.at("endpoint");
    endpoint.fields = document.at("fields");
    endpoint.deployed = document.value("deployedModels", std::vector<nlohmann::json>{});
    endpoint.traffic = traffic_from_json(document.value("trafficSplit", nlohmann::json::object()), "traffic_split");
    endpoints_.emplace(key_of(endpoint.where, endpoint.id), std::move(endpoint));
  }
}

bool EndpointStore::contains(const Location& where, const std::string& id) const {
  return endpoints_.count(key_of(where, id)) != 0;
}

Endpoint& EndpointStore::get(const Location& where, const std::string& id) {
  auto found = endpoints_.find(key_of(where, id));
  if (found == endpoints_.end()) throw resource_missing("Endpoint", endpoint_path(where, id));
  return found->second;
}

Endpoint& EndpointStore::add(Endpoint endpoint) {
  const std::string key = key_of(endpoint.where, endpoint.id);
  Endpoint& stored = endpoints_.insert_or_assign(key, std::move(endpoint)).first->second;
  save(stored);
  return stored;
}

void EndpointStore::save(Endpoint& endpoint) {
  auto& fields = endpoint.fields;
  fields["updateTime"] = rfc3339_now(FractionDigits::nano);
  fields["etag"] = ml::new_etag();
  store_.put(kEndpointsCollection, key_of(endpoint.where, endpoint.id),
             {{"project", endpoint.where.project},
              {"location", endpoint.where.location},
              {"endpoint", endpoint.id},
              {"fields", endpoint.fields},
              {"deployedModels", endpoint.deployed},
              {"trafficSplit", to_json(endpoint.traffic)}});
}

void EndpointStore::remove(const Location& where, const std::string& id) {
  store_.remove(kEndpointsCollection, key_of(where, id));
  endpoints_.erase(key_of(where, id));
}

std::vector<const Endpoint*> EndpointStore::list(const Location& where) const {
  std::vector<const Endpoint*> found;
  const std::string prefix = key_of(where, "");
  for (auto it = endpoints_.lower_bound(prefix); it != endpoints_.end() && it->first.starts_with(prefix); ++it) {
    found.push_back(&it->second);
  }
  return found;
}

nlohmann::json EndpointStore::deployments_of(const std::string& model_path, const std::string& version_id) const {
  nlohmann::json refs = nlohmann::json::array();
  for (const auto& [key, endpoint] : endpoints_) {
    for (const auto& model : endpoint.deployed) {
      if (model.value("model", "") == model_path && model.value("modelVersionId", "") == version_id) {
        refs.push_back({{"endpoint", endpoint.path()}, {"deployedModelId", model.value("id", "")}});
      }
    }
  }
  return refs;
}

std::vector<std::string> EndpointStore::ids() const {
  std::vector<std::string> ids;
  for (const auto& [key, endpoint] : endpoints_) {
    ids.push_back(endpoint.id);
    for (const auto& id : endpoint.deployed_ids()) ids.push_back(id);
  }
  return ids;
}

}  // namespace magritte::emulator::vertex
