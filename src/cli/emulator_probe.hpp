// Which emulator listens on a port: `emulator env` describes the emulator that runs, not one
// it imagines. Its control API (GET http://127.0.0.1:N/_emulator/health) says where its data
// dir and certificate are; a certificate written anywhere else would make gsutil retry its
// TLS handshake for minutes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace magritte::cli {

struct RunningEmulator {
  int port = 0;
  long pid = 0;
  std::filesystem::path data_dir;  // absolute
  std::filesystem::path ca_cert;   // the certificate it serves, absolute
  std::string version;
};

// The emulator described by a health answer (HTTP status and body); nullopt when the answer
// is not a magritte emulator's. Emulators older than the "ca_cert" field serve
// <data_dir>/tls/cert.pem.
std::optional<RunningEmulator> parse_emulator_health(int status, const std::string& body);

// Asks 127.0.0.1:port (no proxy, 1 s to connect, 3 s in all). Throws Error(usage) saying
// what was found instead: nothing listening (and `start_hint`, the command that starts one),
// something that is not a magritte emulator, or one that does not answer.
RunningEmulator ask_running_emulator(int port, const std::string& start_hint);

}  // namespace magritte::cli
