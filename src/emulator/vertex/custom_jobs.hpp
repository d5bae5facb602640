// Vertex custom jobs (projects.locations.customJobs): the CustomJob resources, validated at
// creation (one Python package spec in worker pool 0: the emulator runs what the service
// would run on workerpool0-0), kept in memory and persisted on every change; and the JobBook
// through which the shared trainer runner drives them (JOB_STATE_QUEUED → PENDING → RUNNING →
// SUCCEEDED | FAILED | CANCELLING → CANCELLED) with the environment the service gives a
// trainer (AIP_MODEL_DIR, CLUSTER_SPEC, ...).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/state.hpp"
#include "emulator/training/job_book.hpp"
#include "emulator/vertex/names.hpp"

namespace magritte::emulator::vertex {

class CustomJobStore {
public:
  explicit CustomJobStore(DocumentStore& store);

  // Validates the request body (400 naming the field) and stores the job, JOB_STATE_QUEUED.
  nlohmann::json create(const Location& where, const std::string& id, const nlohmann::json& body);
  nlohmann::json get(const Location& where, const std::string& id) const;  // 404 NOT_FOUND
  nlohmann::json get(const training::JobRef& job) const;
  Location location_of(const training::JobRef& job) const;
  std::vector<nlohmann::json> list(const Location& where) const;  // newest first
  // Applies `change` to the stored job under the lock, persists it, returns the result.
  nlohmann::json update(const training::JobRef& job, const std::function<void(nlohmann::json&)>& change);
  std::vector<training::JobRef> unfinished() const;
  std::vector<std::string> ids() const;

private:
  struct Stored {
    Location where;
    nlohmann::json job;
  };
  const Stored& stored(const training::JobRef& job) const;  // caller holds mutex_

  DocumentStore& store_;
  mutable std::mutex mutex_;
  std::map<std::string, Stored> jobs_;  // by "<project>~<id>"
};

class CustomJobBook final : public training::JobBook {
public:
  explicit CustomJobBook(CustomJobStore& jobs) : jobs_(jobs) {}

  training::Phase phase(const training::JobRef& job) const override;
  void enter(const training::JobRef& job, training::Phase phase) override;
  void finish(const training::JobRef& job, training::Phase outcome, const std::string& message) override;
  training::TrainerLaunch launch(const training::JobRef& job) const override;
  std::vector<training::JobRef> unfinished() const override { return jobs_.unfinished(); }

private:
  CustomJobStore& jobs_;
};

// JOB_STATE_* name of a phase, and back.
const char* job_state_of(training::Phase phase);
training::Phase phase_of_job_state(const std::string& state);

}  // namespace magritte::emulator::vertex
