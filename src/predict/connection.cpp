#include "predict/connection.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "magritte/error.hpp"
#include "magritte/text.hpp"
#include "predict/endpoint.hpp"
#include "predict/gcloud_properties.hpp"

namespace magritte::predict {
namespace {

using nlohmann::json;

std::optional<std::string> property(const PropertyValues& values, const char* section, const char* name) {
  const auto s = values.find(section);
  if (s == values.end()) return std::nullopt;
  const auto value = s->second.find(name);
  if (value == s->second.end() || value->second.empty()) return std::nullopt;
  return value->second;
}

// gcloud's boolean properties accept these spellings (properties.py: _BooleanValidator).
bool truthy(const std::optional<std::string>& value) {
  if (!value) return false;
  const std::string lower = ascii_lower(*value);
  return lower == "true" || lower == "1" || lower == "on" || lower == "yes" || lower == "y";
}

std::optional<ProxySettings> proxy_settings(const PropertyValues& config) {
  const auto address = property(config, "proxy", "address");
  const auto port = property(config, "proxy", "port");
  if (!address || !port) return std::nullopt;
  ProxySettings proxy;
  proxy.address = *address;
  try {
    proxy.port = std::stoi(*port);
  } catch (const std::exception&) {
    throw usage_error("gcloud's proxy/port is '" + *port + "'; accepted: a port number");
  }
  proxy.type = property(config, "proxy", "type").value_or("http");
  proxy.username = property(config, "proxy", "username");
  proxy.password = property(config, "proxy", "password");
  if (const auto rdns = property(config, "proxy", "rdns")) proxy.rdns = truthy(rdns);
  return proxy;
}

// The last "ERROR: ..." line of gcloud's stderr, else its last non-empty line.
std::string gcloud_message(const RunResult& result) {
  std::string last;
  std::string error_line;
  std::size_t start = 0;
  while (start < result.err.size()) {
    std::size_t end = result.err.find('\n', start);
    if (end == std::string::npos) end = result.err.size();
    std::string line = result.err.substr(start, end - start);
    if (!line.empty()) last = line;
    if (line.rfind("ERROR:", 0) == 0) error_line = line;
    start = end + 1;
  }
  const std::string& message = error_line.empty() ? last : error_line;
  return message.empty() ? "exit status " + std::to_string(result.exit_code) : message;
}

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

}  // namespace

std::string ProxySettings::curl_url() const {
  std::string scheme = "http";
  if (type == "socks4") scheme = "socks4";
  if (type == "socks4a") scheme = "socks4a";
  if (type == "socks5") scheme = rdns ? "socks5h" : "socks5";
  return scheme + "://" + address + ":" + std::to_string(port);
}

PropertyValues parse_config_list(std::string_view config_list_json) {
  json config;
  try {
    config = json::parse(config_list_json);
  } catch (const json::exception&) {
    throw cloud_error("could not read the output of `gcloud config list --format=json`: '" +
                      std::string(config_list_json.substr(0, 200)) + "'");
  }
  if (!config.is_object()) throw cloud_error("`gcloud config list --format=json` did not print a JSON object");
  PropertyValues values;
  for (const auto& [section, properties] : config.items()) {
    if (!properties.is_object()) continue;
    for (const auto& [name, value] : properties.items()) {
      if (!value.is_null()) values[section][name] = value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
  return values;
}

GcloudProperties gcloud_properties(const PropertyValues& config) {
  GcloudProperties properties;
  properties.project = property(config, "core", "project");
  properties.account = property(config, "core", "account");
  properties.ml_endpoint_override = property(config, "api_endpoint_overrides", "ml");
  properties.aiplatform_endpoint_override = property(config, "api_endpoint_overrides", "aiplatform");
  properties.proxy = proxy_settings(config);
  properties.credentials_disabled = truthy(property(config, "auth", "disable_credentials"));
  properties.ca_file = property(config, "core", "custom_ca_certs_file");
  return properties;
}

GcloudProperties parse_gcloud_properties(std::string_view config_list_json) {
  return gcloud_properties(parse_config_list(config_list_json));
}

Command config_list_command() {
  Command command;
  command.program = "gcloud";
  command.args = {"config", "list", "--format=json"};
  return command;
}

Command access_token_command() {
  Command command;
  command.program = "gcloud";
  command.args = {"auth", "print-access-token"};
  return command;
}

Connection make_connection(const GcloudProperties& properties, Secret token, const ConnectionRequest& request) {
  Connection connection;
  if (request.project) {
    connection.project = *request.project;
  } else if (properties.project) {
    connection.project = *properties.project;
  } else {
    throw usage_error("no Google Cloud project: project.id is not set and gcloud has no core/project",
                      "set [project] id in magritte.toml, PROJECT_ID, --project, or `gcloud config set project P`");
  }
  connection.endpoint = regional_ml_endpoint(properties.ml_endpoint_override, request.region);
  connection.aiplatform_endpoint_override = properties.aiplatform_endpoint_override;
  connection.proxy = properties.proxy;
  connection.ca_file = properties.ca_file;
  connection.token = std::move(token);
  return connection;
}

namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text.empty() ? "no file" : text;
}

}  // namespace

GcloudProperties learn_gcloud_properties(Runner& runner, const PropertiesSource& source, bool project_known) {
  const auto debug = [&source](const std::string& line) {
    if (source.debug) source.debug(line);
  };
  if (source.files) {
    const PropertiesReading reading = read_gcloud_properties(*source.files);
    std::string reason = reading.uncertain;
    if (reading.values) {
      GcloudProperties properties = gcloud_properties(*reading.values);
      if (properties.project || project_known) {
        debug("gcloud's properties read from " + joined(reading.files) + " and CLOUDSDK_* (configuration " +
              reading.configuration + "), without running gcloud");
        return properties;
      }
      reason = "core/project is set in none of gcloud's files or variables (gcloud may learn it from the metadata server)";
    }
    debug("asking `gcloud config list`: " + reason);
  }
  const RunResult listed = runner.run(config_list_command(), Capture::both);
  if (!listed.ok()) throw cloud_error("`gcloud config list` failed: " + gcloud_message(listed));
  return parse_gcloud_properties(listed.out);
}

Connection connect_with_gcloud(Runner& runner, const ConnectionRequest& request, const PropertiesSource& source) {
  const GcloudProperties properties = learn_gcloud_properties(runner, source, request.project.has_value());

  Secret token;
  if (!properties.credentials_disabled) {
    // Captured, never echoed: stdout is the token itself.
    RunResult printed = runner.run(access_token_command(), Capture::both);
    if (!printed.ok()) {
      throw cloud_error("`gcloud auth print-access-token` failed: " + gcloud_message(printed),
                        "log in with `gcloud auth login` (or set auth/disable_credentials for an emulator)");
    }
    token = Secret(trimmed(std::move(printed.out)));
    if (token.empty()) throw cloud_error("`gcloud auth print-access-token` printed no token");
  }
  return make_connection(properties, std::move(token), request);
}

}  // namespace magritte::predict
