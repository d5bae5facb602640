// Long-running operations (google.longrunning.Operation) of version create/delete and model
// update/delete. gcloud polls projects.operations.get until `done`; operations are kept
// (in memory and on disk) so that a later `gcloud ai-platform operations describe` works.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/state.hpp"

namespace magritte::emulator::ml {

class OperationStore {
public:
  explicit OperationStore(DocumentStore& store);

  // A new operation, not done. `verb` names it like the real service does
  // ("create_<model>_<version>-<epoch ms>"); `type` is the OperationMetadata operationType.
  nlohmann::json start(const std::string& project, const std::string& id_prefix,
                       const std::string& type, const std::string& model_name,
                       const std::optional<nlohmann::json>& version);
  // `response` gets its "@type" from `response_type` (e.g. "google.cloud.ml.v1.Version").
  nlohmann::json finish(const std::string& project, const std::string& id,
                        const std::string& response_type, nlohmann::json response);
  // Google's code 3 (INVALID_ARGUMENT) is what the service used for bad models.
  nlohmann::json fail(const std::string& project, const std::string& id, int code,
                      const std::string& message);

  nlohmann::json get(const std::string& project, const std::string& id) const;
  std::vector<nlohmann::json> list(const std::string& project) const;  // by id
  // Operations of every project that are not done yet (restart recovery).
  std::vector<nlohmann::json> pending() const;

private:
  nlohmann::json& locked(const std::string& project, const std::string& id);
  void save(const std::string& project, const std::string& id);

  DocumentStore& store_;
  mutable std::mutex mutex_;
  std::map<std::string, nlohmann::json> operations_;  // key: document_id({project, id})
};

// The operation id part of an operation JSON's name ("projects/p/operations/<id>").
std::string operation_id_of(const nlohmann::json& operation);

}  // namespace magritte::emulator::ml
