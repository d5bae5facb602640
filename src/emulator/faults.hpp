// Fault injection for tests of retries and error handling. Rules come from the control API
// (POST /_emulator/faults) and apply to the next matching requests:
//   {"path": "<ECMAScript regex searched in the decoded path>", "method": "POST" (optional),
//    "host": "<regex on the host>" (optional), "mode": "status" | "delay" | "drop" |
//    "drop_after" | "slow_body" | "truncate_json" | "hold" | "hold_response", "status": 503,
//    "count": N (0 = until cleared), "delay_ms": 200, "message": "..."}
// `hold` and `hold_response` keep a request waiting (before the service, or with its answer
// ready) until the test clears the rules: a state held explicitly, never a delay that a
// loaded machine could outlast.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/http.hpp"

namespace magritte::emulator {

struct Fault {
  enum class Mode { status, delay, drop, drop_after, slow_body, truncate_json, hold, hold_response };
  Mode mode = Mode::status;
  int status = 503;
  int delay_ms = 0;
  std::string message;
  int rule_id = 0;

  std::string describe() const;  // "fault#2 status 503", for the request log
};

std::optional<Fault::Mode> parse_fault_mode(const std::string& text);

class FaultInjector {
public:
  // Throws std::invalid_argument naming the bad field.
  int add(const nlohmann::json& spec);
  void clear();
  nlohmann::json describe() const;
  // The fault for this request, if a rule matches; consumes one of the rule's count.
  std::optional<Fault> take(const Request& request);
  // For `hold` and `hold_response`: blocks until the rules are cleared (clear(), the control
  // API's DELETE, or the emulator stopping). describe() lists the requests waiting here.
  void wait_until_released(const Fault& fault, const Request& request);

private:
  struct Rule {
    int id = 0;
    nlohmann::json spec;
    std::regex path;
    std::optional<std::regex> host;
    std::string method;
    Fault fault;
    int remaining = 0;  // 0: unlimited
    int hits = 0;
  };

  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::uint64_t clear_count_ = 0;  // a held request waits for this to move
  nlohmann::json held_ = nlohmann::json::array();  // {"rule", "method", "path"} per waiting request
  std::vector<Rule> rules_;
  std::atomic<bool> empty_{true};  // the common case costs one atomic load
  int next_id_ = 1;
};

}  // namespace magritte::emulator
