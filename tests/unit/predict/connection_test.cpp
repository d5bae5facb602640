#include "predict/connection.hpp"

#include <gtest/gtest.h>

#include <map>

#include "magritte/error.hpp"
#include "support/fake_runner.hpp"

namespace magritte::predict {
namespace {

// Recorded from `gcloud config list --format=json` with the emulator's settings and
// CLOUDSDK_CORE_PROJECT / CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE set (gcloud 528).
constexpr const char* kEmulatorConfig = R"({
  "api_endpoint_overrides": {"ml": "http://ml.emulator.test/"},
  "auth": {"disable_credentials": "true"},
  "core": {"custom_ca_certs_file": "/x.pem", "disable_usage_reporting": "True", "project": "envproj"},
  "proxy": {"address": "127.0.0.1", "port": "8123", "type": "http"}
})";

constexpr const char* kCloudConfig = R"({"core": {"account": "jean@example.com", "project": "aerobic-coast-161423"}})";

TEST(GcloudProperties, ReadsWhatPredictNeeds) {
  const GcloudProperties properties = parse_gcloud_properties(kEmulatorConfig);
  EXPECT_EQ(properties.project, "envproj");
  EXPECT_EQ(properties.ml_endpoint_override, "http://ml.emulator.test/");
  EXPECT_TRUE(properties.credentials_disabled);
  EXPECT_EQ(properties.ca_file, "/x.pem");
  ASSERT_TRUE(properties.proxy);
  EXPECT_EQ(properties.proxy->curl_url(), "http://127.0.0.1:8123");
}

TEST(GcloudProperties, DefaultsWhenNothingIsSet) {
  const GcloudProperties properties = parse_gcloud_properties(kCloudConfig);
  EXPECT_FALSE(properties.credentials_disabled);
  EXPECT_FALSE(properties.proxy);
  EXPECT_FALSE(properties.ml_endpoint_override);
  EXPECT_FALSE(properties.ca_file);
  EXPECT_EQ(properties.account, "jean@example.com");  // named when a bucket refuses it
  EXPECT_FALSE(parse_gcloud_properties(kEmulatorConfig).account);
}

TEST(GcloudProperties, ProxyTypesBecomeCurlSchemes) {
  const auto proxy = [](const std::string& type, const std::string& extra = "") {
    return parse_gcloud_properties(R"({"proxy": {"address": "p", "port": "1080", "type": ")" + type + "\"" + extra + "}}")
        .proxy->curl_url();
  };
  EXPECT_EQ(proxy("socks5"), "socks5h://p:1080");
  EXPECT_EQ(proxy("socks5", R"(, "rdns": "False")"), "socks5://p:1080");
  EXPECT_EQ(proxy("socks4"), "socks4://p:1080");
  EXPECT_EQ(proxy("http_no_tunnel"), "http://p:1080");
}

