// Vertex endpoints: their resources, the models deployed on them (DeployedModel, each naming
// `model` and `modelVersionId`) and their traffic split. Persisted as one document per
// endpoint, written on every change. Deployments and undeployments still pending (their
// operations not done) are tracked in memory: a restart completes them before serving.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/state.hpp"
#include "emulator/vertex/names.hpp"
#include "emulator/vertex/traffic.hpp"

namespace magritte::emulator::vertex {

struct Endpoint {
  Location where;
  std::string id;
  nlohmann::json fields;                 // displayName, description, labels, times, etag
  std::vector<nlohmann::json> deployed;  // DeployedModel resources, in deployment order
  TrafficSplit traffic;
  std::set<std::string> deploying;    // deployed model ids whose deployModel is pending
  std::set<std::string> undeploying;  // ... whose undeployModel is pending

  std::string path() const { return endpoint_path(where, id); }
  const nlohmann::json* deployed_model(const std::string& deployed_id) const;
  std::set<std::string> deployed_ids() const;
  nlohmann::json view() const;  // the Endpoint resource
};

// Not thread-safe: VertexService::Parts' mutex guards it.
class EndpointStore {
public:
  explicit EndpointStore(DocumentStore& store);

  bool contains(const Location& where, const std::string& id) const;
  Endpoint& get(const Location& where, const std::string& id);  // 404 NOT_FOUND
  Endpoint& add(Endpoint endpoint);
  void save(Endpoint& endpoint);  // also stamps updateTime and a new etag
  void remove(const Location& where, const std::string& id);
  std::vector<const Endpoint*> list(const Location& where) const;
  // {"endpoint", "deployedModelId"} of every deployment of one model version.
  nlohmann::json deployments_of(const std::string& model_path, const std::string& version_id) const;
  std::vector<std::string> ids() const;  // endpoint and deployed model ids

private:
  DocumentStore& store_;
  std::map<std::string, Endpoint> endpoints_;  // by key_of(where, id)
};

}  // namespace magritte::emulator::vertex
