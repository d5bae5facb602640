// One line per request on stderr, and the same records kept in memory (the last 10000) for
// tests: GET /_emulator/requests shows them, e.g. to prove a second rsync uploaded nothing.
//   12:00:01.234 GET us-central1-ml.emulator.test /v1/projects/p/models 200 512B 143us
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace magritte::emulator {

struct RequestRecord {
  std::uint64_t seq = 0;  // assigned by the log, from 1
  std::string time;       // RFC 3339
  std::string method;
  std::string host;
  std::string path;       // decoded
  std::string query;      // raw
  int status = 0;
  std::size_t bytes = 0;
  std::int64_t micros = 0;
  bool delivered = true;
  std::string note;       // handler note and/or injected fault
  std::string credential; // credential_fingerprint(): never the secret, never printed
};

class RequestLog {
public:
  explicit RequestLog(bool print = true, std::size_t capacity = 10000)
      : print_(print), capacity_(capacity) {}

  // Two steps, so that a request is visible in since() before its response leaves (a
  // client that got its answer and asks for the log right away always finds it):
  // begin() when the response is decided, finish() once it was written (prints the line).
  std::uint64_t begin(RequestRecord record);
  void finish(std::uint64_t seq, std::size_t bytes, std::int64_t micros, bool delivered);
  // {"requests": [...], "last_seq": N}; records with seq > since.
  nlohmann::json since(std::uint64_t since) const;
  void clear();

private:
  bool print_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<RequestRecord> records_;
  std::uint64_t next_seq_ = 1;
};

}  // namespace magritte::emulator
