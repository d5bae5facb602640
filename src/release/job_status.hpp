// A training job as either service describes it: `gcloud <group> jobs describe JOB` (ml v1
// Job) or `gcloud ai custom-jobs describe ID` (Vertex CustomJob, see vertex_resources.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "magritte/timestamp.hpp"

namespace magritte::release {

struct JobStatus {
  std::string id;             // what gcloud takes: the job id (ml v1), the number (Vertex)
  std::string name;           // what magritte named it: the id (ml v1), the display name (Vertex)
  // ml v1: STATE_UNSPECIFIED, QUEUED, PREPARING, RUNNING, SUCCEEDED, FAILED, CANCELLING,
  // CANCELLED; Vertex: its JOB_STATE_* without the prefix (QUEUED, PENDING, RUNNING, ...).
  std::string state;
  std::string error_message;  // set when FAILED
  std::optional<SystemTime> create_time, start_time, end_time;
  nlohmann::json args = nlohmann::json::array();  // the trainer's arguments
  nlohmann::json resource;                         // as the service described it
};

JobStatus parse_job(const nlohmann::json& job);

// SUCCEEDED, FAILED or CANCELLED (and Vertex's EXPIRED, PARTIALLY_SUCCEEDED): nothing
// will change any more.
bool is_final_job_state(std::string_view state);

}  // namespace magritte::release
