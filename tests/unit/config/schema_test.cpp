// The schema as other modules and `config show` see it, and TOML inline rendering.
#include <gtest/gtest.h>

#include <algorithm>

#include "magritte/config.hpp"

namespace magritte::config {
namespace {

TEST(SchemaTest, KeepsTheDocumentedKeyNames) {
  std::vector<std::string> keys;
  for (const auto& info : schema()) keys.push_back(info.key);
  // clang-format off
  const std::vector<std::string> expected = {
      "project.id", "project.region", "storage.bucket", "storage.data_path",
      "storage.local_data", "storage.engine", "model.name", "model.version", "train.job_name",
      "train.job_suffix", "train.job_dir", "train.region", "train.runtime_version",
      "train.python_version", "train.module_name", "train.package_path", "train.packages",
      "train.scale_tier", "train.config", "train.labels", "train.staging_bucket",
      "train.service_account", "train.master_machine_type", "train.master_accelerator_type",
      "train.master_accelerator_count", "train.worker_machine_type", "train.worker_count",
      "train.worker_accelerator_type", "train.worker_accelerator_count",
      "train.parameter_server_machine_type", "train.parameter_server_count",
      "train.parameter_server_accelerator_type", "train.parameter_server_accelerator_count",
      "train.args", "train.executor_image", "deploy.origin", "deploy.runtime_version", "deploy.framework",
      "deploy.python_version", "deploy.machine_type", "deploy.description", "deploy.labels",
      "deploy.container_image", "deploy.endpoint", "deploy.min_replicas", "deploy.max_replicas",
      "deploy.accelerator_type", "deploy.accelerator_count",
      "predict.image_size", "predict.fit", "predict.color_order", "predict.request_format",
      "predict.input_key", "predict.tensor_scaling", "predict.jpeg_quality", "predict.top",
      "predict.labels", "predict.max_pixels", "predict.max_request_bytes",
      "predict.max_instances", "predict.in_flight", "predict.retries", "promote.smoke_images",
      "promote.smoke_labels", "promote.history_size", "promote.canary_percent", "wait.poll_interval", "wait.timeout",
      "prune.keep", "gcloud.backend", "gcloud.command_group", "gcloud.pass_project", "emulator.port",
      "emulator.data_dir"};
  // clang-format on
  EXPECT_EQ(keys, expected);
}

TEST(SchemaTest, DescribesHowToSetEachKey) {
  const auto keys = schema();
  const auto info = [&](const std::string& key) {
    return *std::find_if(keys.begin(), keys.end(), [&](const KeyInfo& k) { return k.key == key; });
  };
  EXPECT_EQ(info("model.version").env,
            (std::vector<std::string>{"VERSION", "MAGRITTE_MODEL_VERSION"}));
  EXPECT_EQ(info("model.version").flag, "--version");
  EXPECT_EQ(info("train.job_dir").env,
            (std::vector<std::string>{"OUTPUT_PATH", "MAGRITTE_TRAIN_JOB_DIR"}));
  EXPECT_EQ(info("train.module_name").flag, "--set train.module_name=VALUE");
  EXPECT_EQ(info("train.job_name").default_value,
            Value(std::string("${model.name}_${model.version}")));
  EXPECT_EQ(info("train.args").default_value, Value(StringList{}));
  EXPECT_EQ(info("emulator.port").default_value, Value(std::int64_t{8470}));
  EXPECT_EQ(info("gcloud.pass_project").default_value, Value(true));
  EXPECT_EQ(info("gcloud.backend").default_value, Value(std::string("vertex")));
  EXPECT_EQ(info("gcloud.backend").flag, "--backend");
  EXPECT_EQ(info("project.id").default_value, std::nullopt);
  EXPECT_EQ(info("storage.engine").accepted, "gsutil, gcloud-storage");
  EXPECT_EQ(info("predict.jpeg_quality").accepted, "an integer from 1 to 100");
}

TEST(FormatValueTest, TomlInline) {
  EXPECT_EQ(format_value(std::string("a \"b\"")), "a \"b\"");
  EXPECT_EQ(format_value(std::string("a \"b\"\\\n"), true), R"("a \"b\"\\\n")");
  EXPECT_EQ(format_value(StringList{}), "[]");
  EXPECT_EQ(format_value(StringList{"--a", "b c"}), R"(["--a", "b c"])");
  EXPECT_EQ(format_value(StringMap{}), "{}");
  EXPECT_EQ(format_value(StringMap{{"team", "v"}, {"a b", "\x01"}}),
            R"({ "a b" = "\u0001", team = "v" })");
  EXPECT_EQ(format_value(std::int64_t{-3}), "-3");
  EXPECT_EQ(format_value(false), "false");
}

}  // namespace
}  // namespace magritte::config
