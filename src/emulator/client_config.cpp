#include "emulator/client_config.hpp"

#include <algorithm>
#include <stdexcept>

#include "emulator/state.hpp"

namespace magritte::emulator {
namespace fs = std::filesystem;

namespace {

// The gcloud and gsutil wrappers read these for the interpreter, not as properties: keep them.
bool keep_inherited(const std::string& name) {
  return name.rfind("CLOUDSDK_PYTHON", 0) == 0 || name == "CLOUDSDK_GSUTIL_PYTHON" ||
         name == "CLOUDSDK_BQ_PYTHON" || name == "CLOUDSDK_ROOT_DIR";
}

void write_if_changed(const fs::path& path, const std::string& content) {
  if (read_file(path) == content) return;
  write_file_atomic(path, content);
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& api_endpoint_overrides() {
  static const std::vector<std::pair<std::string, std::string>> overrides = {
      {"ml", "http://ml.emulator.test/"},
      {"storage", "http://storage.emulator.test/storage/v1/"},
      {"logging", "http://logging.emulator.test/"},
      {"aiplatform", "http://aiplatform.emulator.test/"},
  };
  return overrides;
}

std::string gcloud_properties_ini(const ClientConfigOptions& options, const fs::path& ca_cert) {
  const std::string port = std::to_string(options.port);
  std::string overrides;
  for (const auto& [api, url] : api_endpoint_overrides()) overrides += api + " = " + url + "\n";
  return "# Written by `magritte emulator env`: gcloud talks to the magritte emulator on\n"
         "# 127.0.0.1:" + port + " (as an HTTP proxy for the *.emulator.test endpoints).\n"
         "[core]\n"
         "project = " + options.project + "\n"
         "disable_usage_reporting = true\n"
         "disable_file_logging = true\n"
         "custom_ca_certs_file = " + ca_cert.string() + "\n"
         "[auth]\n"
         "disable_credentials = true\n"
         "[component_manager]\n"
         "disable_update_check = true\n"
         "[survey]\n"
         "disable_prompts = true\n"
         "[api_endpoint_overrides]\n" +
         overrides +
         "[proxy]\n"
         "type = http\n"
         "address = 127.0.0.1\n"
         "port = " + port + "\n"
         "[ml_engine]\n"
         "polling_interval = 1\n"
         "[storage]\n"
         "# Chunked uploads (e.g. from stdin) in 32 MiB requests rather than 100 MiB.\n"
         "upload_chunk_size = 32Mi\n";
}

std::string boto_config_ini(const ClientConfigOptions& options, const fs::path& ca_cert) {
  const std::string port = std::to_string(options.port);
  // gsutil ignores gcloud's storage endpoint override: it speaks TLS to gs_json_host, which
  // it reaches through the emulator's port with CONNECT (the gcloud wrapper also passes the
  // proxy settings; they are repeated here for gsutil run without the wrapper).
  return "# Written by `magritte emulator env`: gsutil talks to the magritte emulator.\n"
         "[Credentials]\n"
         "gs_json_host = storage.emulator.test\n"
         "gs_json_port = 443\n"
         "[Boto]\n"
         "proxy = 127.0.0.1\n"
         "proxy_port = " + port + "\n"
         "proxy_rdns = True\n"
         "https_validate_certificates = True\n"
         "ca_certificates_file = " + ca_cert.string() + "\n"
         "[GSUtil]\n"
         "default_project_id = " + options.project + "\n"
         "software_update_check_period = 0\n"
         "parallel_composite_upload_threshold = 0\n"
         "json_resumable_chunk_size = 33554432\n";
}

ClientConfig write_client_config(const ClientConfigOptions& options, const std::vector<std::string>& inherited) {
  ClientConfig config;
  config.data_dir = fs::absolute(options.data_dir).lexically_normal();
  config.gcloud_config_dir = config.data_dir / "gcloud";
  config.boto_config = config.data_dir / "boto.cfg";
  config.ca_cert = fs::absolute(options.ca_cert).lexically_normal();
  if (!read_file(config.ca_cert)) {
    throw std::runtime_error("cannot read the emulator's certificate " + config.ca_cert.string());
  }

  ClientConfigOptions absolute = options;
  absolute.data_dir = config.data_dir;
  write_if_changed(config.gcloud_config_dir / "configurations" / "config_default",
                   gcloud_properties_ini(absolute, config.ca_cert));
  write_if_changed(config.gcloud_config_dir / "active_config", "default");
  write_if_changed(config.boto_config, boto_config_ini(absolute, config.ca_cert));

  config.exports = {
      {"CLOUDSDK_CONFIG", config.gcloud_config_dir.string()},
      {"BOTO_CONFIG", config.boto_config.string()},
      // Wins over a machine-wide CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE; gsutil gets it too.
      {"CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE", config.ca_cert.string()},
      {"CLOUDSDK_ML_ENGINE_POLLING_INTERVAL", "1"},
      // Google's client libraries (and the emulator's own trainers) honour this.
      {"STORAGE_EMULATOR_HOST", "http://127.0.0.1:" + std::to_string(options.port)},
  };
  for (const std::string& name : inherited) {
    const bool exported = std::any_of(config.exports.begin(), config.exports.end(),
                                      [&](const auto& entry) { return entry.first == name; });
    if (exported) continue;
    if ((name.rfind("CLOUDSDK_", 0) == 0 && !keep_inherited(name)) || name == "BOTO_PATH") {
      config.unsets.push_back(name);
    }
  }
  std::sort(config.unsets.begin(), config.unsets.end());
  return config;
}

}  // namespace magritte::emulator
