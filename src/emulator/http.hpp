// The emulator's HTTP vocabulary: one parsed request in, one response out.
// The server (server.cpp) accepts origin-form ("GET /v1/...") and proxy absolute-form
// ("GET http://europe-west1-ml.emulator.test/v1/...") requests and CONNECT tunnels (TLS
// inside, for gsutil); handlers never see the difference.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace magritte::emulator {

struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
};
using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string host;    // without port: "europe-west1-ml.emulator.test", "127.0.0.1"
  std::string path;    // percent-decoded path: "/v1/projects/p/models/m:predict"
  std::string raw_path;                          // as sent, still percent-encoded
  std::multimap<std::string, std::string> query; // decoded query parameters
  Headers headers;
  std::string body;
  std::map<std::string, std::string> params;     // filled by the Router from the route pattern

  std::optional<std::string> query_value(const std::string& name) const;
  std::string param(const std::string& name) const;  // route parameter, "" when absent
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  static Response json(int status, const nlohmann::json& body);
  // Google's error format: {"error": {"code", "message", "status", "errors": [...]}}.
  static Response error(int status, std::string_view google_status, std::string_view message);
};

}  // namespace magritte::emulator
