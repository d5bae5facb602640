// TLS for CONNECT tunnels (gsutil reaches storage.emulator.test:443 through the proxy port):
// a self-signed certificate made once per data dir, and server-side handshakes.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "emulator/stream.hpp"

struct ssl_ctx_st;

namespace magritte::emulator {

struct TlsFiles {
  std::filesystem::path cert;  // <dir>/cert.pem: also the CA file clients trust
  std::filesystem::path key;   // <dir>/key.pem
};

// Loads <tls_dir>/{cert,key}.pem, or creates them (EC P-256, X509 v3, valid 10 years, SAN
// storage.emulator.test, *.emulator.test, localhost, 127.0.0.1). Safe when `emulator env`
// and `emulator start` race: creation holds an flock on <tls_dir>/.lock.
TlsFiles ensure_certificate(const std::filesystem::path& tls_dir);

class TlsServer {
public:
  explicit TlsServer(const TlsFiles& files);  // throws std::runtime_error
  ~TlsServer();
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  // Server-side handshake on a connected socket (not owned); nullptr and `error` on failure.
  std::unique_ptr<Stream> accept(int fd, std::string& error) const;

private:
  ssl_ctx_st* context_;
};

}  // namespace magritte::emulator
