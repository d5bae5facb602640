#include "cli/emulator_probe.hpp"

#include <nlohmann/json.hpp>

#include "magritte/error.hpp"
#include "predict/curl_library.hpp"

namespace magritte::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr long kConnectTimeoutMs = 1000;  // loopback: a listener accepts at once
constexpr long kTotalTimeoutMs = 3000;

struct HealthReply {
  CURLcode code = CURLE_OK;
  std::string error;  // libcurl's message when code is not CURLE_OK
  int status = 0;
  std::string body;
};

std::size_t append_health_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() > 64 * 1024) return 0;  // a health answer is small: this is something else
  body->append(data, size * count);
  return size * count;
}

HealthReply get_health(int port) {
  const predict::CurlLibrary& curl = predict::curl_library();
  CURL* handle = curl.easy_init();
  if (handle == nullptr) throw Error(ExitCode::internal, "curl_easy_init failed");
  HealthReply reply;
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/_emulator/health";
  char error[CURL_ERROR_SIZE] = "";
  curl.easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl.easy_setopt(handle, CURLOPT_PROXY, "");  // never through http_proxy: it is this machine
  curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
  curl.easy_setopt(handle, CURLOPT_TIMEOUT_MS, kTotalTimeoutMs);
  curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, append_health_body);
  curl.easy_setopt(handle, CURLOPT_WRITEDATA, &reply.body);
  curl.easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  reply.code = curl.easy_perform(handle);
  if (reply.code == CURLE_OK) {
    long status = 0;
    curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    reply.status = static_cast<int>(status);
  } else {
    reply.error = error[0] != '\0' ? error : curl.easy_strerror(reply.code);
  }
  curl.easy_cleanup(handle);
  return reply;
}

std::string listen_address(int port) { return "127.0.0.1:" + std::to_string(port); }

const char* const kOtherPortHint =
    "pass the port a magritte emulator listens on (its first line says 'listening on 127.0.0.1:N'), "
    "or start one on a free port: magritte emulator start --port 0";

}  // namespace

std::optional<RunningEmulator> parse_emulator_health(int status, const std::string& body) {
  if (status != 200) return std::nullopt;
  const json health = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!health.is_object() || health.value("status", json()) != "ok") return std::nullopt;
  if (health.contains("service") && health["service"] != "magritte-emulator") return std::nullopt;
  const auto data_dir = health.find("data_dir");
  if (data_dir == health.end() || !data_dir->is_string() || data_dir->get<std::string>().empty()) return std::nullopt;
  RunningEmulator running;
  running.data_dir = fs::path(data_dir->get<std::string>()).lexically_normal();
  if (!running.data_dir.is_absolute()) return std::nullopt;
  const auto ca_cert = health.find("ca_cert");
  running.ca_cert = ca_cert != health.end() && ca_cert->is_string() ? fs::path(ca_cert->get<std::string>())
                                                                     : running.data_dir / "tls" / "cert.pem";
  if (health.contains("port") && health["port"].is_number_integer()) running.port = health["port"].get<int>();
  if (health.contains("pid") && health["pid"].is_number_integer()) running.pid = health["pid"].get<long>();
  if (health.contains("version") && health["version"].is_string()) running.version = health["version"];
  return running;
}

RunningEmulator ask_running_emulator(int port, const std::string& start_hint) {
  if (port <= 0) {
    throw usage_error("emulator env needs the port the emulator listens on, not " + std::to_string(port),
                      "pass --port N, the port in the emulator's 'listening on 127.0.0.1:N' line");
  }
  const HealthReply reply = get_health(port);
  if (reply.code == CURLE_COULDNT_CONNECT) {
    throw usage_error("no emulator is running on " + listen_address(port) + ": nothing listens there",
                      "start one: " + start_hint + "   (or pass the port of the one that runs)");
  }
  if (reply.code == CURLE_OPERATION_TIMEDOUT) {
    throw usage_error("what listens on " + listen_address(port) + " did not answer GET /_emulator/health within " +
                          std::to_string(kTotalTimeoutMs / 1000) + " s: not a magritte emulator, or a stuck one",
                      kOtherPortHint);
  }
  if (reply.code != CURLE_OK) {
    throw usage_error("what listens on " + listen_address(port) + " is not a magritte emulator (GET /_emulator/health: " +
                          reply.error + ")",
                      kOtherPortHint);
  }
  auto running = parse_emulator_health(reply.status, reply.body);
  if (!running) {
    throw usage_error("what listens on " + listen_address(port) + " is not a magritte emulator (GET /_emulator/health "
                      "answered HTTP " + std::to_string(reply.status) + " without the emulator's identity)",
                      kOtherPortHint);
  }
  running->port = port;  // where clients reach it, whatever it reports
  return *running;
}

}  // namespace magritte::cli
