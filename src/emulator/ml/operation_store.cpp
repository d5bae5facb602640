#include "emulator/ml/operation_store.hpp"

#include "magritte/timestamp.hpp"
#include "emulator/ml/api_error.hpp"
#include "emulator/ml/names.hpp"

namespace magritte::emulator::ml {

namespace {

constexpr std::string_view kOperations = "operations";
constexpr std::string_view kMetadataType = "type.googleapis.com/google.cloud.ml.v1.OperationMetadata";

}  // namespace

OperationStore::OperationStore(DocumentStore& store) : store_(store) {
  for (auto& document : store_.list(kOperations)) {
    const std::string project = document.at("project").get<std::string>();
    const std::string id = document.at("id").get<std::string>();
    operations_.emplace(document_id({project, id}), std::move(document.at("operation")));
  }
}

std::string operation_id_of(const nlohmann::json& operation) {
  const std::string name = operation.value("name", "");
  return name.substr(name.rfind('/') + 1);
}

void OperationStore::save(const std::string& project, const std::string& id) {
  store_.put(kOperations, document_id({project, id}),
             {{"project", project}, {"id", id}, {"operation", operations_.at(document_id({project, id}))}});
}

nlohmann::json& OperationStore::locked(const std::string& project, const std::string& id) {
  auto found = operations_.find(document_id({project, id}));
  if (found == operations_.end()) {
    throw resource_not_found("operation", operation_path(project, id));
  }
  return found->second;
}

nlohmann::json OperationStore::start(const std::string& project, const std::string& id_prefix,
                                     const std::string& type, const std::string& model_name,
                                     const std::optional<nlohmann::json>& version) {
  const SystemTime now = std::chrono::system_clock::now();
  std::lock_guard lock(mutex_);
  // Ids end with the epoch milliseconds, as the service's did; bump on a collision.
  long long millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::string id;
  do {
    id = id_prefix + "-" + std::to_string(millis++);
  } while (operations_.count(document_id({project, id})) != 0);
  nlohmann::json metadata = {{"@type", kMetadataType},
                             {"createTime", format_rfc3339(now, FractionDigits::none)},
                             {"startTime", format_rfc3339(now, FractionDigits::none)},
                             {"operationType", type},
                             {"modelName", model_name}};
  if (version) metadata["version"] = *version;
  operations_[document_id({project, id})] = {
      {"name", operation_path(project, id)}, {"metadata", metadata}, {"done", false}};
  save(project, id);
  return operations_[document_id({project, id})];
}

nlohmann::json OperationStore::finish(const std::string& project, const std::string& id,
                                      const std::string& response_type,
                                      nlohmann::json response) {
  std::lock_guard lock(mutex_);
  nlohmann::json& operation = locked(project, id);
  response["@type"] = "type.googleapis.com/" + response_type;
  operation["done"] = true;
  operation["response"] = std::move(response);
  operation["metadata"]["endTime"] = rfc3339_now(FractionDigits::none);
  save(project, id);
  return operation;
}

nlohmann::json OperationStore::fail(const std::string& project, const std::string& id, int code,
                                    const std::string& message) {
  std::lock_guard lock(mutex_);
  nlohmann::json& operation = locked(project, id);
  operation["done"] = true;
  operation["error"] = {{"code", code}, {"message", message}};
  operation["metadata"]["endTime"] = rfc3339_now(FractionDigits::none);
  save(project, id);
  return operation;
}

nlohmann::json OperationStore::get(const std::string& project, const std::string& id) const {
  std::lock_guard lock(mutex_);
  return const_cast<OperationStore*>(this)->locked(project, id);
}

std::vector<nlohmann::json> OperationStore::list(const std::string& project) const {
  std::lock_guard lock(mutex_);
  std::vector<nlohmann::json> operations;
  const std::string prefix = document_id({project, ""});
  for (auto it = operations_.lower_bound(prefix); it != operations_.end(); ++it) {
    if (!it->first.starts_with(prefix)) break;
    operations.push_back(it->second);
  }
  return operations;
}

}  // namespace magritte::emulator::ml

namespace magritte::emulator::ml {

std::vector<nlohmann::json> OperationStore::pending() const {
  std::lock_guard lock(mutex_);
  std::vector<nlohmann::json> operations;
  for (const auto& [key, operation] : operations_) {
    if (!operation.value("done", false)) operations.push_back(operation);
  }
  return operations;
}

}  // namespace magritte::emulator::ml
