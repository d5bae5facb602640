#include "predict/gcloud_properties.hpp"

#include <gtest/gtest.h>

#include <map>

namespace magritte::predict {
namespace {

// ConfigParser's reading, case by case (what Python 3.11's configparser does with the text).
TEST(PropertiesFile, ReadsKeysLowerCasedAndValuesStripped) {
  const auto parsed = parse_properties_file("[core]\nProject =  my-proj  \naccount:me@example.com\n\n[proxy]\n\taddress=h\n");
  ASSERT_TRUE(parsed.values) << parsed.uncertain;
  EXPECT_EQ(parsed.values->at("core").at("project"), "my-proj");
  EXPECT_EQ(parsed.values->at("core").at("account"), "me@example.com");
  EXPECT_EQ(parsed.values->at("proxy").at("address"), "h");
}

TEST(PropertiesFile, WholeLineCommentsOnlyAndTheFirstDelimiterSplits) {
  const auto parsed = parse_properties_file(
      "# top\n; also\n[core]\n  # indented comment\nproject = p # not a comment\n"
      "custom_ca_certs_file = C:=x\n");
  ASSERT_TRUE(parsed.values) << parsed.uncertain;
  EXPECT_EQ(parsed.values->at("core").at("project"), "p # not a comment");
  EXPECT_EQ(parsed.values->at("core").at("custom_ca_certs_file"), "C:=x");
}

TEST(PropertiesFile, EmptyValuesCrlfAndDoublePercent) {
  const auto parsed = parse_properties_file("[proxy]\r\npassword = a%%b\r\nusername =\r\n");
  ASSERT_TRUE(parsed.values) << parsed.uncertain;
  EXPECT_EQ(parsed.values->at("proxy").at("password"), "a%b");
  EXPECT_EQ(parsed.values->at("proxy").at("username"), "");
}

TEST(PropertiesFile, SectionNamesKeepTheirCase) {
  const auto parsed = parse_properties_file("[Core]\nproject = p\n");
  ASSERT_TRUE(parsed.values);
  EXPECT_EQ(parsed.values->count("core"), 0U);
  EXPECT_EQ(parsed.values->at("Core").at("project"), "p");
}

TEST(PropertiesFile, WhatItDoesNotReproduceIsUncertainWithTheLine) {
  const std::map<std::string, std::string> cases = {
      {"[core]\nproject = p\n  continued\n", "line 3: an indented line continuing the value of 'project'"},
      {"project = p\n", "line 1: a property before any [section]"},
      {"[core]\njust words\n", "line 2: 'just words' has no '=' or ':'"},
      {"[core]\nproject = p\n[core]\n", "line 3: section [core] appears twice"},
      {"[core]\nproject = p\nPROJECT = q\n", "line 3: 'project' appears twice in [core]"},
      {"[DEFAULT]\nproject = p\n", "line 1: a [DEFAULT] section (ConfigParser copies it into every section)"},
      {"[core] # c\n", "line 1: '[core] # c' is not a plain [section] line"},
      {"[core]\nproject = 50%\n", "line 2: a '%' in the value of 'project' (ConfigParser interpolation)"},
      {"[core]\nproject = %(x)s\n", "line 2: a '%' in the value of 'project' (ConfigParser interpolation)"},
      {"[core]\n= p\n", "line 2: a value without a name"},
      {"[core]\nproject = caf\xc3\xa9\n", "non-ASCII text (gcloud decodes it with the locale's encoding)"},
  };
  for (const auto& [text, reason] : cases) {
    const auto parsed = parse_properties_file(text);
    EXPECT_FALSE(parsed.values) << text;
    EXPECT_EQ(parsed.uncertain, reason) << text;
  }
}

// The layering, over an in-memory file system.
class PropertiesLayers : public ::testing::Test {
protected:
  PropertiesReading read() {
    GcloudFiles files;
    files.getenv = [this](const std::string& name) -> std::optional<std::string> {
      const auto found = env.find(name);
      if (found == env.end()) return std::nullopt;
      return found->second;
    };
    files.read = [this](const std::string& path) {
      const auto found = disk.find(path);
      return found == disk.end() ? FileText{} : found->second;
    };
    if (sdk_root) files.sdk_root = *sdk_root;
    files.sdk_root_unknown_reason = "no gcloud on PATH";
    return read_gcloud_properties(files);
  }
  void write(const std::string& path, const std::string& text) { disk[path] = {FileText::State::read, text, {}}; }

