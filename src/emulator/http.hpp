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
  std::string raw_query;  // everything after '?', still percent-encoded
  bool secure = false;    // arrived over TLS (inside a CONNECT tunnel)

  // "https://storage.emulator.test" or "http://127.0.0.1:8470": the scheme and authority the
  // client used, for links it must follow back to us (resumable upload Location, selfLink).
  std::string base_url() const;

  std::optional<std::string> query_value(const std::string& name) const;
  std::string param(const std::string& name) const;  // route parameter, "" when absent
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // A short note for the one-line request log (e.g. "instances=12"); never sent to the client.
  std::string log_note;

  static Response json(int status, const nlohmann::json& body);
  // Google's error format: {"error": {"code", "message", "status", "errors": [...]}}.
  // errors[0].reason is derived from google_status ("NOT_FOUND" → "notFound"), as Cloud
  // Storage clients (gsutil, gcloud storage) read the reason rather than the status.
  static Response error(int status, std::string_view google_status, std::string_view message);
  // The same with an explicit Cloud Storage reason ("conditionNotMet", "required", ...).
  static Response storage_error(int status, std::string_view reason, std::string_view message);
};

}  // namespace magritte::emulator
