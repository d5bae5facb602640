// The control API, on every host of the emulator's port (tests talk to it directly):
//   GET    /_emulator/health             readiness and identity: {"status": "ok", "service":
//                                         "magritte-emulator", "port", "pid", "data_dir",
//                                         "ca_cert", "version"}; `emulator env` reads it
//   GET    /_emulator/requests?since=N   the request log (records after seq N)
//   DELETE /_emulator/requests           forget the records
//   GET    /_emulator/faults             active fault rules
//   POST   /_emulator/faults             add a rule, or {"faults": [rules...]} (faults.hpp)
//   DELETE /_emulator/faults             remove every rule
#include <unistd.h>

#include <charconv>

#include "emulator/emulator.hpp"
#include "magritte/version.hpp"

namespace magritte::emulator {
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::uint64_t since_param(const Request& request) {
  const std::string text = request.query_value("since").value_or("0");
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace

void Emulator::add_control_routes() {
  control_router_.add("GET", "/_emulator/health", [this](Request&) {
    return Response::json(200, {{"status", "ok"},
                                {"service", "magritte-emulator"},
                                {"port", server_->port()},
                                {"pid", ::getpid()},
                                {"data_dir", fs::absolute(options_.data_dir).lexically_normal().string()},
                                // The certificate this process serves: the CA file its clients need.
                                {"ca_cert", fs::absolute(tls_files_.cert).lexically_normal().string()},
                                {"version", kVersion}});
  });
  control_router_.add("GET", "/_emulator/requests",
                      [this](Request& request) { return Response::json(200, log_.since(since_param(request))); });
  control_router_.add("DELETE", "/_emulator/requests", [this](Request&) {
    log_.clear();
    return Response::json(200, json::object());
  });
  control_router_.add("GET", "/_emulator/faults", [this](Request&) { return Response::json(200, faults_.describe()); });
  control_router_.add("DELETE", "/_emulator/faults", [this](Request&) {
    faults_.clear();
    return Response::json(200, json::object());
  });
  control_router_.add("POST", "/_emulator/faults", [this](Request& request) {
    try {
      const json body = json::parse(request.body);
      json ids = json::array();
      if (body.contains("faults")) {
        for (const json& rule : body["faults"]) ids.push_back(faults_.add(rule));
      } else {
        ids.push_back(faults_.add(body));
      }
      return Response::json(200, {{"ids", ids}});
    } catch (const std::exception& error) {
      return Response::error(400, "INVALID_ARGUMENT", std::string("bad fault rule: ") + error.what());
    }
  });
}

}  // namespace magritte::emulator