  std::map<std::string, std::string> env = {{"HOME", "/home/u"}};
  std::map<std::string, FileText> disk;
  std::optional<std::string> sdk_root = "/sdk";
};

TEST_F(PropertiesLayers, NothingAnywhereIsCertainAndEmpty) {
  const auto reading = read();
  ASSERT_TRUE(reading.values) << reading.uncertain;
  EXPECT_TRUE(reading.values->empty());
  EXPECT_EQ(reading.configuration, "default");
  EXPECT_TRUE(reading.files.empty());
}

TEST_F(PropertiesLayers, EnvironmentOverActiveConfigurationOverInstallation) {
  write("/sdk/properties", "[core]\nproject = from-installation\naccount = install@x\n[proxy]\nport = 1\n");
  write("/home/u/.config/gcloud/active_config", "default");
  write("/home/u/.config/gcloud/configurations/config_default", "[core]\nproject = from-config\n");
  env["CLOUDSDK_PROXY_PORT"] = "8123";
  const auto reading = read();
  ASSERT_TRUE(reading.values) << reading.uncertain;
  EXPECT_EQ(reading.values->at("core").at("project"), "from-config");
  EXPECT_EQ(reading.values->at("core").at("account"), "install@x");
  EXPECT_EQ(reading.values->at("proxy").at("port"), "8123");
  EXPECT_EQ(reading.files, (std::vector<std::string>{"/sdk/properties",
                                                      "/home/u/.config/gcloud/configurations/config_default"}));
}

TEST_F(PropertiesLayers, AnEmptyVariableStillOverrides) {
  write("/home/u/.config/gcloud/active_config", "default");
  write("/home/u/.config/gcloud/configurations/config_default", "[core]\nproject = p\n");
  env["CLOUDSDK_CORE_PROJECT"] = "";
  const auto reading = read();
  ASSERT_TRUE(reading.values);
  EXPECT_EQ(reading.values->at("core").at("project"), "");
}

TEST_F(PropertiesLayers, ActiveConfigurationFromVariableThenFileThenDefault) {
  env["CLOUDSDK_CONFIG"] = "/cfg";
  write("/cfg/active_config", "work");
  write("/cfg/configurations/config_work", "[core]\nproject = work-proj\n");
  write("/cfg/configurations/config_other", "[core]\nproject = other-proj\n");
  EXPECT_EQ(read().values->at("core").at("project"), "work-proj");
  env["CLOUDSDK_ACTIVE_CONFIG_NAME"] = "other";
  EXPECT_EQ(read().values->at("core").at("project"), "other-proj");
  env["CLOUDSDK_ACTIVE_CONFIG_NAME"] = "";  // empty: as if unset
  EXPECT_EQ(read().configuration, "work");
  write("/cfg/active_config", "");  // empty: "default"
  EXPECT_EQ(read().configuration, "default");
  disk.erase("/cfg/active_config");  // missing, and no config_default: "default", empty
  EXPECT_EQ(read().configuration, "default");
}

TEST_F(PropertiesLayers, NoneConfigurationReadsOnlyTheInstallation) {
  write("/sdk/properties", "[core]\naccount = a\n");
  write("/home/u/.config/gcloud/configurations/config_NONE", "[core]\nproject = p\n");
  env["CLOUDSDK_ACTIVE_CONFIG_NAME"] = "NONE";
  const auto reading = read();
  ASSERT_TRUE(reading.values);
  EXPECT_EQ(reading.values->at("core").count("project"), 0U);
}

TEST_F(PropertiesLayers, UncertainCasesSayWhy) {
  write("/home/u/.config/gcloud/active_config", "Bad Name");
  EXPECT_EQ(read().uncertain,
            "/home/u/.config/gcloud/active_config: 'Bad Name' is not a configuration name (gcloud would remove the file)");
  disk.clear();
  write("/home/u/.config/gcloud/properties", "[core]\nproject = legacy\n");
  EXPECT_EQ(read().uncertain, "/home/u/.config/gcloud/properties: legacy properties that gcloud would migrate into a "
                              "new default configuration");
  write("/home/u/.config/gcloud/properties",
        "# This properties file has been superseded by named configurations.\n# Editing it will have no effect.\n\n"
        "[core]\nproject = legacy\n");
  EXPECT_TRUE(read().values);  // already migrated: gcloud ignores it
  write("/home/u/.config/gcloud/configurations/config_default", "[core]\nproject = p\n");
  EXPECT_EQ(read().uncertain, "/home/u/.config/gcloud/configurations/config_default: no active_config beside it, so "
                              "gcloud would rewrite this file first");
  write("/home/u/.config/gcloud/active_config", "default");
  disk["/home/u/.config/gcloud/configurations/config_default"] = {FileText::State::failed, "", "Permission denied"};
  EXPECT_EQ(read().uncertain, "/home/u/.config/gcloud/configurations/config_default: Permission denied");
  disk.clear();
  sdk_root.reset();
  EXPECT_EQ(read().uncertain, "gcloud's installation directory is unknown: no gcloud on PATH");
  sdk_root = "/sdk";
  env.erase("HOME");
  EXPECT_EQ(read().uncertain, "HOME is not set (gcloud would look the home directory up)");
}

TEST_F(PropertiesLayers, OnlyTheKnownPropertiesAreReported) {
  write("/home/u/.config/gcloud/active_config", "default");
  write("/home/u/.config/gcloud/configurations/config_default", "[core]\nproject = p\nverbosity = debug\n[compute]\nzone = z\n");
  const auto reading = read();
  ASSERT_TRUE(reading.values);
  EXPECT_EQ(reading.values->size(), 1U);
  EXPECT_EQ(reading.values->at("core").size(), 1U);
}

}  // namespace
}  // namespace magritte::predict
