// The whole emulator: the HTTP server, the control API (/_emulator/...), fault injection,
// the request log, Cloud Storage, the ml v1 and Vertex AI services and the logging service
// their trainers write to, over one data dir.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "emulator/faults.hpp"
#include "emulator/holds.hpp"
#include "emulator/object_store.hpp"
#include "emulator/request_log.hpp"
#include "emulator/router.hpp"
#include "emulator/server.hpp"

namespace magritte::emulator {

class LogStore;
class LoggingService;

namespace storage {
class DiskStorage;
class ResumableUploads;
class StorageService;
}  // namespace storage

struct EmulatorOptions {
  int port = 8470;                     // 0: any free port
  std::filesystem::path data_dir = ".magritte/emulator";
  std::vector<std::string> buckets;    // created at start when missing (--bucket)
  bool print_requests = true;          // the one-line request log on stderr
  // How long a new version stays CREATING (the real service takes minutes), so that
  // clients that wait for READY (`magritte deploy --wait`) can be seen waiting. 0: none.
  std::chrono::milliseconds version_create_delay{0};
  // The interpreter trainers run with (ml v1 jobs and Vertex custom jobs).
  std::filesystem::path python = "/usr/bin/python3";
};

class Emulator final : public ExchangeHandler {
public:
  // Loads the state (throws std::exception on an unusable data dir or certificate).
  explicit Emulator(EmulatorOptions options);
  ~Emulator() override;

  void start();  // binds, wires every service, serves in background threads
  void stop();   // graceful: in-flight requests finish
  int port() const { return server_->port(); }
  const TlsFiles& tls_files() const { return tls_files_; }
  Router& router() { return router_; }  // for in-process tests

  void handle(Exchange& exchange) override;
  void completed(const Exchange& exchange, const Completion& completion) override;

private:
  void begin_log_entry(Exchange& exchange);
  void add_control_routes();
  void add_ml_services();
  void add_vertex_service();
  void create_buckets();

  EmulatorOptions options_;
  TlsFiles tls_files_;
  std::unique_ptr<storage::DiskStorage> storage_;
  std::unique_ptr<storage::ResumableUploads> uploads_;
  std::unique_ptr<storage::StorageService> storage_service_;
  // Training logs (ml v1 jobs, Vertex custom jobs), read through Cloud Logging's API.
  std::unique_ptr<LogStore> logs_;
  std::unique_ptr<LoggingService> logging_;
  // ml, vertex: destroyed before storage_ and logs_, which their trainers use.
  std::shared_ptr<Holds> holds_ = std::make_shared<Holds>();  // shared by ml v1 and Vertex
  std::vector<std::shared_ptr<void>> services_;
  FaultInjector faults_;
  RequestLog log_;
  Router router_;
  Router control_router_;
  std::unique_ptr<Server> server_;
};

// True for control API paths (/_emulator/...), which bypass faults and the request log.
bool is_control_path(const std::string& path);

}  // namespace magritte::emulator
