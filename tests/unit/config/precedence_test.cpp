// defaults < file < env < flags, each layer beating the one below, with origins recorded.
#include "config_test_support.hpp"

namespace magritte::config::testing {
namespace {

std::string origin_of(const Settings& settings, const std::string& key) {
  return settings.find(key)->origin.describe();
}

TEST_F(ConfigTest, EachLayerBeatsTheOneBelow) {
  auto settings = load();
  EXPECT_EQ(settings.str("project.region"), "us-central1");
  EXPECT_EQ(origin_of(settings, "project.region"), "default");

  write("magritte.toml", "[project]\nregion = \"europe-west1\"\n");
  settings = load();
  EXPECT_EQ(settings.str("project.region"), "europe-west1");
  EXPECT_EQ(origin_of(settings, "project.region"), "file magritte.toml:2");

  env_["REGION"] = "asia-east1";
  settings = load();
  EXPECT_EQ(settings.str("project.region"), "asia-east1");
  EXPECT_EQ(origin_of(settings, "project.region"), "env REGION");

  env_["MAGRITTE_PROJECT_REGION"] = "us-east1";  // the MAGRITTE_ twin beats the seed name
  settings = load();
  EXPECT_EQ(settings.str("project.region"), "us-east1");
  EXPECT_EQ(origin_of(settings, "project.region"), "env MAGRITTE_PROJECT_REGION");

  set("project.region", "us-west1", "--region");
  settings = load();
  EXPECT_EQ(settings.str("project.region"), "us-west1");
  EXPECT_EQ(origin_of(settings, "project.region"), "flag --region");

  set("project.region", "us-west2");  // the last flag on a key wins
  settings = load();
  EXPECT_EQ(settings.str("project.region"), "us-west2");
  EXPECT_EQ(origin_of(settings, "project.region"), "flag --set");
}

TEST_F(ConfigTest, EveryLayerReachesEveryType) {
  write("magritte.toml", "[predict]\ntop = 3\n[gcloud]\npass_project = false\n");
  env_["MAGRITTE_TRAIN_ARGS"] = "a,b";
  set("deploy.labels", "team=vision");
  const auto settings = load();
  EXPECT_EQ(settings.integer("predict.top"), 3);
  EXPECT_FALSE(settings.boolean("gcloud.pass_project"));
  EXPECT_EQ(settings.list("train.args"), (StringList{"a", "b"}));
  EXPECT_EQ(settings.map("deploy.labels"), (StringMap{{"team", "vision"}}));
}

TEST_F(ConfigTest, SeedConfigWithSeedVariables) {
  config_flag_ = std::filesystem::path(MAGRITTE_SOURCE_DIR) / "configs/magritte.toml";
  env_ = {{"VERSION", "v2"},
          {"PROJECT_ID", "aerobic-coast-161423"},
          {"BUCKET", "sleq-ml-engine"},
          {"DATA_PATH", "data/raw/fruits/"},
          {"MODEL_NAME", "magritte"}};
  const auto settings = load();
  EXPECT_EQ(settings.str("train.job_name"), "magritte_v2");
  EXPECT_EQ(settings.str("train.job_dir"), "gs://sleq-ml-engine/models/magritte_v2");
  EXPECT_EQ(settings.str("deploy.origin"), "gs://sleq-ml-engine/models/magritte_v2/model");
  EXPECT_EQ(settings.str("gcloud.command_group"), "ml-engine");
  EXPECT_EQ(settings.list("train.args"),
            (StringList{"--num-epochs", "3", "--steps-per-epoch", "3", "--data-project",
                        "aerobic-coast-161423", "--data-bucket", "sleq-ml-engine", "--data-path",
                        "data/raw/fruits/"}));
  EXPECT_EQ(settings.find("model.version")->origin.describe(), "env VERSION");
}

TEST_F(ConfigTest, ConfigFileSearchOrder) {
  write("magritte.toml", "[model]\nname = \"from_cwd\"\n");
  write("env.toml", "[model]\nname = \"from_env\"\n");
  write("flag.toml", "[model]\nname = \"from_flag\"\n");
  EXPECT_EQ(load().str("model.name"), "from_cwd");
  EXPECT_EQ(load().config_file(), std::filesystem::path("magritte.toml"));

  env_["MAGRITTE_CONFIG"] = "";  // empty counts as unset
  EXPECT_EQ(load().str("model.name"), "from_cwd");

  env_["MAGRITTE_CONFIG"] = "env.toml";
  EXPECT_EQ(load().str("model.name"), "from_env");
  EXPECT_EQ(load().find("model.name")->origin.describe(), "file env.toml:2");

  config_flag_ = "flag.toml";
  EXPECT_EQ(load().str("model.name"), "from_flag");
  EXPECT_EQ(load().config_file(), std::filesystem::path("flag.toml"));
}

TEST_F(ConfigTest, NoConfigFileMeansDefaultsOnly) {
  const auto settings = load();
  EXPECT_FALSE(settings.config_file().has_value());
  EXPECT_EQ(settings.str("storage.engine"), "gcloud-storage");  // gsutil: only the seed asks for it
}

TEST_F(ConfigTest, MissingConfigFiles) {
  env_["MAGRITTE_CONFIG"] = "nowhere.toml";
  EXPECT_EQ(load_error(), "env MAGRITTE_CONFIG: config file 'nowhere.toml' not found");
  config_flag_ = "missing/magritte.toml";
  EXPECT_EQ(load_error(), "--config: config file 'missing/magritte.toml' not found");
}

TEST_F(ConfigTest, ConfigFilePathWithoutLoading) {
  EXPECT_EQ(config_file_path(options()), std::nullopt);
  write("magritte.toml", "");
  EXPECT_EQ(config_file_path(options()), std::filesystem::path("magritte.toml"));
  auto elsewhere = options();
  elsewhere.cwd = "";  // empty cwd: never look for ./magritte.toml
  EXPECT_EQ(config_file_path(elsewhere), std::nullopt);
}

}  // namespace
}  // namespace magritte::config::testing
