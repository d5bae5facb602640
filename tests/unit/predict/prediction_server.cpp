#include "prediction_server.hpp"

#include <httplib.h>

#include <chrono>

namespace magritte::predict::testing {

struct PredictionServer::Impl {
  httplib::Server server;
};

PredictionServer::PredictionServer(Scorer scorer) : impl_(std::make_unique<Impl>()), scorer_(std::move(scorer)) {
  impl_->server.Post(".*", [this](const httplib::Request& request, httplib::Response& response) {
    RecordedRequest recorded{request.method, request.target, request.get_header_value("Authorization"), request.body, 0};
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_object() && body.contains("instances")) recorded.instances = body["instances"].size();
    int failure = 0;
    {
      const std::lock_guard lock(mutex_);
      requests_.push_back(recorded);
      if (!failures_.empty()) {
        failure = failures_.front();
        failures_.erase(failures_.begin());
      }
    }
    if (failure != 0) {
      if (retry_after_ > 0) response.set_header("Retry-After", std::to_string(retry_after_));
      const nlohmann::json error = {{"error", {{"code", failure}, {"message", "injected failure"}, {"status", "UNAVAILABLE"}}}};
      response.status = failure;
      response.set_content(error.dump(), "application/json");
      return;
    }
    nlohmann::json predictions = nlohmann::json::array();
    for (const auto& instance : body["instances"]) predictions.push_back({{"outputs", scorer_(instance)}});
    if (drop_last_ && !predictions.empty()) predictions.erase(predictions.size() - 1);
    response.set_content(nlohmann::json{{"predictions", predictions}}.dump(), "application/json");
  });
  port_ = impl_->server.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { impl_->server.listen_after_bind(); });
  // httplib 0.11 has no wait_until_ready(); stop() before the loop runs would be lost.
  while (!impl_->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

PredictionServer::~PredictionServer() {
  impl_->server.stop();
  thread_.join();
}

std::string PredictionServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void PredictionServer::fail_next(std::vector<int> statuses, int retry_after_seconds) {
  const std::lock_guard lock(mutex_);
  failures_ = std::move(statuses);
  retry_after_ = retry_after_seconds;
}

std::vector<RecordedRequest> PredictionServer::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

}  // namespace magritte::predict::testing
