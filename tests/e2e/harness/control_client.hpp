// The emulator's control API (/_emulator/...) from a test: health, request log, faults.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace magritte::e2e {

struct ControlReply {
  int status = 0;  // 0 when the emulator could not be reached
  nlohmann::json body;
};

struct RawReply {
  int status = 0;  // 0 when the emulator could not be reached
  std::string body;
};

// A plain GET on 127.0.0.1:port (e.g. an object's media), for checks that bypass the CLIs.
RawReply http_get(int port, const std::string& path);

// One request to 127.0.0.1:port; never throws for connection failures (status 0).
ControlReply control_request(int port, const std::string& method, const std::string& path,
                             const std::optional<nlohmann::json>& body = std::nullopt);

}  // namespace magritte::e2e
