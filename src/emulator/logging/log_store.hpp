// Training job logs: one append-only file of JSON lines per job, kept in memory once read.
// Appends go straight to the file (O_APPEND), so every acknowledged line survives an
// emulator restart; a line torn by a crash is skipped when the file is read back.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/logging/log_entry.hpp"

namespace magritte::emulator {

class LogStore {
public:
  explicit LogStore(std::filesystem::path root);

  // Timestamps are strictly increasing across the store, so time order is append order.
  LogEntry append(std::string_view project, std::string_view job_id, std::string_view task_name,
                  std::string_view severity, std::string_view message);

  // One job's entries in time order (empty when the job never logged).
  std::vector<LogEntry> job_entries(std::string_view project, std::string_view job_id) const;
  // Every job's entries of a project, in time order.
  std::vector<LogEntry> project_entries(std::string_view project) const;

private:
  struct JobLog {
    std::vector<LogEntry> entries;
    std::int64_t next_sequence = 0;
    bool torn_tail = false;  // the file ends mid-line (a crash): start the next line afresh
  };
  JobLog& load_locked(const std::string& project, const std::string& job_id) const;
  std::filesystem::path file_of(std::string_view project, std::string_view job_id) const;

  std::filesystem::path root_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, JobLog> logs_;  // key: "<project>~<job_id>"
  UnixNanos last_timestamp_ = 0;
};

}  // namespace magritte::emulator
