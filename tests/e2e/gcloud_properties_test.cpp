// The gcloud properties reader (src/predict/gcloud_properties.*) against the real gcloud:
// for each case, the reader's values must be exactly what `gcloud config list --format=json`
// prints for the properties magritte uses, and a case the reader cannot reproduce must be
// reported as uncertain (predict then asks gcloud). No emulator: only files and variables.
//
// The installation layer is tested through a shadow SDK: a directory with its own `.install`,
// `properties` and a copy of the launcher, the rest of the real SDK linked in, so that both
// gcloud (config.Paths().sdk_root) and the reader find the shadow's properties file.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "harness/child_process.hpp"
#include "predict/connection.hpp"
#include "predict/gcloud_properties.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;
using predict::PropertyValues;

class GcloudPropertiesTest : public ::testing::Test {
protected:
  GcloudPropertiesTest() {
    root_ = fs::path(::testing::TempDir()) / ("gcloud-properties-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "home");
    env_ = scrubbed_environment(root_ / "home");
  }
  ~GcloudPropertiesTest() override { fs::remove_all(root_); }

  // The default configuration as `gcloud config set` leaves it: the file and active_config.
  void write_default(const std::string& text) {
    write(user_dir() / "active_config", "default");
    write(user_dir() / "configurations/config_default", text);
  }
  void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }
  fs::path user_dir() const { return root_ / "home/.config/gcloud"; }

  // PATH starts with a shadow SDK whose installation properties file holds `properties`.
  void shadow_installation(const std::string& properties) {
    const predict::GcloudFiles real = predict::process_gcloud_files(getenv_of(env_));
    ASSERT_TRUE(real.sdk_root) << real.sdk_root_unknown_reason;
    const fs::path sdk(*real.sdk_root);
    const fs::path shadow = root_ / "sdk";
    fs::create_directories(shadow / "bin");
    fs::create_directories(shadow / ".install");
    fs::create_directories(shadow / "lib/googlecloudsdk/core");
    fs::copy_file(sdk / "bin/gcloud", shadow / "bin/gcloud");
    const auto link_all = [](const fs::path& from, const fs::path& to, const std::set<std::string>& except) {
      for (const auto& entry : fs::directory_iterator(from)) {
        const std::string name = entry.path().filename().string();
        if (except.count(name) == 0) fs::create_symlink(entry.path(), to / name);
      }
    };
    link_all(sdk, shadow, {"bin", "lib", "properties", ".install"});
    link_all(sdk / "lib", shadow / "lib", {"googlecloudsdk"});
    link_all(sdk / "lib/googlecloudsdk", shadow / "lib/googlecloudsdk", {"core"});
    link_all(sdk / "lib/googlecloudsdk/core", shadow / "lib/googlecloudsdk/core", {});
    write(shadow / "properties", properties);
    env_["PATH"] = (shadow / "bin").string() + ":" + env_["PATH"];
  }

  static std::function<std::optional<std::string>(const std::string&)> getenv_of(const Environment& env) {
    return [env](const std::string& name) -> std::optional<std::string> {
      const auto found = env.find(name);
      if (found == env.end()) return std::nullopt;
      return found->second;
    };
  }

  predict::PropertiesReading reader() const { return predict::read_gcloud_properties(predict::process_gcloud_files(getenv_of(env_))); }

  // What gcloud lists, limited to the properties the reader knows.
  PropertyValues gcloud() {
    const CommandResult listed =
        run_command({"gcloud", "config", "list", "--format=json"}, env_, root_, std::nullopt, std::chrono::seconds(60), root_);
    EXPECT_TRUE(listed.ok()) << listed.describe();
    PropertyValues known;
    for (const auto& [section, values] : predict::parse_config_list(listed.out)) {
      for (const auto& [name, value] : values) {
        for (const auto& [known_section, known_name] : predict::known_gcloud_properties()) {
          if (section == known_section && name == known_name) known[section][name] = value;
        }
      }
    }
    return known;
  }

