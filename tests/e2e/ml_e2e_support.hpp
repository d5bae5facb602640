// Shared by the ml end-to-end tests: the real gcloud against the emulator's ml v1 service.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "harness/emulator_test.hpp"

namespace magritte::e2e {

class MlEndToEnd : public EmulatorTest {
protected:
  static constexpr const char* kBucket = "magritte-test";
  static constexpr const char* kRegion = "europe-west1";

  // These tests drive the legacy AI Platform (ml v1) backend; Vertex AI is the default.
  void SetUp() override {
    EmulatorTest::SetUp();
    if (!HasFatalFailure()) set_environment_variable("MAGRITTE_GCLOUD_BACKEND", "ai-platform");
  }

  // tests/e2e/data/ml_trainer copied into the work dir (gcloud writes a setup.py next to it).
  std::filesystem::path copy_trainer() {
    const auto target = work_dir() / "ml_trainer";
    std::filesystem::copy(std::filesystem::path(MAGRITTE_E2E_DATA) / "ml_trainer", target,
                          std::filesystem::copy_options::recursive |
                              std::filesystem::copy_options::overwrite_existing);
    return target / "trainer";
  }

  // The tiny ONNX model of the predict tests (channel means, 5x4 input) uploaded to
  // gs://magritte-test/<prefix>/ with gsutil, as a user's script would.
  std::string upload_model(const std::string& prefix) {
    const CommandResult copy = gsutil({"-q", "cp", std::string(MAGRITTE_ML_E2E_DATA) + "/mean/model.onnx",
                                       std::string(MAGRITTE_ML_E2E_DATA) + "/mean/signature.json",
                                       std::string("gs://") + kBucket + "/" + prefix + "/"});
    EXPECT_TRUE(copy.ok()) << copy.describe();
    return std::string("gs://") + kBucket + "/" + prefix;
  }

  std::string job_state(const std::string& job_id, const std::string& group = "ai-platform") {
    const CommandResult describe = gcloud({group, "jobs", "describe", job_id, "--format=value(state)"});
    EXPECT_TRUE(describe.ok()) << describe.describe();
    std::string state = describe.out;
    while (!state.empty() && (state.back() == '\n' || state.back() == ' ')) state.pop_back();
    return state;
  }

  // Polls `gcloud ai-platform jobs describe` as a user (or magritte) does.
  bool wait_for_state(const std::string& job_id, const std::string& wanted,
                      std::chrono::seconds timeout = std::chrono::seconds(60)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (job_state(job_id) == wanted) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
  }
};

}  // namespace magritte::e2e
