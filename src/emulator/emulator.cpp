#include "emulator/emulator.hpp"

#include <chrono>
#include <thread>

#include "emulator/credential.hpp"
#include "emulator/logging/log_store.hpp"
#include "emulator/logging/logging_service.hpp"
#include "emulator/ml/ml_service.hpp"
#include "emulator/vertex/vertex_service.hpp"
#include "emulator/state.hpp"
#include "emulator/storage/disk_storage.hpp"
#include "emulator/storage/path_forms.hpp"
#include "emulator/storage/resumable.hpp"
#include "emulator/storage/storage_service.hpp"
#include "emulator/tls.hpp"

namespace magritte::emulator {
namespace fs = std::filesystem;

namespace {

// Faults applied before the request reaches a service; true when the response is decided.
bool apply_fault_before(const Fault& fault, Exchange& exchange) {
  switch (fault.mode) {
    case Fault::Mode::status:
      exchange.response = Response::error(fault.status, "", fault.message);
      return true;
    case Fault::Mode::drop:
      exchange.delivery.mode = Delivery::Mode::drop;
      exchange.response.status = 0;  // the request log shows that no response was sent
      return true;
    case Fault::Mode::delay:
      std::this_thread::sleep_for(std::chrono::milliseconds(fault.delay_ms));
      return false;
    default:
      return false;
  }
}

// Faults applied to the service's real response: the work is done, the answer is spoiled.
void apply_fault_after(const Fault& fault, Exchange& exchange) {
  switch (fault.mode) {
    case Fault::Mode::drop_after:
      exchange.delivery.mode = Delivery::Mode::drop;
      break;
    case Fault::Mode::slow_body:
      exchange.delivery.mode = Delivery::Mode::slow_body;
      exchange.delivery.slow_body_ms = fault.delay_ms;
      break;
    case Fault::Mode::truncate_json:
      exchange.response.body.resize(exchange.response.body.size() / 2);
      break;
    default:
      break;
  }
}

}  // namespace

bool is_control_path(const std::string& path) { return path.rfind("/_emulator/", 0) == 0; }

Emulator::Emulator(EmulatorOptions options)
    : options_(std::move(options)),
      tls_files_(ensure_certificate(options_.data_dir / "tls")),
      log_(options_.print_requests) {
  // A SIGKILL can leave the temp files of atomic writes behind; nothing reads them, but
  // they would pile up. (Storage sweeps its own directory when it loads.)
  for (const char* dir : {"state", "logging"}) remove_temp_files(options_.data_dir / dir);
  storage_ = std::make_unique<storage::DiskStorage>(options_.data_dir / "storage");
  uploads_ = std::make_unique<storage::ResumableUploads>(options_.data_dir / "storage" / "uploads");
  storage_service_ = std::make_unique<storage::StorageService>(*storage_, *uploads_);
  logs_ = std::make_unique<LogStore>(options_.data_dir / "logging");
  logging_ = std::make_unique<LoggingService>(*logs_);
  create_buckets();
  ServerOptions server_options;
  server_options.port = options_.port;
  server_options.tls = tls_files_;
  server_ = std::make_unique<Server>(server_options, *this);
}

Emulator::~Emulator() { stop(); }

void Emulator::create_buckets() {
  for (const std::string& bucket : options_.buckets) {
    if (!storage_->bucket_exists(bucket)) storage_->create_bucket(bucket, nlohmann::json::object());
  }
}

void Emulator::start() {
  server_->bind();  // the port is known before any service starts (trainers need it)
  add_control_routes();
  add_hold_routes(control_router_, *holds_);  // /_emulator/holds, for both services
  storage_service_->add_routes(router_);
  logging_->add_routes(router_);
  add_ml_services();
  add_vertex_service();
  server_->start();
}

void Emulator::stop() {
  faults_.clear();  // requests held by a fault rule go on, so that their connections can end
  if (server_) server_->stop();
}

// ── The single place where the ml v1 and Vertex AI services are wired in. ─────────────
void Emulator::add_ml_services() {
  ml::MlOptions ml_options;
  ml_options.data_dir = options_.data_dir;
  ml_options.port = server_->port();  // trainers reach Cloud Storage here
  ml_options.version_create_delay = options_.version_create_delay;
  ml_options.python = options_.python;
  ml_options.holds = holds_;
  auto ml = std::make_shared<ml::MlService>(ml_options, *storage_, *logs_);
  ml->add_routes(router_);
  services_.push_back(ml);
}

void Emulator::add_vertex_service() {
  vertex::VertexOptions vertex_options;
  vertex_options.data_dir = options_.data_dir;
  vertex_options.port = server_->port();
  vertex_options.python = options_.python;
  vertex_options.holds = holds_;
  auto vertex = std::make_shared<vertex::VertexService>(vertex_options, *storage_, *logs_);
  vertex->add_routes(router_);
  services_.push_back(vertex);
}

void Emulator::handle(Exchange& exchange) {
  Request& request = exchange.request;
  if (is_control_path(request.path)) {
    exchange.response = control_router_.dispatch(request);
    return;
  }
  // Storage clients reach the same API by several path forms (storage/path_forms.hpp):
  // routes and faults see the canonical one, the request log the path as sent.
  const std::string sent_path = request.path;
  const std::string sent_raw_path = request.raw_path;
  const bool rewritten = storage::canonicalize_storage_path(request, [&](std::string_view bucket) {
    return storage_->bucket_exists(bucket) && !router_.serves(request.path);
  });
  auto log_as_sent = [&] {
    if (rewritten) {
      request.path = sent_path;
      request.raw_path = sent_raw_path;
    }
    begin_log_entry(exchange);
  };
  const auto fault = faults_.take(request);
  if (fault && fault->mode == Fault::Mode::hold) faults_.wait_until_released(*fault, request);
  if (fault && apply_fault_before(*fault, exchange)) {
    exchange.response.log_note = fault->describe();
    return log_as_sent();
  }
  // HEAD is GET without the body (the connection drops the body when writing).
  const bool head = request.method == "HEAD";
  if (head) request.method = "GET";
  exchange.response = router_.dispatch(request);
  if (head) request.method = "HEAD";
  if (fault) {
    if (fault->mode == Fault::Mode::hold_response) faults_.wait_until_released(*fault, request);
    apply_fault_after(*fault, exchange);
    std::string& note = exchange.response.log_note;
    note += (note.empty() ? "" : " ") + fault->describe();
  }
  log_as_sent();
}

void Emulator::begin_log_entry(Exchange& exchange) {
  const Request& request = exchange.request;
  RequestRecord record;
  record.method = request.method;
  record.host = request.host;
  record.path = request.path;
  record.query = request.raw_query;
  record.status = exchange.response.status;
  record.delivered = exchange.delivery.mode != Delivery::Mode::drop;
  record.note = exchange.response.log_note;
  if (const auto auth = request.headers.find("Authorization"); auth != request.headers.end()) {
    record.credential = credential_fingerprint(auth->second);
  }
  exchange.log_seq = log_.begin(std::move(record));
}

void Emulator::completed(const Exchange& exchange, const Completion& completion) {
  if (is_control_path(exchange.request.path)) return;
  std::uint64_t seq = exchange.log_seq;
  if (seq == 0) {  // refused by the HTTP layer (400, 413, ...) before reaching handle()
    Exchange copy = exchange;
    begin_log_entry(copy);
    seq = copy.log_seq;
  }
  log_.finish(seq, completion.bytes, completion.micros, completion.delivered);
}

}  // namespace magritte::emulator
