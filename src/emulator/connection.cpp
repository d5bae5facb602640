// One client connection: requests in a keep-alive loop; CONNECT turns the connection into a
// tunnel whose inside (TLS, or plain HTTP) is served the same way.
#include <sys/socket.h>

#include <chrono>
#include <exception>
#include <thread>

#include "emulator/gzip.hpp"
#include "emulator/server.hpp"

namespace magritte::emulator {
namespace {

using Clock = std::chrono::steady_clock;

constexpr unsigned char kTlsHandshakeRecord = 0x16;

std::int64_t micros_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

// Writes the head, then the body in ten pieces spread over delay_ms.
bool write_slowly(Stream& stream, const Response& response, bool keep_alive, int delay_ms) {
  if (!stream.write_all(serialize_head(response, keep_alive))) return false;
  const std::size_t pieces = 10;
  const std::size_t piece = (response.body.size() + pieces - 1) / pieces;
  for (std::size_t offset = 0; offset < response.body.size(); offset += piece) {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms / static_cast<int>(pieces)));
    if (!stream.write_all(std::string_view(response.body).substr(offset, piece))) return false;
  }
  return true;
}

// Content-Length as announced (0 when absent or unreadable: the body reader decides then).
std::size_t declared_length(const RequestHead& head) {
  auto it = head.headers.find("Content-Length");
  if (it == head.headers.end()) return 0;
  try {
    return std::stoull(it->second);
  } catch (const std::exception&) {
    return 0;
  }
}

class Connection {
public:
  Connection(int fd, const ConnectionEnv& env) : fd_(fd), env_(env), socket_(fd), reader_(socket_) {}

  void serve() {
    while (env_.registry.begin_wait(fd_)) {
      RequestHead head;
      const int status = read_request_head(reader_, env_.limits, head);
      env_.registry.end_wait(fd_);
      if (status < 0) return;
      if (status > 0) return reject(head, status);
      if (head.method == "CONNECT") {
        if (!open_tunnel(head)) return;
        continue;
      }
      if (!serve_request(head)) return;
    }
  }

private:
  Stream& stream() { return tunnel_ ? *tunnel_ : static_cast<Stream&>(socket_); }

  // Answers a malformed or oversized request and ends the connection (its remaining bytes
  // cannot be trusted to start a new request).
  void reject(const RequestHead& head, int status) {
    Exchange exchange;
    exchange.request.method = head.method.empty() ? "?" : head.method;
    exchange.request.path = head.target;
    exchange.request.host = tunnel_host_;
    exchange.response = Response::error(status, "", std::string(reason_phrase(status)));
    send(exchange, false, Clock::now());
  }

  bool open_tunnel(const RequestHead& head) {
    if (tunnel_ || in_tunnel_) return false;  // no tunnels inside tunnels
    if (!stream().write_all("HTTP/1.1 200 Connection established\r\n\r\n")) return false;
    in_tunnel_ = true;
    tunnel_host_ = host_without_port(head.target);
    if (reader_.buffered() > 0) return false;  // the client spoke before our 200: not TLS-safe
    // Waiting for the client's first tunnel byte (and its handshake) is idle time: a
    // shutdown must not wait for a client that opened a tunnel and went quiet.
    if (!env_.registry.begin_wait(fd_)) return false;
    unsigned char first = 0;
    const bool peeked = ::recv(fd_, &first, 1, MSG_PEEK) == 1;
    if (peeked && first == kTlsHandshakeRecord && env_.tls != nullptr) {
      std::string error;
      tunnel_ = env_.tls->accept(fd_, error);
    }
    env_.registry.end_wait(fd_);
    if (!peeked) return false;
    if (first != kTlsHandshakeRecord) return true;  // plain HTTP inside the tunnel
    if (!tunnel_) return false;
    reader_.reset(*tunnel_);
    return true;
  }

  bool serve_request(const RequestHead& head) {
    Exchange exchange;
    exchange.request.secure = tunnel_ != nullptr;
    if (!build_request(head, tunnel_host_.empty() ? "localhost" : tunnel_host_, exchange.request)) {
      reject(head, 400);
      return false;
    }
    if (has_body(head)) {
      // An announced body over the limit is refused before the client sends it.
      if (declared_length(head) > body_limit(env_.limits, head)) {
        reject(head, 413);
        return false;
      }
      auto expect = head.headers.find("Expect");
      if (expect != head.headers.end() && expect->second == "100-continue" &&
          !stream().write_all("HTTP/1.1 100 Continue\r\n\r\n")) {
        return false;
      }
      int status = read_request_body(reader_, env_.limits, head, exchange.request.body);
      if (status == 0) status = decode_body(exchange.request, body_limit(env_.limits, head));
      if (status != 0) {
        reject(head, status);
        return false;
      }
    }
    const auto start = Clock::now();
    const bool keep_alive = wants_keep_alive(head) && !env_.registry.stopping();
    try {
      env_.handler.handle(exchange);
    } catch (const std::exception& error) {
      exchange.response = Response::error(500, "INTERNAL", std::string("emulator: ") + error.what());
    }
    return send(exchange, keep_alive, start) && keep_alive;
  }

  // Content-Encoding: gzip bodies (gsutil -J) reach handlers inflated, within the same limit.
  int decode_body(Request& request, std::size_t limit) {
    auto encoding = request.headers.find("Content-Encoding");
    if (encoding == request.headers.end() || encoding->second == "identity") return 0;
    if (encoding->second != "gzip") return 415;
    std::string inflated;
    const GunzipResult result = gunzip(request.body, limit, inflated);
    if (result == GunzipResult::too_large) return 413;
    if (result == GunzipResult::malformed) return 400;
    request.body = std::move(inflated);
    request.headers.erase(encoding);
    return 0;
  }

  bool send(Exchange& exchange, bool keep_alive, Clock::time_point start) {
    Completion completion;
    const Delivery& delivery = exchange.delivery;
    if (delivery.mode == Delivery::Mode::drop) {
      ::shutdown(fd_, SHUT_RDWR);
      completion.delivered = false;
    } else if (delivery.mode == Delivery::Mode::slow_body) {
      completion.delivered = write_slowly(stream(), exchange.response, keep_alive, delivery.slow_body_ms);
      completion.bytes = exchange.response.body.size();
    } else {
      const std::string bytes = serialize_response(exchange.response,
                                                   exchange.request.method == "HEAD", keep_alive);
      completion.delivered = stream().write_all(bytes);
      completion.bytes = bytes.size();
    }
    completion.micros = micros_since(start);
    env_.handler.completed(exchange, completion);
    return completion.delivered;
  }

  int fd_;
  const ConnectionEnv& env_;
  SocketStream socket_;
  BufferedReader reader_;
  std::unique_ptr<Stream> tunnel_;
  bool in_tunnel_ = false;
  std::string tunnel_host_;
};

}  // namespace

void serve_connection(int fd, const ConnectionEnv& env) {
  Connection connection(fd, env);
  connection.serve();
}

}  // namespace magritte::emulator
