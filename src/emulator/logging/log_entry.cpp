#include "emulator/logging/log_entry.hpp"

#include <array>
#include <utility>

namespace magritte::emulator {

nlohmann::json LogEntry::to_api_json() const {
  const std::string time = format_rfc3339(from_unix_nanos(timestamp), FractionDigits::nano);
  return {
      {"insertId", insert_id},
      {"jsonPayload", {{"message", message}}},
      {"resource",
       {{"type", "ml_job"},
        {"labels", {{"job_id", job_id}, {"task_name", task_name}, {"project_id", project}}}}},
      {"timestamp", time},
      {"receiveTimestamp", time},
      {"severity", severity},
      {"labels", {{"ml.googleapis.com/task_name", task_name}}},
      {"logName", "projects/" + project + "/logs/" + task_name},
  };
}

int severity_rank(std::string_view severity) {
  static constexpr std::array<std::pair<std::string_view, int>, 9> kRanks{{
      {"DEFAULT", 0},
      {"DEBUG", 100},
      {"INFO", 200},
      {"NOTICE", 300},
      {"WARNING", 400},
      {"ERROR", 500},
      {"CRITICAL", 600},
      {"ALERT", 700},
      {"EMERGENCY", 800},
  }};
  for (const auto& [name, rank] : kRanks) {
    if (name == severity) return rank;
  }
  return -1;
}

}  // namespace magritte::emulator
