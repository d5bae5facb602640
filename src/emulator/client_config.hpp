// What `magritte emulator env` sets up so that the real gcloud and gsutil talk to the
// emulator: a private gcloud configuration directory (INI files written directly: running
// `gcloud config set` eight times would cost ~4 s), a boto file for gsutil, the emulator's
// TLS certificate, and the environment variables that point at them.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace magritte::emulator {

struct ClientConfigOptions {
  std::filesystem::path data_dir;
  int port = 8470;
  std::string project = "magritte-local";
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
  std::filesystem::path ca_cert;            // the emulator's self-signed certificate
  std::vector<std::pair<std::string, std::string>> exports;  // in print order
  std::vector<std::string> unsets;  // inherited variables that would override the config
};

// Writes the files (only when their content changes, so it is idempotent and cheap) and
// returns the environment. `inherited` holds the names of the caller's environment
// variables: inherited CLOUDSDK_* properties (and BOTO_PATH) are listed for unsetting.
ClientConfig write_client_config(const ClientConfigOptions& options,
                                 const std::vector<std::string>& inherited);

// The gcloud properties file (configurations/config_default) and the boto file, as text.
std::string gcloud_properties_ini(const ClientConfigOptions& options, const std::filesystem::path& ca_cert);
std::string boto_config_ini(const ClientConfigOptions& options, const std::filesystem::path& ca_cert);

}  // namespace magritte::emulator
