// cpp-httplib is only used here, in the tests' control client.
#include "harness/control_client.hpp"

#include <httplib.h>

namespace magritte::e2e {

RawReply http_get(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2);
  client.set_read_timeout(30);
  RawReply reply;
  if (httplib::Result result = client.Get(path.c_str())) {
    reply.status = result->status;
    reply.body = result->body;
  }
  return reply;
}

ControlReply control_request(int port, const std::string& method, const std::string& path,
                             const std::optional<nlohmann::json>& body) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2);
  client.set_read_timeout(10);
  const std::string payload = body ? body->dump() : "";
  httplib::Result result = method == "GET"      ? client.Get(path.c_str())
                           : method == "DELETE" ? client.Delete(path.c_str())
                                                : client.Post(path.c_str(), payload, "application/json");
  ControlReply reply;
  if (!result) return reply;
  reply.status = result->status;
  reply.body = nlohmann::json::parse(result->body, nullptr, false);
  return reply;
}

}  // namespace magritte::e2e
