// Retrying a request: 429, 500, 502, 503, 504, connection failures and successes whose body
// is not valid JSON (cut short on the way) are retried with exponential backoff and
// jitter, at most `retries` times; any other status (400 above all: the request itself is
// wrong) is final at once.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "predict/transport.hpp"

namespace magritte::predict {

struct RetryPolicy {
  int retries = 4;                           // predict.retries: attempts = retries + 1
  std::chrono::milliseconds first_delay{500};
  std::chrono::milliseconds max_delay{20'000};
};

bool is_retryable(const HttpResponse& response);

// Delay before retry number `retry` (1-based): first_delay * 2^(retry-1), capped, then
// multiplied by `jitter` in [0.5, 1] ("equal jitter": spreads clients out without ever
// retrying at once). A Retry-After from the server is honoured when longer (still capped).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, double jitter,
                                        const HttpResponse& response);

struct RetryHooks {
  std::function<void(std::chrono::milliseconds)> sleep;  // default: this_thread::sleep_for
  std::function<double()> jitter;                        // default: uniform in [0.5, 1]
  // Told before each retry: which retry, what failed, how long until it.
  std::function<void(int retry, const HttpResponse& failed, std::chrono::milliseconds delay)> on_retry;
  // True when the run is being stopped (SIGINT/SIGTERM): no further attempt is made.
  std::function<bool()> stop;
};

struct SendResult {
  HttpResponse response;  // the last one
  int attempts = 0;
};

SendResult send_with_retry(Transport& transport, const std::string& url, const std::string& body,
                           const RetryPolicy& policy, const RetryHooks& hooks = {});

// "HTTP 503", "connection failed: <curl message>": for messages.
std::string describe_failure(const HttpResponse& response);

}  // namespace magritte::predict
