#include "release/log_entries.hpp"

#include <sstream>

namespace magritte::release {
namespace {

std::string text_at(const nlohmann::json& object, const nlohmann::json::json_pointer& pointer) {
  if (!object.contains(pointer)) return {};
  const auto& value = object.at(pointer);
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return {};
  return value.dump();
}

// As gcloud's _EntryToDict: jsonPayload.message, else textPayload; other JSON payloads
// print no message.
std::string message_of(const nlohmann::json& entry) {
  if (entry.contains("jsonPayload")) return text_at(entry, "/jsonPayload/message"_json_pointer);
  return text_at(entry, "/textPayload"_json_pointer);
}

// As gcloud's _GetLabelAttributes.
std::string task_of(const nlohmann::json& entry) {
  for (const auto* pointer : {"/resource/labels/task_name", "/labels/task_name",
                              "/labels/ml.googleapis.com~1task_name"}) {
    if (auto task = text_at(entry, nlohmann::json::json_pointer(pointer)); !task.empty()) return task;
  }
  return "unknown_task";
}

std::string trial_of(const nlohmann::json& entry) {
  auto trial = text_at(entry, "/labels/trial_id"_json_pointer);
  if (trial.empty()) trial = text_at(entry, "/labels/ml.googleapis.com~1trial_id"_json_pointer);
  return trial;
}

// Filter values are double-quoted strings; the API's own timestamps and ids never hold
// quotes or backslashes, but a stray one must not break the filter.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::vector<LogLine> parse_log_entries(const nlohmann::json& entries) {
  std::vector<LogLine> lines;
  if (!entries.is_array()) return lines;
  for (const auto& entry : entries) {
    if (!entry.is_object()) continue;
    LogLine line;
    line.timestamp = text_at(entry, "/timestamp"_json_pointer);
    if (line.timestamp.empty()) continue;
    line.insert_id = text_at(entry, "/insertId"_json_pointer);
    line.severity = text_at(entry, "/severity"_json_pointer);
    if (line.severity.empty()) line.severity = "DEFAULT";
    line.task = task_of(entry);
    line.trial = trial_of(entry);
    line.message = message_of(entry);
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<std::string> format_log_line(const LogLine& line) {
  const auto time = parse_rfc3339(line.timestamp);
  const std::string prefix = line.severity + "\t" + (time ? format_local_time(*time) : line.timestamp) +
                             "\t" + line.task + "\t" + line.trial + "\t";
  std::vector<std::string> printed;
  std::istringstream message(line.message);
  for (std::string text; std::getline(message, text);) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    printed.push_back(prefix + text);
  }
  if (printed.empty()) printed.push_back(prefix);
  return printed;
}

std::string LogCursor::filter(const std::optional<SystemTime>& upper_bound) const {
  // A timestamp clause is always present: without one, `gcloud logging read` adds its own
  // --freshness (1 day) and a longer job would lose its first lines.
  std::string clause = timestamp_.empty()
                           ? "timestamp>=\"1970-01-01T00:00:00Z\""
                           : "((timestamp=" + quoted(timestamp_) + " AND insertId>" + quoted(insert_id_) +
                                 ") OR timestamp>" + quoted(timestamp_) + ")";
  if (upper_bound) clause += " AND timestamp<" + quoted(format_rfc3339(*upper_bound, FractionDigits::micro));
  return clause;
}

void LogCursor::advance(const std::vector<LogLine>& lines) {
  if (lines.empty()) return;
  timestamp_ = lines.back().timestamp;
  insert_id_ = lines.back().insert_id;
}

}  // namespace magritte::release
