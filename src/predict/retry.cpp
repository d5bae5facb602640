#include "predict/retry.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

namespace magritte::predict {
namespace {

double default_jitter() {
  thread_local std::mt19937 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.5, 1.0)(engine);
}

// A success whose body is not JSON was cut short on the way (a proxy, a connection broken
// behind one): the answer is lost, not refused, and predicting again is harmless.
bool is_cut_short_success(const HttpResponse& response) {
  return response.status >= 200 && response.status < 300 && !nlohmann::json::accept(response.body);
}

}  // namespace

bool is_retryable(const HttpResponse& response) {
  if (is_cut_short_success(response)) return true;
  switch (response.status) {
    case 0:    // no response: connection refused, reset, timeout
    case 429:  // quota / rate limit
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, double jitter,
                                        const HttpResponse& response) {
  const double exponential = static_cast<double>(policy.first_delay.count()) * std::pow(2.0, std::max(0, retry - 1));
  double delay = std::min(exponential, static_cast<double>(policy.max_delay.count())) * jitter;
  if (response.retry_after_seconds) delay = std::max(delay, *response.retry_after_seconds * 1000.0);
  delay = std::min(delay, static_cast<double>(policy.max_delay.count()));
  return std::chrono::milliseconds(static_cast<long long>(delay));
}

SendResult send_with_retry(Transport& transport, const std::string& url, const std::string& body,
                           const RetryPolicy& policy, const RetryHooks& hooks) {
  SendResult result;
  for (int retry = 0;; ++retry) {
    result.response = transport.post_json(url, body);
    result.attempts = retry + 1;
    if (!is_retryable(result.response) || retry >= policy.retries) return result;
    if (hooks.stop && hooks.stop()) return result;
    const double jitter = hooks.jitter ? hooks.jitter() : default_jitter();
    const auto delay = backoff_delay(policy, retry + 1, jitter, result.response);
    if (hooks.on_retry) hooks.on_retry(retry + 1, result.response, delay);
    if (hooks.sleep) {
      hooks.sleep(delay);
    } else {
      std::this_thread::sleep_for(delay);
    }
    if (hooks.stop && hooks.stop()) return result;
  }
}

std::string describe_failure(const HttpResponse& response) {
  if (response.status == 0) return "connection failed: " + response.error;
  if (is_cut_short_success(response)) {
    return "HTTP " + std::to_string(response.status) + " with a body that is not valid JSON (" +
           std::to_string(response.body.size()) + " bytes, cut short?)";
  }
  return "HTTP " + std::to_string(response.status);
}

}  // namespace magritte::predict
