#include <gtest/gtest.h>

#include "emulator/client_config.hpp"
#include "emulator/state.hpp"
#include "emulator/tls.hpp"
#include "support/process.hpp"

namespace magritte::emulator {
namespace {

namespace fs = std::filesystem;

std::string value_of(const ClientConfig& config, const std::string& name) {
  for (const auto& [key, value] : config.exports) {
    if (key == name) return value;
  }
  return "<unset>";
}

// The certificate a running emulator with this data dir serves (emulator start makes it).
fs::path served_certificate(const fs::path& data_dir) { return ensure_certificate(data_dir / "tls").cert; }

TEST(ClientConfig, WritesGcloudAndBotoTrustingTheServedCertificate) {
  magritte::testing::TempDir dir;
  const fs::path cert = served_certificate(dir.path() / "emu");
  const ClientConfig config = write_client_config({dir.path() / "emu", 18555, "my-proj", cert}, {});
  EXPECT_EQ(value_of(config, "CLOUDSDK_CONFIG"), (dir.path() / "emu" / "gcloud").string());
  EXPECT_EQ(value_of(config, "STORAGE_EMULATOR_HOST"), "http://127.0.0.1:18555");
  EXPECT_EQ(value_of(config, "CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE"), cert.string());
  EXPECT_EQ(config.ca_cert, cert);
  EXPECT_EQ(read_file(config.gcloud_config_dir / "active_config"), "default");
  const std::string properties = *read_file(config.gcloud_config_dir / "configurations" / "config_default");
  for (const char* line : {"project = my-proj", "disable_credentials = true", "ml = http://ml.emulator.test/",
                           "storage = http://storage.emulator.test/storage/v1/", "aiplatform = http://aiplatform.emulator.test/",
                           "logging = http://logging.emulator.test/", "port = 18555",
                           "address = 127.0.0.1", "type = http"}) {
    EXPECT_NE(properties.find(line), std::string::npos) << line;
  }
  const std::string boto = *read_file(config.boto_config);
  EXPECT_NE(boto.find("gs_json_host = storage.emulator.test"), std::string::npos);
  EXPECT_NE(boto.find("ca_certificates_file = " + config.ca_cert.string()), std::string::npos);
}

TEST(ClientConfig, IdempotentAndKeepsTheCertificate) {
  magritte::testing::TempDir dir;
  const fs::path cert = served_certificate(dir.path());
  const ClientConfig first = write_client_config({dir.path(), 1, "p", cert}, {});
  const auto pem = read_file(first.ca_cert);
  const auto written = fs::last_write_time(first.boto_config);
  const ClientConfig second = write_client_config({dir.path(), 1, "p", cert}, {});
  EXPECT_EQ(read_file(second.ca_cert), pem);
  EXPECT_EQ(fs::last_write_time(second.boto_config), written);
}

TEST(ClientConfig, NeverMakesACertificateOfItsOwn) {
  magritte::testing::TempDir dir;
  EXPECT_THROW(write_client_config({dir.path(), 1, "p", dir.path() / "tls" / "cert.pem"}, {}), std::runtime_error);
  EXPECT_FALSE(fs::exists(dir.path() / "tls"));
  EXPECT_FALSE(fs::exists(dir.path() / "boto.cfg"));
}

TEST(ClientConfig, UnsetsInheritedPropertiesButKeepsInterpreterChoice) {
  magritte::testing::TempDir dir;
  const ClientConfig config = write_client_config(
      {dir.path(), 1, "p", served_certificate(dir.path())},
      {"PATH", "CLOUDSDK_CORE_PROJECT", "CLOUDSDK_PYTHON", "CLOUDSDK_CONFIG", "BOTO_PATH", "CLOUDSDK_PROXY_PORT",
       "CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE"});
  EXPECT_EQ(config.unsets, (std::vector<std::string>{"BOTO_PATH", "CLOUDSDK_CORE_PROJECT", "CLOUDSDK_PROXY_PORT"}));
}

}  // namespace
}  // namespace magritte::emulator