  // The reader, before gcloud runs (gcloud writes active_config and configurations/), must
  // be certain and agree with gcloud.
  void expect_agreement(const PropertyValues& expected) {
    const predict::PropertiesReading reading = reader();
    ASSERT_TRUE(reading.values) << "uncertain: " << reading.uncertain;
    const PropertyValues listed = gcloud();
    EXPECT_EQ(*reading.values, listed);
    EXPECT_EQ(listed, expected);  // the case tests what it means to
  }

  fs::path root_;
  Environment env_;
};

TEST_F(GcloudPropertiesTest, NoConfigurationAtAll) {
  expect_agreement({});
}

TEST_F(GcloudPropertiesTest, MissingConfigDirectory) {
  env_["CLOUDSDK_CONFIG"] = (root_ / "nowhere").string();
  expect_agreement({});
}

TEST_F(GcloudPropertiesTest, DefaultConfigurationFile) {
  write_default(
        "[core]\nproject = file-proj\naccount = me@example.com\ncustom_ca_certs_file = /etc/ssl/ca.pem\n"
        "[auth]\ndisable_credentials = True\n"
        "[proxy]\ntype = http\naddress = 127.0.0.1\nport = 8123\n"
        "[api_endpoint_overrides]\nml = http://ml.test/\naiplatform = http://ai.test/\n");
  expect_agreement({{"core", {{"project", "file-proj"}, {"account", "me@example.com"}, {"custom_ca_certs_file", "/etc/ssl/ca.pem"}}},
                    {"auth", {{"disable_credentials", "True"}}},
                    {"proxy", {{"type", "http"}, {"address", "127.0.0.1"}, {"port", "8123"}}},
                    {"api_endpoint_overrides", {{"ml", "http://ml.test/"}, {"aiplatform", "http://ai.test/"}}}});
}

TEST_F(GcloudPropertiesTest, EnvironmentOverFile) {
  write_default("[core]\nproject = file-proj\n[proxy]\nport = 1\n");
  env_["CLOUDSDK_CORE_PROJECT"] = "env-proj";
  env_["CLOUDSDK_PROXY_ADDRESS"] = "proxy.test";
  env_["CLOUDSDK_AUTH_DISABLE_CREDENTIALS"] = "TRUE";
  expect_agreement({{"core", {{"project", "env-proj"}}},
                    {"proxy", {{"address", "proxy.test"}, {"port", "1"}}},
                    {"auth", {{"disable_credentials", "TRUE"}}}});
}

TEST_F(GcloudPropertiesTest, EmptyVariableOverridesFile) {
  write_default("[core]\nproject = file-proj\naccount = a@b\n");
  env_["CLOUDSDK_CORE_ACCOUNT"] = "";
  env_["CLOUDSDK_CORE_PROJECT"] = "env-proj";
  expect_agreement({{"core", {{"project", "env-proj"}, {"account", ""}}}});
}

TEST_F(GcloudPropertiesTest, NamedConfigurationFromActiveConfigFile) {
  env_["CLOUDSDK_CONFIG"] = (root_ / "cfg").string();
  write(root_ / "cfg/active_config", "work");
  write(root_ / "cfg/configurations/config_default", "[core]\nproject = default-proj\n");
  write(root_ / "cfg/configurations/config_work", "[core]\nproject = work-proj\n");
  expect_agreement({{"core", {{"project", "work-proj"}}}});
}

TEST_F(GcloudPropertiesTest, NamedConfigurationFromVariableOverActiveConfigFile) {
  env_["CLOUDSDK_CONFIG"] = (root_ / "cfg").string();
  env_["CLOUDSDK_ACTIVE_CONFIG_NAME"] = "other";
  write(root_ / "cfg/active_config", "work");
  write(root_ / "cfg/configurations/config_work", "[core]\nproject = work-proj\n");
  write(root_ / "cfg/configurations/config_other", "[core]\nproject = other-proj\n[proxy]\nrdns = false\n");
  expect_agreement({{"core", {{"project", "other-proj"}}}, {"proxy", {{"rdns", "false"}}}});
}

