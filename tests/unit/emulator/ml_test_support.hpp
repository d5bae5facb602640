// In-process fixture for the ml v1 and logging services: a temp data dir, the real disk
// Cloud Storage (storage::DiskStorage) as the ObjectStore, and the routes behind a Router,
// called exactly as the HTTP server would call them (no network).
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "emulator/logging/log_store.hpp"
#include "emulator/logging/logging_service.hpp"
#include "emulator/ml/ml_service.hpp"
#include "emulator/router.hpp"
#include "emulator/storage/disk_storage.hpp"
#include "support/process.hpp"

namespace magritte::emulator::ml::testing {

using nlohmann::json;

struct Reply {
  int status = 0;
  json body;
  std::string raw;
  std::string log_note;
};

class MlFixture : public ::testing::Test {
protected:
  static constexpr const char* kProject = "demo-project";
  static constexpr const char* kBucket = "bucket";

  void SetUp() override {
    storage_ = std::make_unique<storage::DiskStorage>(data_dir() / "storage");
    storage_->create_bucket(kBucket, json::object());
    start();
  }

  void TearDown() override { stop(); }

  // (Re)starts the service over the same data dir, as an emulator restart would.
  void start() {
    router_ = std::make_unique<Router>();
    logs_ = std::make_unique<LogStore>(data_dir() / "logging");
    logging_ = std::make_unique<LoggingService>(*logs_);
    service_ = std::make_unique<MlService>(options(), *storage_, *logs_);
    service_->add_routes(*router_);
    logging_->add_routes(*router_);
  }
  void stop() {
    service_.reset();
    logging_.reset();
    logs_.reset();
    router_.reset();
  }
  void restart() {
    stop();
    start();
  }

  virtual MlOptions options() const {
    MlOptions options;
    options.data_dir = data_dir();
    options.port = 1;  // nothing listens: these trainers never reach storage over HTTP
    options.cancel_grace = std::chrono::milliseconds(500);
    return options;
  }

  std::filesystem::path data_dir() const { return temp_.path() / "data"; }
  const std::filesystem::path& temp() const { return temp_.path(); }
  storage::DiskStorage& objects() { return *storage_; }

  Reply call(const std::string& method, const std::string& path, const json& body = nullptr,
             const std::map<std::string, std::string>& query = {}, const std::string& host =
                                                                      "us-central1-ml.emulator.test") {
    return call_raw(method, path, body.is_null() ? std::string() : body.dump(), query, host);
  }

  Reply call_raw(const std::string& method, const std::string& path, const std::string& body,
                 const std::map<std::string, std::string>& query = {},
                 const std::string& host = "us-central1-ml.emulator.test") {
    Request request;
    request.method = method;
    request.host = host;
    request.path = path;
    request.raw_path = path;
    for (const auto& [name, value] : query) request.query.emplace(name, value);
    request.body = body;
    const Response response = router_->dispatch(request);
    Reply reply;
    reply.status = response.status;
    reply.raw = response.body;
    reply.log_note = response.log_note;
    reply.body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    return reply;
  }

  std::string project_path() const { return std::string("/v1/projects/") + kProject; }

  // Polls until `ready` holds or `timeout` passes.
  template <typename Predicate>
  static bool eventually(Predicate ready, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (ready()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return ready();
  }

  static std::string error_message(const Reply& reply) {
    return reply.body.value("/error/message"_json_pointer, std::string());
  }
  static std::string error_status(const Reply& reply) {
    return reply.body.value("/error/status"_json_pointer, std::string());
  }

private:
  magritte::testing::TempDir temp_;
  std::unique_ptr<storage::DiskStorage> storage_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<LogStore> logs_;
  std::unique_ptr<LoggingService> logging_;
  std::unique_ptr<MlService> service_;
};

}  // namespace magritte::emulator::ml::testing
