// A local HTTP server standing in for projects.predict in unit tests (cpp-httplib): it
// records every request, can be told to fail the next requests with given statuses, and
// answers each instance with a score vector chosen by a test-supplied function.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace magritte::predict::testing {

struct RecordedRequest {
  std::string method;
  std::string target;         // as sent: "/v1/..." or, through a proxy, "http://host/v1/..."
  std::string authorization;  // the Authorization header, "" when absent
  std::string body;
  std::size_t instances = 0;
};

class PredictionServer {
public:
  // Scores for one instance (the parsed JSON object).
  using Scorer = std::function<nlohmann::json(const nlohmann::json& instance)>;

  explicit PredictionServer(Scorer scorer);
  ~PredictionServer();
  PredictionServer(const PredictionServer&) = delete;
  PredictionServer& operator=(const PredictionServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/v1/projects/p/models/m:predict") const;

  // The next requests get these statuses (with a Google error body), in order.
  void fail_next(std::vector<int> statuses, int retry_after_seconds = 0);
  // Every following request's response drops its last prediction (count mismatch).
  void drop_last_prediction(bool drop) { drop_last_ = drop; }

  std::vector<RecordedRequest> requests() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Scorer scorer_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
  std::vector<int> failures_;
  int retry_after_ = 0;
  bool drop_last_ = false;
};

}  // namespace magritte::predict::testing
