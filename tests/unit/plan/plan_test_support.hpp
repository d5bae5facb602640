// Settings for the plan tests: the schema's defaults plus `--set` overrides, nothing read
// from the environment or a file, so each test states every value it depends on.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "magritte/command.hpp"
#include "magritte/config.hpp"
#include "magritte/error.hpp"

namespace magritte::plan::testing {

class PlanTest : public ::testing::Test {
protected:
  PlanTest() {
    values_ = {{"project.id", "test-project"}, {"project.region", "europe-west1"},
               {"storage.bucket", "test-bucket"}, {"model.name", "magritte"},
               {"model.version", "v3"},          {"train.module_name", "trainer.task"}};
  }

  config::Settings settings() const {
    config::LoadOptions options;
    options.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    options.env_names = [] { return std::vector<std::string>{}; };
    options.cwd = "";  // no magritte.toml
    for (const auto& [key, value] : values_) options.flags.push_back({key, value, "--set"});
    return config::load(options);
  }

  void set(const std::string& key, const std::string& value) { values_[key] = value; }
  void unset(const std::string& key) { values_.erase(key); }

  std::map<std::string, std::string> values_;
};

// A planned command as one argv: the program, then its arguments.
inline std::vector<std::string> argv(const Command& command) {
  std::vector<std::string> out = {command.program};
  out.insert(out.end(), command.args.begin(), command.args.end());
  return out;
}

}  // namespace magritte::plan::testing
