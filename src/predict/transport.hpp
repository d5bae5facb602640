// Sending one request body. An interface so that retries and the pipeline are tested
// against a real local HTTP server and against scripted failures alike.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace magritte::predict {

struct Connection;

struct HttpResponse {
  int status = 0;           // HTTP status; 0 when no response arrived
  std::string body;
  std::string error;        // transport failure ("Could not connect ..."), when status is 0
  std::optional<double> retry_after_seconds;  // the Retry-After header, when sent
};

class Transport {
public:
  virtual ~Transport() = default;
  // POSTs a JSON body. Never throws for network or HTTP failures: they are in the response.
  virtual HttpResponse post_json(const std::string& url, const std::string& body) = 0;
  // GETs a JSON resource (e.g. to find an endpoint by name). Transports that only predict
  // answer with an error.
  virtual HttpResponse get_json(const std::string& /*url*/) { return {0, "", "GET is not supported here", {}}; }
};

// One per sending thread (a libcurl easy handle keeps its connection alive between requests).
using TransportFactory = std::function<std::unique_ptr<Transport>()>;

// libcurl with the connection's proxy, CA file and bearer token.
std::unique_ptr<Transport> make_curl_transport(const Connection& connection);

}  // namespace magritte::predict