TEST_F(GcloudPropertiesTest, NamedConfigurationThatDoesNotExist) {
  env_["CLOUDSDK_ACTIVE_CONFIG_NAME"] = "ghost";
  write_default("[core]\nproject = default-proj\n");
  expect_agreement({});
}

TEST_F(GcloudPropertiesTest, OddButValidSpellings) {
  write_default(
        "# a comment\r\n; another\r\n[core]\r\n  PROJECT   =   spaced-proj   \r\naccount:colon@example.com\r\n"
        "custom_ca_certs_file =\r\n\r\n   # indented comment\r\n[auth]\r\nDisable_Credentials = YES\r\n"
        "[proxy]\r\naddress = h # not a comment\r\npassword = 50%%\r\nusername = u=v:w\r\n"
        "[compute]\r\nzone = europe-west1-b\r\n");
  expect_agreement({{"core", {{"project", "spaced-proj"}, {"account", "colon@example.com"}, {"custom_ca_certs_file", ""}}},
                    {"auth", {{"disable_credentials", "YES"}}},
                    {"proxy", {{"address", "h # not a comment"}, {"password", "50%"}, {"username", "u=v:w"}}}});
}

TEST_F(GcloudPropertiesTest, AlreadyMigratedLegacyFileIsIgnored) {
  write(user_dir() / "properties",
        "# This properties file has been superseded by named configurations.\n# Editing it will have no effect.\n\n"
        "[core]\nproject = legacy-proj\n");
  write(user_dir() / "active_config", "default");
  expect_agreement({});
}

TEST_F(GcloudPropertiesTest, InstallationPropertiesAreTheLowestLayer) {
  shadow_installation("[core]\nproject = install-proj\naccount = install@example.com\n[proxy]\naddress = install-proxy\nport = 3128\n");
  write_default("[core]\nproject = user-proj\n");
  env_["CLOUDSDK_PROXY_PORT"] = "8080";
  expect_agreement({{"core", {{"project", "user-proj"}, {"account", "install@example.com"}}},
                    {"proxy", {{"address", "install-proxy"}, {"port", "8080"}}}});
}

// What the reader does not reproduce it leaves to gcloud, saying why.
TEST_F(GcloudPropertiesTest, ContinuationLinesAreLeftToGcloud) {
  write_default("[core]\nproject = p\n  continued\n");
  const auto reading = reader();
  EXPECT_FALSE(reading.values);
  EXPECT_NE(reading.uncertain.find("line 3: an indented line continuing the value of 'project'"), std::string::npos);
}

// Without active_config gcloud rewrites config_default before reading it (here: empty).
TEST_F(GcloudPropertiesTest, DefaultConfigurationWithoutActiveConfigIsLeftToGcloud) {
  write(user_dir() / "configurations/config_default", "[core]\nproject = file-proj\n");
  const auto reading = reader();
  EXPECT_FALSE(reading.values);
  EXPECT_NE(reading.uncertain.find("no active_config beside it"), std::string::npos) << reading.uncertain;
  EXPECT_EQ(gcloud(), PropertyValues{});
  expect_agreement({});
}

TEST_F(GcloudPropertiesTest, UnmigratedLegacyFileIsLeftToGcloud) {
  write(user_dir() / "properties", "[core]\nproject = legacy-proj\n");
  const auto reading = reader();
  EXPECT_FALSE(reading.values);
  EXPECT_NE(reading.uncertain.find("legacy properties"), std::string::npos);
  // gcloud migrates it into the default configuration; the reader then agrees.
  EXPECT_EQ(gcloud(), (PropertyValues{{"core", {{"project", "legacy-proj"}}}}));
  expect_agreement({{"core", {{"project", "legacy-proj"}}}});
}

}  // namespace
}  // namespace magritte::e2e