TEST(GcloudProperties, MalformedOutputIsACloudError) {
  try {
    parse_gcloud_properties("WARNING: not json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::cloud_failed);
    EXPECT_NE(std::string(e.what()).find("WARNING: not json"), std::string::npos);
  }
}

TEST(ConnectWithGcloud, SkipsTheTokenWhenCredentialsAreDisabled) {
  testing::FakeRunner runner;
  runner.then_ok(kEmulatorConfig);
  const Connection connection = connect_with_gcloud(runner, {std::nullopt, "europe-west1"});
  ASSERT_EQ(runner.calls.size(), 1U);
  EXPECT_EQ(runner.calls[0].command.args, (std::vector<std::string>{"config", "list", "--format=json"}));
  EXPECT_EQ(runner.calls[0].capture, Capture::both);
  EXPECT_TRUE(connection.token.empty());
  EXPECT_EQ(connection.endpoint, "http://europe-west1-ml.emulator.test/");
  EXPECT_EQ(connection.project, "envproj");
}

TEST(ConnectWithGcloud, AsksForATokenOtherwiseAndPrefersProjectId) {
  testing::FakeRunner runner;
  runner.then_ok(kCloudConfig).then_ok("ya29.a0-secret-token\n");
  const Connection connection = connect_with_gcloud(runner, {"my-project", "europe-west1"});
  ASSERT_EQ(runner.calls.size(), 2U);
  EXPECT_EQ(runner.calls[1].command.args, (std::vector<std::string>{"auth", "print-access-token"}));
  EXPECT_EQ(runner.calls[1].capture, Capture::both);  // the token never reaches the terminal
  EXPECT_EQ(connection.token.reveal(), "ya29.a0-secret-token");
  EXPECT_EQ(connection.project, "my-project");
  EXPECT_EQ(connection.endpoint, "https://europe-west1-ml.googleapis.com/");
}

TEST(ConnectWithGcloud, TokenFailureQuotesGcloudsErrorNotItsOutput) {
  testing::FakeRunner runner;
  runner.then_ok(kCloudConfig)
      .then({1, 0, "partial-token-leak", "ERROR: (gcloud.auth.print-access-token) You do not currently have an active account selected.\n"});
  try {
    connect_with_gcloud(runner, {std::nullopt, "us-central1"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::cloud_failed);
    EXPECT_EQ(std::string(e.what()),
              "`gcloud auth print-access-token` failed: ERROR: (gcloud.auth.print-access-token) You do not "
              "currently have an active account selected.");
    EXPECT_EQ(std::string(e.what()).find("partial-token-leak"), std::string::npos);
  }
}

TEST(ConnectWithGcloud, NoProjectAnywhereIsAUsageError) {
  testing::FakeRunner runner;
  runner.then_ok(R"({"auth": {"disable_credentials": "True"}})");
  try {
    connect_with_gcloud(runner, {std::nullopt, "us-central1"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::usage);
    EXPECT_EQ(std::string(e.what()), "no Google Cloud project: project.id is not set and gcloud has no core/project");
  }
}

// gcloud's files, in memory: the connection then needs no `gcloud config list`.
class ConnectFromFiles : public ::testing::Test {
protected:
  PropertiesSource source() {
    GcloudFiles files;
    files.getenv = [this](const std::string& name) -> std::optional<std::string> {
      const auto found = env.find(name);
      if (found == env.end()) return std::nullopt;
      return found->second;
    };
    files.read = [this](const std::string& path) {
      const auto found = disk.find(path);
      if (found == disk.end()) return FileText{};
      return FileText{FileText::State::read, found->second, {}};
    };
    files.sdk_root = "/sdk";
    PropertiesSource source;
    source.files = files;
    source.debug = [this](const std::string& line) { debug.push_back(line); };
    return source;
  }

  std::map<std::string, std::string> env = {{"CLOUDSDK_CONFIG", "/cfg"}};
  std::map<std::string, std::string> disk = {{"/cfg/active_config", "default"}};
  std::vector<std::string> debug;
  testing::FakeRunner runner;
};

TEST_F(ConnectFromFiles, CredentialsDisabledRunsNoGcloudAtAll) {
  disk["/cfg/configurations/config_default"] =
      "[core]\nproject = fileproj\n[auth]\ndisable_credentials = True\n[api_endpoint_overrides]\nml = http://ml.emulator.test/\n"
      "[proxy]\naddress = 127.0.0.1\nport = 8123\n";
  const Connection connection = connect_with_gcloud(runner, {std::nullopt, "europe-west1"}, source());
  EXPECT_TRUE(runner.calls.empty());
  EXPECT_EQ(connection.project, "fileproj");
  EXPECT_EQ(connection.endpoint, "http://europe-west1-ml.emulator.test/");
  ASSERT_TRUE(connection.proxy);
  EXPECT_EQ(connection.proxy->curl_url(), "http://127.0.0.1:8123");
  EXPECT_TRUE(connection.token.empty());
  ASSERT_EQ(debug.size(), 1U);
  EXPECT_EQ(debug[0], "gcloud's properties read from /cfg/configurations/config_default and CLOUDSDK_* (configuration "
                      "default), without running gcloud");
}

TEST_F(ConnectFromFiles, CredentialsEnabledAsksOnlyForTheToken) {
  env["CLOUDSDK_CORE_PROJECT"] = "envproj";
  runner.then_ok("ya29.token\n");
  const Connection connection = connect_with_gcloud(runner, {std::nullopt, "us-central1"}, source());
  ASSERT_EQ(runner.calls.size(), 1U);
  EXPECT_EQ(runner.calls[0].command.args, (std::vector<std::string>{"auth", "print-access-token"}));
  EXPECT_EQ(connection.token.reveal(), "ya29.token");
  EXPECT_EQ(connection.project, "envproj");
}

TEST_F(ConnectFromFiles, UncertainFilesFallBackToGcloudAndSayWhy) {
  disk["/cfg/configurations/config_default"] = "[core]\nproject = p\n  more\n";
  runner.then_ok(kEmulatorConfig);
  const Connection connection = connect_with_gcloud(runner, {std::nullopt, "europe-west1"}, source());
  ASSERT_EQ(runner.calls.size(), 1U);
  EXPECT_EQ(runner.calls[0].command.args, (std::vector<std::string>{"config", "list", "--format=json"}));
  EXPECT_EQ(connection.project, "envproj");
  ASSERT_EQ(debug.size(), 1U);
  EXPECT_EQ(debug[0], "asking `gcloud config list`: /cfg/configurations/config_default: line 3: an indented line "
                      "continuing the value of 'project'");
}

TEST_F(ConnectFromFiles, AProjectOnlyGcloudCouldFindFallsBackUnlessProjectIdIsSet) {
  env["CLOUDSDK_AUTH_DISABLE_CREDENTIALS"] = "1";
  runner.then_ok(kEmulatorConfig);
  connect_with_gcloud(runner, {std::nullopt, "europe-west1"}, source());
  ASSERT_EQ(runner.calls.size(), 1U);
  EXPECT_NE(debug.at(0).find("core/project is set in none of gcloud's files or variables"), std::string::npos);
  runner.calls.clear();
  EXPECT_EQ(connect_with_gcloud(runner, {"my-project", "europe-west1"}, source()).project, "my-project");
  EXPECT_TRUE(runner.calls.empty());
}

}  // namespace
}  // namespace magritte::predict
