// One line of a training job's output, as Cloud Logging returns it to
// `gcloud ai-platform jobs stream-logs` (resource type ml_job).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "magritte/timestamp.hpp"

namespace magritte::emulator {

struct LogEntry {
  UnixNanos timestamp = 0;
  std::string insert_id;  // sortable within a job: zero-padded sequence number
  std::string severity;   // Cloud Logging's names: DEBUG, INFO, WARNING, ERROR...
  std::string message;
  std::string project;
  std::string job_id;
  std::string task_name;  // "master-replica-0" (trainer output) or "service"

  // The LogEntry resource of the Logging v2 API.
  nlohmann::json to_api_json() const;
};

// Rank of a severity name in Cloud Logging's order (DEFAULT 0 .. EMERGENCY 800); -1 if unknown.
int severity_rank(std::string_view severity);

}  // namespace magritte::emulator
