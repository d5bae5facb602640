#include "release/job_status.hpp"

namespace magritte::release {
namespace {

std::optional<SystemTime> time_field(const nlohmann::json& resource, const char* field) {
  if (!resource.contains(field) || !resource[field].is_string()) return std::nullopt;
  return parse_rfc3339(resource[field].get<std::string>());
}

std::string string_field(const nlohmann::json& resource, const char* field) {
  if (!resource.contains(field) || !resource[field].is_string()) return {};
  return resource[field].get<std::string>();
}

}  // namespace

JobStatus parse_job(const nlohmann::json& job) {
  JobStatus status;
  if (!job.is_object()) return status;
  status.id = string_field(job, "jobId");
  status.name = status.id;
  status.resource = job;
  status.args = job.value(nlohmann::json::json_pointer("/trainingInput/args"), nlohmann::json::array());
  status.state = string_field(job, "state");
  if (status.state.empty()) status.state = "STATE_UNSPECIFIED";
  status.error_message = string_field(job, "errorMessage");
  status.create_time = time_field(job, "createTime");
  status.start_time = time_field(job, "startTime");
  status.end_time = time_field(job, "endTime");
  return status;
}

bool is_final_job_state(std::string_view state) {
  return state == "SUCCEEDED" || state == "FAILED" || state == "CANCELLED" || state == "EXPIRED" ||
         state == "PARTIALLY_SUCCEEDED";
}

}  // namespace magritte::release
