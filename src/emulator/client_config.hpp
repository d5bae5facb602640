// What `magritte emulator env` sets up so that the real gcloud and gsutil talk to a running
// emulator: a private gcloud configuration directory in its data dir (INI files written
// directly: running `gcloud config set` eight times would cost ~4 s), a boto file for gsutil
// trusting the certificate that emulator serves, and the environment variables that point
// at them. Which data dir and certificate: the emulator's control API says
// (cli/emulator_probe.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace magritte::emulator {

struct ClientConfigOptions {
  std::filesystem::path data_dir;  // the running emulator's
  int port = 8470;
  std::string project = "magritte-local";
  std::filesystem::path ca_cert;   // the certificate the running emulator serves (must exist)
};

// gcloud's api_endpoint_overrides, in the order written: the API name and the URL that sends
// it to the emulator (through the proxy). gcloud derives regional hosts from them
// (ml → <region>-ml.emulator.test, aiplatform → <region>-aiplatform.emulator.test and
// <region>-prediction-aiplatform.emulator.test).
const std::vector<std::pair<std::string, std::string>>& api_endpoint_overrides();

struct ClientConfig {
  std::filesystem::path data_dir;           // absolute
  std::filesystem::path gcloud_config_dir;  // CLOUDSDK_CONFIG
  std::filesystem::path boto_config;        // BOTO_CONFIG
  std::filesystem::path ca_cert;            // the emulator's self-signed certificate (absolute)
  std::vector<std::pair<std::string, std::string>> exports;  // in print order
  std::vector<std::string> unsets;  // inherited variables that would override the config
};

// Writes the files (only when their content changes, so it is idempotent and cheap) and
// returns the environment. Never creates a certificate: one that the emulator does not serve
// would make gsutil retry its TLS handshake for minutes. Throws std::runtime_error when
// options.ca_cert cannot be read. `inherited` holds the names of the caller's environment
// variables: inherited CLOUDSDK_* properties (and BOTO_PATH) are listed for unsetting.
ClientConfig write_client_config(const ClientConfigOptions& options,
                                 const std::vector<std::string>& inherited);

// The gcloud properties file (configurations/config_default) and the boto file, as text.
std::string gcloud_properties_ini(const ClientConfigOptions& options, const std::filesystem::path& ca_cert);
std::string boto_config_ini(const ClientConfigOptions& options, const std::filesystem::path& ca_cert);

}  // namespace magritte::emulator
