#include "emulator/http.hpp"

#include <algorithm>
#include <cctype>

namespace magritte::emulator {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// "NOT_FOUND" → "notFound": the reason Cloud Storage puts in errors[0].reason.
std::string reason_from_status(std::string_view google_status) {
  if (google_status == "ALREADY_EXISTS") return "conflict";
  if (google_status == "INVALID_ARGUMENT") return "invalid";
  std::string reason;
  bool upper_next = false;
  for (char c : google_status) {
    if (c == '_') {
      upper_next = true;
    } else {
      reason += upper_next ? c : lower(c);
      upper_next = false;
    }
  }
  return reason;
}

std::string_view status_for_code(int status) {
  switch (status) {
    case 400: return "INVALID_ARGUMENT";
    case 401: return "UNAUTHENTICATED";
    case 403: return "PERMISSION_DENIED";
    case 404: return "NOT_FOUND";
    case 409: return "ALREADY_EXISTS";
    case 412: return "FAILED_PRECONDITION";
    case 413: return "OUT_OF_RANGE";
    case 429: return "RESOURCE_EXHAUSTED";
    case 501: return "UNIMPLEMENTED";
    case 503: return "UNAVAILABLE";
    case 504: return "DEADLINE_EXCEEDED";
    default: return status >= 500 ? "INTERNAL" : "UNKNOWN";
  }
}

Response error_body(int status, std::string_view google_status, std::string_view reason,
                    std::string_view message) {
  nlohmann::json detail = {{"message", message}, {"domain", "global"}, {"reason", reason}};
  nlohmann::json body = {{"error",
                          {{"code", status},
                           {"message", message},
                           {"status", google_status},
                           {"errors", nlohmann::json::array({detail})}}}};
  return Response::json(status, body);
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return lower(x) < lower(y); });
}

std::optional<std::string> Request::query_value(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::string Request::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::string Request::base_url() const {
  auto it = headers.find("Host");
  const std::string authority = it != headers.end() && !it->second.empty() ? it->second : host;
  return (secure ? "https://" : "http://") + authority;
}

Response Response::json(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.headers["Content-Type"] = "application/json; charset=UTF-8";
  // Object names and messages may hold any bytes: never let an invalid UTF-8 name throw.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response Response::error(int status, std::string_view google_status, std::string_view message) {
  if (google_status.empty()) google_status = status_for_code(status);
  return error_body(status, google_status, reason_from_status(google_status), message);
}

Response Response::storage_error(int status, std::string_view reason, std::string_view message) {
  return error_body(status, status_for_code(status), reason, message);
}

}  // namespace magritte::emulator
