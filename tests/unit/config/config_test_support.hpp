// A hermetic config fixture: its own temp directory (made the current directory, so
// messages read "magritte.toml:3: ..." as a user sees them), an injected environment and
// flags. Nothing is read from the real environment.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "magritte/config.hpp"
#include "magritte/error.hpp"

namespace magritte::config::testing {

class ConfigTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "magritte-config-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    previous_cwd_ = std::filesystem::current_path();
    std::filesystem::current_path(dir_);
  }

  void TearDown() override {
    std::filesystem::current_path(previous_cwd_);
    std::filesystem::remove_all(dir_);
  }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  LoadOptions options() const {
    LoadOptions options;
    options.config_flag = config_flag_;
    options.getenv = [env = env_](const std::string& name) -> std::optional<std::string> {
      auto found = env.find(name);
      if (found == env.end()) return std::nullopt;
      return found->second;
    };
    options.env_names = [env = env_] {
      std::vector<std::string> names;
      for (const auto& entry : env) names.push_back(entry.first);
      return names;
    };
    options.flags = flags_;
    return options;
  }

  Settings load() const { return config::load(options()); }

  // The message of the usage error that load() must throw.
  std::string load_error() const {
    try {
      config::load(options());
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ExitCode::usage);
      return error.what();
    }
    ADD_FAILURE() << "load() succeeded; an error was expected";
    return "";
  }

  void set(const std::string& key, const std::string& value, const std::string& flag = "--set") {
    flags_.push_back({key, value, flag});
  }

  std::filesystem::path dir_;
  std::filesystem::path previous_cwd_;
  std::map<std::string, std::string> env_;
  std::vector<FlagOverride> flags_;
  std::optional<std::filesystem::path> config_flag_;
};

}  // namespace magritte::config::testing
