// Settings accessors: required vs optional, "how to set" messages, programming errors.
#include "config_test_support.hpp"

namespace magritte::config::testing {
namespace {

std::string usage_message(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::usage);
    return error.what();
  }
  return "no error";
}

TEST_F(ConfigTest, RequiredKeyNotSetSaysHowToSetIt) {
  const auto settings = load();
  EXPECT_EQ(usage_message([&] { settings.str("model.name"); }),
            "model.name is not set: set [model] name in magritte.toml, MODEL_NAME, "
            "MAGRITTE_MODEL_NAME or --model");
  EXPECT_EQ(usage_message([&] { settings.str("train.module_name"); }),
            "train.module_name is not set: set [train] module_name in magritte.toml, "
            "MAGRITTE_TRAIN_MODULE_NAME or --set train.module_name=VALUE");
  EXPECT_EQ(usage_message([&] { settings.integer("train.worker_count"); }),
            "train.worker_count is not set: set [train] worker_count in magritte.toml, "
            "MAGRITTE_TRAIN_WORKER_COUNT or --set train.worker_count=VALUE");
}

TEST_F(ConfigTest, OptionalAccessorsWhenUnset) {
  const auto settings = load();
  EXPECT_FALSE(settings.has("train.runtime_version"));
  EXPECT_EQ(settings.find("train.runtime_version"), nullptr);
  EXPECT_EQ(settings.opt_str("train.runtime_version"), std::nullopt);
  EXPECT_EQ(settings.opt_integer("train.worker_count"), std::nullopt);
  EXPECT_EQ(settings.opt_integer("predict.top"), 5);
  EXPECT_TRUE(settings.boolean("gcloud.pass_project"));
  EXPECT_EQ(settings.list("promote.smoke_images"), StringList{});
  EXPECT_EQ(settings.map("deploy.labels"), StringMap{});
}

TEST_F(ConfigTest, DeployRuntimeFollowsTrainRuntime) {
  EXPECT_EQ(load().opt_str("deploy.runtime_version"), std::nullopt);
  set("train.runtime_version", "1.15");
  EXPECT_EQ(load().str("deploy.runtime_version"), "1.15");
}

TEST_F(ConfigTest, KeysOutsideTheSchemaAreBugs) {
  const auto settings = load();
  EXPECT_THROW(settings.str("model.nmae"), std::logic_error);
  EXPECT_THROW(settings.has("nothing"), std::logic_error);
  EXPECT_THROW(settings.find("model"), std::logic_error);
  EXPECT_THROW(settings.list("train.arg"), std::logic_error);
}

TEST_F(ConfigTest, WrongTypeAccessIsABug) {
  const auto settings = load();
  EXPECT_THROW(settings.str("predict.top"), std::logic_error);
  EXPECT_THROW(settings.integer("predict.labels"), std::logic_error);
  EXPECT_THROW(settings.list("train.labels"), std::logic_error);
  EXPECT_THROW(settings.boolean("emulator.port"), std::logic_error);
}

TEST_F(ConfigTest, AllListsSetKeysInSchemaOrder) {
  env_ = {{"VERSION", "v1"}, {"MODEL_NAME", "m"}};
  const auto settings = load();
  std::vector<std::string> keys;
  for (const auto& setting : settings.all()) keys.push_back(setting.key);
  ASSERT_GE(keys.size(), 4u);
  EXPECT_EQ(keys[0], "project.region");
  EXPECT_EQ(keys[1], "storage.data_path");
  EXPECT_NE(std::find(keys.begin(), keys.end(), "model.version"), keys.end());
  EXPECT_EQ(std::find(keys.begin(), keys.end(), "train.job_dir"), keys.end());  // no bucket
  EXPECT_NE(settings.find_unresolved("train.job_dir"), nullptr);
}

TEST(SettingsTest, BuiltDirectlyForOtherModulesTests) {
  const Settings settings({{"model.name", std::string("m"), std::string("m"), Origin{}}});
  EXPECT_EQ(settings.str("model.name"), "m");
  EXPECT_FALSE(settings.has("model.version"));
  EXPECT_FALSE(settings.config_file().has_value());
}

TEST(OriginTest, DescribeAndMessagePrefix) {
  using Kind = Origin::Kind;
  EXPECT_EQ((Origin{Kind::default_value, ""}).describe(), "default");
  EXPECT_EQ((Origin{Kind::file, "magritte.toml:12"}).describe(), "file magritte.toml:12");
  EXPECT_EQ((Origin{Kind::env, "BUCKET"}).describe(), "env BUCKET");
  EXPECT_EQ((Origin{Kind::flag, "--set"}).describe(), "flag --set");
  EXPECT_EQ((Origin{Kind::default_value, ""}).message_prefix(), "default");
  EXPECT_EQ((Origin{Kind::file, "magritte.toml:12"}).message_prefix(), "magritte.toml:12");
  EXPECT_EQ((Origin{Kind::env, "BUCKET"}).message_prefix(), "env BUCKET");
  EXPECT_EQ((Origin{Kind::flag, "--version"}).message_prefix(), "--version");
}

}  // namespace
}  // namespace magritte::config::testing
