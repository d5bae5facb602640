// How to reach the prediction service, learnt once per run: gcloud's effective properties
// (read from its files with gcloud's precedence, see gcloud_properties.hpp, else asked of
// `gcloud config list --format=json`) and, unless credentials are disabled, a bearer token.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "magritte/command.hpp"
#include "magritte/runner.hpp"
#include "predict/gcloud_properties.hpp"

namespace magritte::predict {

// The access token. Deliberately no operator<< and no implicit conversion: the only reader
// is the HTTP layer building the Authorization header. Never log it.
class Secret {
public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  bool empty() const { return value_.empty(); }
  const std::string& reveal() const { return value_; }

private:
  std::string value_;
};

struct ProxySettings {
  std::string type = "http";  // proxy/type: http, http_no_tunnel, socks4, socks4a, socks5
  std::string address;
  int port = 0;
  std::optional<std::string> username;
  std::optional<std::string> password;
  bool rdns = true;  // proxy/rdns: the proxy resolves host names (socks5h)

  std::string curl_url() const;  // "http://127.0.0.1:8123", "socks5h://proxy:1080"
};

// The gcloud properties predict uses, as `gcloud config list` reports them.
struct GcloudProperties {
  std::optional<std::string> project;               // core/project
  std::optional<std::string> account;               // core/account (who a 403 refused)
  std::optional<std::string> ml_endpoint_override;  // api_endpoint_overrides/ml
  std::optional<std::string> aiplatform_endpoint_override;  // api_endpoint_overrides/aiplatform
  std::optional<ProxySettings> proxy;               // proxy/* (all of address and port set)
  bool credentials_disabled = false;                // auth/disable_credentials
  std::optional<std::string> ca_file;               // core/custom_ca_certs_file
};

// Throws Error(cloud_failed) quoting the output when it is not the expected JSON object.
GcloudProperties parse_gcloud_properties(std::string_view config_list_json);
PropertyValues parse_config_list(std::string_view config_list_json);  // the same, every value
// From values read from gcloud's files or printed by `gcloud config list`.
GcloudProperties gcloud_properties(const PropertyValues& values);

Command config_list_command();   // gcloud config list --format=json
// --dry-run's note before config_list_command(): when it runs.
inline constexpr const char* kConfigListFallbackNote =
    "gcloud's properties are read from its files without gcloud; only when that is not certain (-v says why):";
Command access_token_command();  // gcloud auth print-access-token

struct Connection {
  std::string project;
  std::string endpoint;  // ml v1's regional endpoint, ends with '/'
  std::optional<std::string> aiplatform_endpoint_override;  // for Vertex AI's endpoints
  std::optional<ProxySettings> proxy;
  std::optional<std::string> ca_file;
  Secret token;  // empty when auth/disable_credentials is true
};

struct ConnectionRequest {
  std::optional<std::string> project;  // project.id; else gcloud's core/project
  std::string region;                  // project.region
};

// Where gcloud's properties come from.
struct PropertiesSource {
  // Read from gcloud's files first (gcloud_properties.hpp); without them, or when the reading
  // is uncertain, `gcloud config list` is asked.
  std::optional<GcloudFiles> files;
  std::function<void(const std::string&)> debug;  // -v: where the properties came from, and why
};

// gcloud's properties from its files when they say everything with certainty, else from
// `gcloud config list` (-v says which, and why). Without project_known, files that set no
// core/project are not enough (gcloud may learn it from the metadata server). Throws
// Error(cloud_failed) when `gcloud config list` fails.
GcloudProperties learn_gcloud_properties(Runner& runner, const PropertiesSource& source, bool project_known);

// Learns gcloud's properties (its files, else `gcloud config list`), asks for a token when
// credentials are enabled and derives the connection. Throws Error: tool_missing without
// gcloud, cloud_failed when a command fails (with gcloud's message, never its stdout), usage
// when no project is known.
Connection connect_with_gcloud(Runner& runner, const ConnectionRequest& request, const PropertiesSource& source = {});

// The same from already known properties and token (tests, and the step after the runs).
Connection make_connection(const GcloudProperties& properties, Secret token, const ConnectionRequest& request);

}  // namespace magritte::predict
