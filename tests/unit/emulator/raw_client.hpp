// A deliberately dumb HTTP client for the server tests: raw bytes over a TCP socket (or TLS
// on top, for CONNECT tunnels), so tests control exactly what goes on the wire.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "emulator/http.hpp"

namespace magritte::emulator::testing {

struct RawResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

class RawClient {
public:
  explicit RawClient(int port);  // connects to 127.0.0.1:port
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  void send(const std::string& bytes);
  // Reads one response (Content-Length bodies only); nullopt when the server closed.
  std::optional<RawResponse> read_response(bool head_request = false);
  // True when the server closed the connection (read returns 0 within the timeout).
  bool closed_by_server();
  // After "CONNECT ... 200": handshake as a TLS client, verifying `host` against ca_file.
  // Returns false (and the OpenSSL reason in `error`) when verification fails.
  bool start_tls(const std::string& ca_file, const std::string& host, std::string& error);

private:
  std::string read_line();
  std::string read_exact(std::size_t size);
  bool fill();

  int fd_ = -1;
  struct Tls;
  std::unique_ptr<Tls> tls_;
  std::string buffer_;
};

}  // namespace magritte::emulator::testing
