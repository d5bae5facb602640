// The subset of the Logging query language that gcloud sends for `jobs stream-logs` and
// that users type in `gcloud logging read`:
//   (resource.type="ml_job" OR resource.type="cloudml_job") AND resource.labels.job_id="j"
//   AND ((timestamp="T" AND insertId>"id") OR timestamp>"T") AND timestamp<"T2"
// Comparisons: = != < <= > >= and : (has, substring); AND (or juxtaposition), OR, NOT, -,
// parentheses. As in Cloud Logging, OR binds tighter than AND. timestamp compares as time,
// severity by rank, everything else as text. A field the entry lacks compares false.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "emulator/logging/log_entry.hpp"

namespace magritte::emulator {

class FilterSyntaxError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class LogFilter {
public:
  // Throws FilterSyntaxError ("Unparseable filter: ..." with the column of the bad token).
  static LogFilter parse(std::string_view text);

  bool matches(const LogEntry& entry) const;
  // The job id when the filter requires resource.labels.job_id="<id>" at its top level, so
  // the store reads one job's file instead of the whole project.
  std::optional<std::string> required_job_id() const;

  struct Node;

private:
  std::shared_ptr<const Node> root_;  // null: matches everything
};

}  // namespace magritte::emulator
