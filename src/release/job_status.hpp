// A training job as `gcloud <group> jobs describe JOB --format=json` prints it (ml v1 Job).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "release/time_text.hpp"

namespace magritte::release {

struct JobStatus {
  std::string id;
  std::string state;          // STATE_UNSPECIFIED, QUEUED, PREPARING, RUNNING, SUCCEEDED, FAILED, CANCELLING, CANCELLED
  std::string error_message;  // set when FAILED
  std::optional<SystemTime> create_time, start_time, end_time;
};

JobStatus parse_job(const nlohmann::json& job);

// SUCCEEDED, FAILED or CANCELLED: nothing will change any more.
bool is_final_job_state(std::string_view state);

}  // namespace magritte::release
