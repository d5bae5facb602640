// The emulator's HTTP/1.1 server: loopback only, one thread per connection (bounded),
// keep-alive, proxy absolute-form requests and CONNECT tunnels with TLS inside. It knows
// nothing about the APIs: every parsed request goes to an ExchangeHandler.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "emulator/http.hpp"
#include "emulator/http_io.hpp"
#include "emulator/tls.hpp"

namespace magritte::emulator {

// How the response travels back; fault injection uses the non-normal modes.
struct Delivery {
  enum class Mode { normal, drop, slow_body };
  Mode mode = Mode::normal;
  int slow_body_ms = 0;  // slow_body: the body trickles out over this many milliseconds
};

struct Exchange {
  Request request;
  Response response;
  Delivery delivery;
  std::uint64_t log_seq = 0;  // the handler's request-log entry, 0 when none yet
};

struct Completion {
  std::size_t bytes = 0;      // response bytes written (head + body)
  std::int64_t micros = 0;    // from the full request read to the response written
  bool delivered = true;      // false when the connection was dropped or the write failed
};

class ExchangeHandler {
public:
  virtual ~ExchangeHandler() = default;
  // Fills exchange.response (and maybe exchange.delivery) for exchange.request.
  virtual void handle(Exchange& exchange) = 0;
  // Called once the response went out (or failed to); the place for the request log.
  virtual void completed(const Exchange& exchange, const Completion& completion) = 0;
};

struct ServerOptions {
  int port = 0;  // 0: any free port (see Server::port())
  HttpLimits limits;
  std::size_t max_connections = 128;
  int idle_timeout_seconds = 120;  // a keep-alive connection with no request is closed
  int io_timeout_seconds = 60;     // a stalled read or write inside a request
  int shutdown_grace_ms = 5000;    // in-flight requests get this long to finish on stop()
  std::optional<TlsFiles> tls;     // without it, CONNECT tunnels carry plain HTTP only
};

// Tracks open connections so stop() can wake idle ones and wait for busy ones.
class ConnectionRegistry {
public:
  void add(int fd);
  void remove(int fd);
  // Marks fd as waiting for a request; false when the server is stopping (close it).
  bool begin_wait(int fd);
  void end_wait(int fd);
  bool stopping() const { return stopping_; }

  void stop_idle();            // sets stopping, shuts down every waiting connection
  bool wait_empty(int ms);     // true when all connections closed within ms
  void shutdown_all();         // forces the rest
  void wait_empty_forever();
  std::size_t size() const;
  bool wait_for_slot(std::size_t max);  // blocks while size() >= max; false when stopping

private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::set<int> open_;
  std::set<int> waiting_;
  std::atomic<bool> stopping_{false};
};

class Server {
public:
  Server(ServerOptions options, ExchangeHandler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds 127.0.0.1:port (port() is known from here on). Throws std::runtime_error (port
  // in use...). Separate from start() so services can learn the port before any request.
  void bind();
  // Starts accepting (binds first if needed).
  void start();
  int port() const { return port_; }
  // Stops accepting, lets in-flight requests finish (up to the grace period), closes all.
  void stop();

private:
  void accept_loop();

  ServerOptions options_;
  ExchangeHandler& handler_;
  std::unique_ptr<TlsServer> tls_;
  ConnectionRegistry registry_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  bool stopped_ = false;
};

// Serves one accepted connection until it closes (connection.cpp).
struct ConnectionEnv {
  const HttpLimits& limits;
  ExchangeHandler& handler;
  const TlsServer* tls;
  ConnectionRegistry& registry;
};
void serve_connection(int fd, const ConnectionEnv& env);

}  // namespace magritte::emulator
