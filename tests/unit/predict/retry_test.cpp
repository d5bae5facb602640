#include "predict/retry.hpp"

#include <gtest/gtest.h>

#include "predict/connection.hpp"
#include "prediction_server.hpp"

namespace magritte::predict {
namespace {

using namespace std::chrono_literals;

HttpResponse status(int code) {
  HttpResponse response;
  response.status = code;
  return response;
}

TEST(RetryPolicy, RetriesOnlyTransientFailures) {
  for (int code : {0, 429, 500, 502, 503, 504}) EXPECT_TRUE(is_retryable(status(code))) << code;
  for (int code : {400, 401, 403, 404, 409, 413}) EXPECT_FALSE(is_retryable(status(code))) << code;
  HttpResponse answered = status(200);
  answered.body = R"({"predictions": []})";
  EXPECT_FALSE(is_retryable(answered));
  // A success cut short on the way (not valid JSON) lost its answer: predicting again is harmless.
  answered.body = R"({"predictions": [{"outp)";
  EXPECT_TRUE(is_retryable(answered));
  EXPECT_EQ(describe_failure(answered), "HTTP 200 with a body that is not valid JSON (23 bytes, cut short?)");
}

TEST(RetryPolicy, BacksOffExponentiallyWithJitterAndACap) {
  const RetryPolicy policy{4, 500ms, 20'000ms};
  EXPECT_EQ(backoff_delay(policy, 1, 1.0, status(503)), 500ms);
  EXPECT_EQ(backoff_delay(policy, 2, 1.0, status(503)), 1000ms);
  EXPECT_EQ(backoff_delay(policy, 3, 0.5, status(503)), 1000ms);
  EXPECT_EQ(backoff_delay(policy, 10, 1.0, status(503)), 20'000ms);
  HttpResponse slow_down = status(429);
  slow_down.retry_after_seconds = 3;
  EXPECT_EQ(backoff_delay(policy, 1, 1.0, slow_down), 3000ms);
  slow_down.retry_after_seconds = 600;
  EXPECT_EQ(backoff_delay(policy, 1, 1.0, slow_down), 20'000ms);
}

// Against a real HTTP server through libcurl: what the service does, what predict does.
class RetryAgainstServer : public ::testing::Test {
protected:
  testing::PredictionServer server{[](const nlohmann::json&) { return nlohmann::json::array({1.0}); }};
  std::unique_ptr<Transport> transport = make_curl_transport(Connection{});
  std::vector<std::chrono::milliseconds> slept;
  RetryHooks hooks{[this](std::chrono::milliseconds d) { slept.push_back(d); }, [] { return 1.0; }, {}, {}};
  const std::string body = R"({"instances":[{"inputs":"eA=="}]})";
};

TEST_F(RetryAgainstServer, Retries503And429ThenSucceeds) {
  server.fail_next({503, 429, 500});
  const SendResult result = send_with_retry(*transport, server.url(), body, {4, 100ms, 10'000ms}, hooks);
  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.attempts, 4);
  EXPECT_EQ(server.requests().size(), 4U);
  EXPECT_EQ(slept, (std::vector<std::chrono::milliseconds>{100ms, 200ms, 400ms}));
}

TEST_F(RetryAgainstServer, GivesUpAfterTheConfiguredRetries) {
  server.fail_next({503, 503, 503, 503});
  const SendResult result = send_with_retry(*transport, server.url(), body, {2, 1ms, 10ms}, hooks);
  EXPECT_EQ(result.response.status, 503);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(server.requests().size(), 3U);
}

TEST_F(RetryAgainstServer, NeverRetriesA400) {
  server.fail_next({400});
  const SendResult result = send_with_retry(*transport, server.url(), body, {4, 1ms, 10ms}, hooks);
  EXPECT_EQ(result.response.status, 400);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(server.requests().size(), 1U);
  EXPECT_TRUE(slept.empty());
}

TEST_F(RetryAgainstServer, HonoursRetryAfter) {
  server.fail_next({429}, 2);
  const SendResult result = send_with_retry(*transport, server.url(), body, {4, 1ms, 10'000ms}, hooks);
  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(slept, (std::vector<std::chrono::milliseconds>{2000ms}));
}

TEST_F(RetryAgainstServer, ConnectionFailuresAreRetried) {
  const std::string closed_port_url = "http://127.0.0.1:1/v1/projects/p/models/m:predict";
  int retries_seen = 0;
  hooks.on_retry = [&](int, const HttpResponse& failed, std::chrono::milliseconds) {
    ++retries_seen;
    EXPECT_EQ(failed.status, 0);
    EXPECT_FALSE(failed.error.empty());
  };
  const SendResult result = send_with_retry(*transport, closed_port_url, body, {2, 1ms, 10ms}, hooks);
  EXPECT_EQ(result.response.status, 0);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(retries_seen, 2);
  EXPECT_EQ(describe_failure(result.response).rfind("connection failed: ", 0), 0U);
}

}  // namespace
}  // namespace magritte::predict
