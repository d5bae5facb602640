// Runs magritte's CLI in-process with an injected environment and a FakeRunner, capturing
// stdout and stderr, so command logic (what runs after what, how failures map to exit
// codes) is tested without gcloud.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "cli/context.hpp"
#include "support/fake_runner.hpp"

namespace magritte::cli::testing {

struct CliRun {
  int exit_code = 0;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
protected:
  CliTest() {
    // The AI Platform backend's flows (Vertex is the default; vertex_test.cpp covers it).
    environment_ = {{"PROJECT_ID", "test-project"}, {"BUCKET", "test-bucket"},
                    {"MODEL_NAME", "magritte"},     {"VERSION", "v2"},
                    {"MAGRITTE_TRAIN_MODULE_NAME", "trainer.task"},
                    {"MAGRITTE_GCLOUD_BACKEND", "ai-platform"}};
  }

  CliRun run(std::vector<std::string> args) {
    Context context;
    context.set_environment(environment_);
    auto runner = std::make_unique<magritte::testing::FakeRunner>(fake_);
    auto* recording = runner.get();
    context.set_runner(std::move(runner));

    // No config file (the test's cwd has no magritte.toml): defaults + environment only.
    std::vector<const char*> argv = {"magritte"};
    for (const auto& arg : args) argv.push_back(arg.c_str());
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    CliRun result;
    result.exit_code = cli::run(static_cast<int>(argv.size()), argv.data(), context);
    result.out = ::testing::internal::GetCapturedStdout();
    result.err = ::testing::internal::GetCapturedStderr();
    calls_ = recording->calls;
    return result;
  }

  // The argv (program first) of the i-th command run.
  std::vector<std::string> argv_of(std::size_t index) const {
    std::vector<std::string> argv = {calls_.at(index).command.program};
    argv.insert(argv.end(), calls_.at(index).command.args.begin(),
                calls_.at(index).command.args.end());
    return argv;
  }

  std::map<std::string, std::string> environment_;
  magritte::testing::FakeRunner fake_;  // answers to queue before run()
  std::vector<magritte::testing::FakeRunner::Call> calls_;
};

// Where the tests' trained model lies (a version's deployment origin).
inline const std::string kOrigin = "gs://test-bucket/models/magritte_v2/model";

inline RunResult not_found() {
  return {1, 0, "", "ERROR: (gcloud.ai-platform.models.describe) NOT_FOUND: Field: name Error: "
                    "The model resource \"projects/p/models/magritte\" was not found.\n"};
}

}  // namespace magritte::cli::testing
