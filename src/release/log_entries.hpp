// A training job's log, read from Cloud Logging the way `gcloud ai-platform jobs stream-logs`
// reads it, and printed the way it prints it:
//   INFO	2026-11-26 11:08:31 +0000	master-replica-0		Epoch 1/3 - loss: 1.00
// (severity, local time, task, trial, message: command_lib/ml_engine/log_utils.py).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "magritte/timestamp.hpp"

namespace magritte::release {

struct LogLine {
  std::string timestamp;  // as the API wrote it (RFC 3339), reused in the next filter
  std::string insert_id;
  std::string severity;   // DEFAULT when absent
  std::string task;       // resource.labels.task_name or labels.task_name
  std::string trial;      // labels.trial_id (hyperparameter tuning)
  std::string message;    // jsonPayload.message, else textPayload (multi-line kept)
};

// The entries of `gcloud logging read --format=json` (a JSON array); entries without a
// timestamp are skipped.
std::vector<LogLine> parse_log_entries(const nlohmann::json& entries);

// One line per message line, as stream-logs prints it.
std::vector<std::string> format_log_line(const LogLine& line);

// Where the next read starts: after the last entry seen, as gcloud's LogPosition does
// (entries sharing a timestamp are ordered by insertId).
class LogCursor {
public:
  // The filter clauses for the next read. `upper_bound`, when given, leaves out entries
  // newer than it: Cloud Logging may still be ingesting the most recent seconds, and a
  // cursor that moved past them would skip late arrivals (gcloud keeps 5 s back).
  std::string filter(const std::optional<SystemTime>& upper_bound) const;
  void advance(const std::vector<LogLine>& lines);

private:
  std::string timestamp_;  // of the last entry seen; "" before the first
  std::string insert_id_;
};

}  // namespace magritte::release
