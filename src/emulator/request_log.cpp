#include "emulator/request_log.hpp"

#include <unistd.h>

#include "magritte/timestamp.hpp"

namespace magritte::emulator {
using nlohmann::json;

namespace {

std::string log_line(const RequestRecord& r) {
  // "2026-11-26T11:08:31.123Z" → "11:08:31.123": the date adds nothing to a live log.
  std::string line = r.time.size() >= 23 ? r.time.substr(11, 12) : r.time;
  line += ' ' + r.method + ' ' + r.host + ' ' + r.path;
  if (!r.query.empty()) line += '?' + r.query.substr(0, 160);
  line += ' ' + std::to_string(r.status) + ' ' + std::to_string(r.bytes) + "B " +
          std::to_string(r.micros) + "us";
  if (!r.delivered) line += " (not delivered)";
  if (!r.note.empty()) line += ' ' + r.note;
  line += '\n';
  return line;
}

}  // namespace

std::uint64_t RequestLog::begin(RequestRecord record) {
  record.time = rfc3339_now(FractionDigits::milli);
  std::lock_guard lock(mutex_);
  record.seq = next_seq_++;
  records_.push_back(std::move(record));
  if (records_.size() > capacity_) records_.pop_front();
  return records_.back().seq;
}

void RequestLog::finish(std::uint64_t seq, std::size_t bytes, std::int64_t micros, bool delivered) {
  std::string line;
  {
    std::lock_guard lock(mutex_);
    // Seqs are consecutive: the record sits at a known distance from the back, if kept.
    if (records_.empty() || seq < records_.front().seq || seq > records_.back().seq) return;
    RequestRecord& record = records_[seq - records_.front().seq];
    record.bytes = bytes;
    record.micros = micros;
    record.delivered = delivered;
    if (print_) line = log_line(record);
  }
  // One write per line: lines from concurrent connections never interleave.
  if (!line.empty()) {
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, line.data(), line.size());
  }
}

json RequestLog::since(std::uint64_t since) const {
  std::lock_guard lock(mutex_);
  json requests = json::array();
  for (const RequestRecord& r : records_) {
    if (r.seq <= since) continue;
    requests.push_back({{"seq", r.seq},         {"time", r.time},     {"method", r.method},
                        {"host", r.host},       {"path", r.path},     {"query", r.query},
                        {"status", r.status},   {"bytes", r.bytes},   {"micros", r.micros},
                        {"delivered", r.delivered}, {"note", r.note}, {"credential", r.credential}});
  }
  return {{"requests", requests}, {"last_seq", next_seq_ - 1}};
}

void RequestLog::clear() {
  std::lock_guard lock(mutex_);
  records_.clear();
}

}  // namespace magritte::emulator
