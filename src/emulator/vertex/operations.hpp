// Long-running operations of the aiplatform v1 API (google.longrunning.Operation): upload,
// endpoint create, deploy, undeploy (pending until their work is done) and deletes (done when
// answered). An operation is named under the resource it concerns
// (projects/P/locations/L/models/M/operations/N, .../endpoints/E/operations/N, or
// projects/P/locations/L/operations/N) and readable through any of those forms, in /v1/ and
// /v1beta1/ (where gcloud polls endpoint operations). A pending operation also keeps the
// work that completes it, so that a restart can finish it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/state.hpp"
#include "emulator/vertex/names.hpp"

namespace magritte::emulator::vertex {

struct PendingOperation {
  std::string id;
  nlohmann::json work;  // {"kind": "upload" | "endpoint_create" | "deploy" | "undeploy", ...}
};

// Not thread-safe: VertexService::Parts' mutex guards it.
class OperationStore {
public:
  explicit OperationStore(DocumentStore& store);

  // A new operation, not done, named `<parent>/operations/<id>`; `metadata_type` is the
  // metadata message ("DeployModelOperationMetadata").
  nlohmann::json start(const Location& where, const std::string& parent, const std::string& id,
                       const std::string& metadata_type, nlohmann::json work);
  // Done, with `response` typed as `response_type` ("google.cloud.aiplatform.v1.Endpoint").
  nlohmann::json finish(const std::string& id, const std::string& response_type, nlohmann::json response);
  // Done, with {"code", "message"} (google.rpc.Code numbers: 3 invalid argument, 5 not found...).
  nlohmann::json fail(const std::string& id, int code, const std::string& message);

  std::optional<nlohmann::json> find(const Location& where, const std::string& id) const;
  std::vector<nlohmann::json> list(const Location& where) const;  // by id
  std::vector<PendingOperation> pending() const;
  // Every operation id (the id allocator continues after them).
  std::vector<std::string> ids() const;

private:
  struct Stored {
    Location where;
    nlohmann::json operation;
    nlohmann::json work;  // null once done
  };
  Stored& stored(const std::string& id);
  void save(const std::string& id, const Stored& entry);

  DocumentStore& store_;
  std::map<std::string, Stored> operations_;  // by id (unique across projects)
};

}  // namespace magritte::emulator::vertex
