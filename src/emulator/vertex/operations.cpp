#include "emulator/vertex/operations.hpp"

#include <stdexcept>

#include "magritte/timestamp.hpp"

namespace magritte::emulator::vertex {

namespace {

constexpr std::string_view kOperationsCollection = "vertex_operations";
constexpr std::string_view kTypePrefix = "type.googleapis.com/google.cloud.aiplatform.v1.";

void touch(nlohmann::json& operation) {
  operation["metadata"]["genericMetadata"]["updateTime"] = rfc3339_now(FractionDigits::nano);
}

}  // namespace

OperationStore::OperationStore(DocumentStore& store) : store_(store) {
  for (auto& document : store_.list(kOperationsCollection)) {
    Stored entry{{document.at("project"), document.at("location")}, document.at("operation"),
                 document.value("work", nlohmann::json())};
    operations_.emplace(document.at("id").get<std::string>(), std::move(entry));
  }
}

void OperationStore::save(const std::string& id, const Stored& entry) {
  store_.put(kOperationsCollection, id,
             {{"id", id},
              {"project", entry.where.project},
              {"location", entry.where.location},
              {"operation", entry.operation},
              {"work", entry.work}});
}

OperationStore::Stored& OperationStore::stored(const std::string& id) {
  auto found = operations_.find(id);
  if (found == operations_.end()) throw std::logic_error("no operation " + id);
  return found->second;
}

nlohmann::json OperationStore::start(const Location& where, const std::string& parent, const std::string& id,
                                     const std::string& metadata_type, nlohmann::json work) {
  const std::string now = rfc3339_now(FractionDigits::nano);
  Stored entry{where,
               {{"name", parent + "/operations/" + id},
                {"metadata",
                 {{"@type", std::string(kTypePrefix) + metadata_type},
                  {"genericMetadata", {{"createTime", now}, {"updateTime", now}}}}},
                {"done", false}},
               std::move(work)};
  save(id, entry);
  return operations_.insert_or_assign(id, std::move(entry)).first->second.operation;
}

nlohmann::json OperationStore::finish(const std::string& id, const std::string& response_type,
                                      nlohmann::json response) {
  Stored& entry = stored(id);
  response["@type"] = "type.googleapis.com/" + response_type;
  entry.operation["done"] = true;
  entry.operation["response"] = std::move(response);
  touch(entry.operation);
  entry.work = nullptr;
  save(id, entry);
  return entry.operation;
}

nlohmann::json OperationStore::fail(const std::string& id, int code, const std::string& message) {
  Stored& entry = stored(id);
  entry.operation["done"] = true;
  entry.operation["error"] = {{"code", code}, {"message", message}};
  touch(entry.operation);
  entry.work = nullptr;
  save(id, entry);
  return entry.operation;
}

std::optional<nlohmann::json> OperationStore::find(const Location& where, const std::string& id) const {
  auto found = operations_.find(id);
  if (found == operations_.end() || found->second.where.project != where.project ||
      found->second.where.location != where.location) {
    return std::nullopt;
  }
  return found->second.operation;
}

std::vector<nlohmann::json> OperationStore::list(const Location& where) const {
  std::vector<nlohmann::json> operations;
  for (const auto& [id, entry] : operations_) {
    if (entry.where.project == where.project && entry.where.location == where.location) {
      operations.push_back(entry.operation);
    }
  }
  return operations;
}

std::vector<PendingOperation> OperationStore::pending() const {
  std::vector<PendingOperation> pending;
  for (const auto& [id, entry] : operations_) {
    if (!entry.operation.value("done", false) && entry.work.is_object()) pending.push_back({id, entry.work});
  }
  return pending;
}

std::vector<std::string> OperationStore::ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, entry] : operations_) ids.push_back(id);
  return ids;
}

}  // namespace magritte::emulator::vertex
