// Training jobs: the API's Job resources in memory, each persisted (atomically) on every
// state change. Job ids are unique forever within a project, as in the real service.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/state.hpp"

namespace magritte::emulator::ml {

struct JobKey {
  std::string project;
  std::string job_id;
};

bool is_final_state(const std::string& state);  // SUCCEEDED, FAILED, CANCELLED

class JobStore {
public:
  explicit JobStore(DocumentStore& store);

  // Validates the request body and stores the job as QUEUED. Throws ApiError.
  nlohmann::json create(const std::string& project, const nlohmann::json& body);
  nlohmann::json get(const std::string& project, const std::string& job_id) const;
  // Newest first, like the service lists them.
  std::vector<nlohmann::json> list(const std::string& project) const;
  // Applies `change` to the stored job under the lock, persists it, returns the result.
  nlohmann::json update(const std::string& project, const std::string& job_id,
                        const std::function<void(nlohmann::json&)>& change);
  // Jobs in QUEUED, PREPARING, RUNNING or CANCELLING.
  std::vector<JobKey> unfinished() const;

private:
  nlohmann::json& locked(const std::string& project, const std::string& job_id);
  void save(const std::string& project, const std::string& job_id, const nlohmann::json& job);

  DocumentStore& store_;
  mutable std::mutex mutex_;
  std::map<std::string, nlohmann::json> jobs_;  // key: document_id({project, job_id})
};

}  // namespace magritte::emulator::ml
