#include "emulator/logging/log_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace magritte::emulator {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSuffix = ".jsonl";
constexpr char kSeparator = '~';  // in neither project ids nor job ids

std::string key_of(std::string_view project, std::string_view job_id) {
  return std::string(project) + kSeparator + std::string(job_id);
}

std::string sequence_id(std::int64_t sequence) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%012lld", static_cast<long long>(sequence));
  return buffer;
}

// The file keeps only what the API entry cannot be rebuilt from.
std::string to_line(const LogEntry& entry) {
  nlohmann::json line = {{"t", entry.timestamp},  {"id", entry.insert_id},
                         {"sev", entry.severity}, {"task", entry.task_name},
                         {"msg", entry.message}};
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool from_line(const std::string& text, LogEntry& entry) {
  auto line = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!line.is_object()) return false;  // a line torn by a crash
  try {
    entry.timestamp = line.at("t").get<UnixNanos>();
    entry.insert_id = line.at("id").get<std::string>();
    entry.severity = line.at("sev").get<std::string>();
    entry.task_name = line.at("task").get<std::string>();
    entry.message = line.at("msg").get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  return true;
}

void append_to_file(const fs::path& path, const std::string& data) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw std::runtime_error("cannot open log file " + path.string() + ": " +
                             std::strerror(errno));
  }
  // One write() per line: O_APPEND makes it land whole at the end of the file.
  const ssize_t written = ::write(fd, data.data(), data.size());
  const int saved_errno = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(data.size())) {
    throw std::runtime_error("cannot append to log file " + path.string() + ": " +
                             std::strerror(saved_errno));
  }
}

// A name that stays one file name: no '/', no '~' (the separator), not "." or "..".
bool is_plain_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of("/~") == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

void sort_by_time(std::vector<LogEntry>& entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const LogEntry& a, const LogEntry& b) {
    return a.timestamp < b.timestamp;
  });
}

}  // namespace

LogStore::LogStore(fs::path root) : root_(std::move(root)) {
  fs::create_directories(root_);
}

fs::path LogStore::file_of(std::string_view project, std::string_view job_id) const {
  return root_ / (key_of(project, job_id) + std::string(kSuffix));
}

LogStore::JobLog& LogStore::load_locked(const std::string& project,
                                        const std::string& job_id) const {
  const std::string key = key_of(project, job_id);
  auto found = logs_.find(key);
  if (found != logs_.end()) return found->second;
  JobLog log;
  std::ifstream in(file_of(project, job_id));
  std::string text;
  while (std::getline(in, text)) {
    log.torn_tail = in.eof();  // the last line had no newline
    LogEntry entry;
    if (!from_line(text, entry)) continue;
    entry.project = project;
    entry.job_id = job_id;
    log.entries.push_back(std::move(entry));
  }
  sort_by_time(log.entries);
  log.next_sequence = static_cast<std::int64_t>(log.entries.size());
  return logs_.emplace(key, std::move(log)).first->second;
}

LogEntry LogStore::append(std::string_view project, std::string_view job_id,
                          std::string_view task_name, std::string_view severity,
                          std::string_view message) {
  if (!is_plain_name(project) || !is_plain_name(job_id)) {
    throw std::invalid_argument("invalid log name " + key_of(project, job_id));
  }
  std::lock_guard lock(mutex_);
  JobLog& log = load_locked(std::string(project), std::string(job_id));
  LogEntry entry;
  UnixNanos time = unix_nanos(std::chrono::system_clock::now());
  if (!log.entries.empty()) time = std::max(time, log.entries.back().timestamp + 1);
  entry.timestamp = std::max(time, last_timestamp_ + 1);
  last_timestamp_ = entry.timestamp;
  entry.insert_id = sequence_id(log.next_sequence++);
  entry.severity = severity;
  entry.message = message;
  entry.project = project;
  entry.job_id = job_id;
  entry.task_name = task_name;
  append_to_file(file_of(project, job_id), (log.torn_tail ? "\n" : "") + to_line(entry));
  log.torn_tail = false;
  log.entries.push_back(entry);
  return entry;
}

std::vector<LogEntry> LogStore::job_entries(std::string_view project,
                                            std::string_view job_id) const {
  // Names come from filters and resourceNames: never let one address another file, and do
  // not cache an empty log for every id somebody asks about.
  if (!is_plain_name(project) || !is_plain_name(job_id)) return {};
  std::lock_guard lock(mutex_);
  if (logs_.count(key_of(project, job_id)) == 0 && !fs::exists(file_of(project, job_id))) return {};
  return load_locked(std::string(project), std::string(job_id)).entries;
}

std::vector<LogEntry> LogStore::project_entries(std::string_view project) const {
  if (!is_plain_name(project)) return {};
  const std::string prefix = std::string(project) + kSeparator;
  std::vector<LogEntry> all;
  std::lock_guard lock(mutex_);
  std::error_code error;
  for (const auto& file : fs::directory_iterator(root_, error)) {
    const std::string name = file.path().filename().string();
    if (!name.starts_with(prefix) || !name.ends_with(kSuffix)) continue;
    const std::string job_id =
        name.substr(prefix.size(), name.size() - prefix.size() - kSuffix.size());
    const auto& entries = load_locked(std::string(project), job_id).entries;
    all.insert(all.end(), entries.begin(), entries.end());
  }
  sort_by_time(all);
  return all;
}

}  // namespace magritte::emulator
