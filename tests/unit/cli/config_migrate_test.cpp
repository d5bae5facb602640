// config migrate: the pure rewrite (plan::migrate_to_vertex) on small AI Platform configs,
// each result loaded back as a config file (it must validate), and the command's --write,
// --format json and refusals in-process.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_test_support.hpp"
#include "magritte/error.hpp"
#include "plan/vertex_images.hpp"
#include "plan/vertex_migration.hpp"
#include "plan/vertex_pools.hpp"
#include "support/process.hpp"

namespace magritte::cli::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const fs::path kSeedConfig = fs::path(MAGRITTE_SOURCE_DIR) / "configs/magritte.toml";

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

config::Settings load_file(const fs::path& path) {
  config::LoadOptions options;
  options.config_flag = path;
  options.cwd.clear();
  return config::load(options);
}

class Migrate : public ::testing::Test {
protected:
  // Migrates `toml` (an AI Platform config unless it says otherwise) and checks that the
  // result loads as a config file.
  plan::ConfigMigration migrate(const std::string& toml) { return migrate_file(write("magritte.toml", toml)); }

  plan::ConfigMigration migrate_file(const fs::path& path) {
    auto migration = plan::migrate_to_vertex(load_file(path));
    migrated_ = load_file(write("vertex.toml", migration.toml));
    return migration;
  }

  fs::path write(const std::string& name, const std::string& text) {
    const auto path = dir_.path() / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // The migrated file's value of `key` as written, or "" when it does not set it.
  std::string raw(const std::string& key) const {
    const auto* setting = migrated_->find(key);
    if (setting == nullptr || setting->origin.kind != config::Origin::Kind::file) return "";
    return config::format_value(setting->raw, true);
  }

  magritte::testing::TempDir dir_;
  std::optional<config::Settings> migrated_;
};

constexpr const char* kAiPlatform = "[gcloud]\nbackend = \"ai-platform\"\n";

TEST_F(Migrate, SeedConfigBecomesAVertexConfigWithAGpu) {
  const auto migration = migrate_file(kSeedConfig);
  EXPECT_EQ(migrated_->str("gcloud.backend"), "vertex");
  EXPECT_FALSE(migrated_->has("train.runtime_version"));
  EXPECT_EQ(raw("gcloud.command_group"), "");
  EXPECT_EQ(raw("train.scale_tier"), "\"basic-gpu\"");
  EXPECT_EQ(raw("train.executor_image"), "\"europe-docker.pkg.dev/vertex-ai/training/tf-gpu.1-15:latest\"");
  EXPECT_EQ(raw("deploy.container_image"), "\"europe-docker.pkg.dev/vertex-ai/prediction/tf-cpu.1-15:latest\"");
  // What the Vertex backend makes of it: one n1-standard-8 with a T4, in that image.
  const auto pools = plan::worker_pools(*migrated_);
  ASSERT_EQ(pools.pools.size(), 1u);
  EXPECT_EQ(pools.pools[0].machine_type, "n1-standard-8");
  EXPECT_EQ(pools.pools[0].accelerator, "NVIDIA_TESLA_T4");
  EXPECT_EQ(plan::training_image(*migrated_, true).uri,
            "europe-docker.pkg.dev/vertex-ai/training/tf-gpu.1-15:latest");
  EXPECT_TRUE(plan::training_image(*migrated_, true).notes.empty());  // no more mapping on every train
  EXPECT_TRUE(migration.unmapped.empty());
  EXPECT_THAT(migration.toml, HasSubstr("# migrated from train.runtime_version = \"1.5\" (line 30)"));
  EXPECT_THAT(migration.toml, HasSubstr("\n#   pool 0 (chief): 1 × n1-standard-8 + 1 NVIDIA_TESLA_T4\n"));
}

TEST_F(Migrate, KeepsValuesAsWrittenWithTheirInterpolations) {
  migrate_file(kSeedConfig);
  EXPECT_EQ(raw("train.args"),
            "[\"--num-epochs\", \"3\", \"--steps-per-epoch\", \"3\", \"--data-project\", \"${project.id}\", "
            "\"--data-bucket\", \"${storage.bucket}\", \"--data-path\", \"${storage.data_path}\"]");
  EXPECT_EQ(migrated_->list("train.args")[5], "aerobic-coast-161423");
  EXPECT_EQ(raw("storage.data_path"), "\"data/raw/fruits/\"");
  EXPECT_EQ(raw("gcloud.pass_project"), "false");
}

TEST_F(Migrate, ListsWhatItMappedAndWhy) {
  const auto migration = migrate_file(kSeedConfig);
  std::map<std::string, plan::MappedSetting> by_key;
  for (const auto& item : migration.mapped) by_key[item.key] = item;
  EXPECT_EQ(by_key["train.runtime_version"].from, "\"1.5\"");
  EXPECT_EQ(by_key["train.runtime_version"].to,
            "train.executor_image = \"europe-docker.pkg.dev/vertex-ai/training/tf-gpu.1-15:latest\"");
  EXPECT_EQ(by_key["deploy.runtime_version"].from, "\"${train.runtime_version}\"");
  EXPECT_EQ(by_key["gcloud.backend"].to, "gcloud.backend = \"vertex\"");
  EXPECT_EQ(by_key["gcloud.command_group"].to, std::nullopt);
  EXPECT_EQ(by_key["model.version"].to, "version alias \"v2\"");
  EXPECT_THAT(by_key["train.scale_tier"].to.value_or(""), HasSubstr("NVIDIA_TESLA_T4"));
  EXPECT_THAT(migration.warnings, ::testing::Contains(HasSubstr("NVIDIA K80")));
}

TEST_F(Migrate, RefusesAConfigThatIsVertexAlready) {
  for (const auto* toml : {"[gcloud]\nbackend = \"vertex\"\n", "[model]\nname = \"m\"\n"}) {
    try {
      plan::migrate_to_vertex(load_file(write("magritte.toml", toml)));
      ADD_FAILURE() << "not refused: " << toml;
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ExitCode::usage);
      EXPECT_THAT(error.what(), HasSubstr("this config is for Vertex AI already"));
    }
  }
}

TEST_F(Migrate, DropsWhatVertexHasNoUseForAndSaysWhatIsLost) {
  const auto migration = migrate(std::string(kAiPlatform) +
                                 "[train]\npython_version = \"3.5\"\nconfig = \"job.yaml\"\n"
                                 "[deploy]\npython_version = \"3.7\"\nmachine_type = \"mls1-c1-m2\"\n");
  std::vector<std::string> keys;
  for (const auto& item : migration.unmapped) keys.push_back(item.key);
  EXPECT_THAT(keys, ::testing::UnorderedElementsAre("train.python_version", "train.config", "deploy.python_version",
                                                    "deploy.machine_type"));
  EXPECT_FALSE(migrated_->has("train.config"));
  EXPECT_FALSE(migrated_->has("deploy.machine_type"));
  EXPECT_THAT(migration.toml, HasSubstr("# not migrated: train.config = \"job.yaml\" (line 5)"));
  EXPECT_EQ(migration.unmapped[0].where.substr(migration.unmapped[0].where.rfind(':')), ":4");
}

TEST_F(Migrate, ExplicitImagesWinOverRuntimeVersions) {
  const auto migration = migrate(std::string(kAiPlatform) +
                                 "[train]\nruntime_version = \"2.11\"\nexecutor_image = \"my/trainer:1\"\n"
                                 "[deploy]\nruntime_version = \"2.3\"\ncontainer_image = \"my/server:1\"\n");
  EXPECT_EQ(raw("train.executor_image"), "\"my/trainer:1\"");
  EXPECT_EQ(raw("deploy.container_image"), "\"my/server:1\"");
  EXPECT_FALSE(migrated_->has("deploy.runtime_version"));
  EXPECT_TRUE(migration.unmapped.empty());
  EXPECT_TRUE(migration.warnings.empty());
}

TEST_F(Migrate, ServingImageFollowsDeployRuntimeAndRegion) {
  migrate(std::string(kAiPlatform) +
          "[project]\nregion = \"asia-east1\"\n[deploy]\nruntime_version = \"2.15\"\naccelerator_type = "
          "\"nvidia-tesla-t4\"\n");
  EXPECT_EQ(raw("deploy.container_image"), "\"asia-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest\"");
  EXPECT_EQ(raw("train.executor_image"), "");  // the training image stays the default one
}

TEST_F(Migrate, CustomMachinesAreKeptWithThePoolsTheyGive) {
  const auto migration = migrate(std::string(kAiPlatform) +
                                 "[train]\nscale_tier = \"custom\"\nmaster_machine_type = \"complex_model_m_gpu\"\n"
                                 "worker_machine_type = \"standard\"\nworker_count = 4\n");
  EXPECT_EQ(raw("train.master_machine_type"), "\"complex_model_m_gpu\"");
  EXPECT_EQ(raw("train.worker_count"), "4");
  ASSERT_EQ(migration.mapped.size(), 2u);  // the backend, and the machines once
  EXPECT_EQ(migration.mapped[0].key, "train.scale_tier");
  EXPECT_EQ(migration.mapped[0].to, "worker pools: pool 0 (chief): 1 × n1-standard-16 + 4 NVIDIA_TESLA_T4; "
                                    "pool 1 (workers): 4 × n1-standard-4");
}

TEST_F(Migrate, PoolsVertexCannotRunAreReported) {
  const auto migration = migrate(std::string(kAiPlatform) +
                                 "[train]\nmaster_machine_type = \"standard\"\nparameter_server_machine_type = "
                                 "\"standard\"\nparameter_server_count = 2\n");
  ASSERT_EQ(migration.unmapped.size(), 1u);
  EXPECT_EQ(migration.unmapped[0].key, "train.master_machine_type");
  EXPECT_THAT(migration.unmapped[0].reason, HasSubstr("needs pool 1 (workers)"));
}

TEST_F(Migrate, NamesVertexRefusesAreReported) {
  const auto migration = migrate(std::string(kAiPlatform) + "[model]\nname = \"Fruits\"\nversion = \"v_2\"\n");
  ASSERT_EQ(migration.unmapped.size(), 2u);
  EXPECT_THAT(migration.unmapped[0].reason, HasSubstr("must start with a lowercase letter"));
  EXPECT_THAT(migration.unmapped[1].reason, HasSubstr("no '_'"));
  EXPECT_EQ(raw("model.version"), "\"v_2\"");  // kept: the user renames it
}

TEST_F(Migrate, AReferenceToARemovedKeyIsReported) {
  const auto migration = migrate(std::string(kAiPlatform) +
                                 "[train]\nruntime_version = \"1.15\"\n"
                                 "job_dir = \"gs://my-bucket/tf-${train.runtime_version}\"\n");
  ASSERT_EQ(migration.unmapped.size(), 1u);
  EXPECT_EQ(migration.unmapped[0].key, "train.job_dir");
  EXPECT_THAT(migration.unmapped[0].reason, HasSubstr("${train.runtime_version}"));
}

// The command, in-process, without the AI Platform environment CliTest sets.
class MigrateCommand : public CliTest {
protected:
  MigrateCommand() { environment_.clear(); }
  magritte::testing::TempDir dir_;
};

TEST_F(MigrateCommand, PrintsTomlAndNotesOnStderr) {
  const auto result = run({"--config", kSeedConfig.string(), "config", "migrate"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\n[gcloud]\n"));
  EXPECT_THAT(result.out, Not(HasSubstr("warning")));
  EXPECT_THAT(result.err, HasSubstr("magritte: warning: train.scale_tier 'basic-gpu' ran on one NVIDIA K80"));
  EXPECT_THAT(result.err, HasSubstr("7 settings mapped, 0 not migrated"));
}

TEST_F(MigrateCommand, WritesAFileAndNeverOverwritesItWithoutForce) {
  const auto target = (dir_.path() / "vertex.toml").string();
  auto result = run({"--config", kSeedConfig.string(), "config", "migrate", "--write", target});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "");
  const auto written = slurp(target);
  EXPECT_THAT(written, HasSubstr("backend = \"vertex\""));

  std::ofstream(target) << "# mine\n";
  result = run({"--config", kSeedConfig.string(), "config", "migrate", "--write", target});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("exists; nothing was written"));
  EXPECT_EQ(slurp(target), "# mine\n");

  result = run({"--config", kSeedConfig.string(), "config", "migrate", "--write", target, "--force"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(slurp(target), written);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_.path()), fs::directory_iterator()), 1);  // no temp left

  result = run({"--config", target, "config", "validate"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, target + ": valid\n");
}

TEST_F(MigrateCommand, JsonHasTheConfigWhatWasMappedAndWhatWasNot) {
  const auto result = run({"--config", kSeedConfig.string(), "--format", "json", "config", "migrate"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_THAT(json["config"].get<std::string>(), HasSubstr("executor_image = "));
  EXPECT_EQ(json["mapped"].size(), 7u);
  EXPECT_EQ(json["mapped"][0]["key"], "model.name");
  EXPECT_TRUE(json["unmapped"].empty());
  EXPECT_TRUE(json["written"].is_null());
}

TEST_F(MigrateCommand, AVertexConfigIsRefused) {
  const auto target = (dir_.path() / "vertex.toml").string();
  ASSERT_EQ(run({"--config", kSeedConfig.string(), "config", "migrate", "--write", target}).exit_code, 0);
  const auto result = run({"--config", target, "config", "migrate"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("this config is for Vertex AI already (gcloud.backend is \"vertex\")"));
  EXPECT_EQ(result.out, "");
}

TEST_F(MigrateCommand, EnvironmentValuesAreNotWrittenAndABackendOverrideIsWarned) {
  environment_ = {{"VERSION", "v9"}, {"MAGRITTE_GCLOUD_BACKEND", "ai-platform"}};
  const auto result = run({"--config", kSeedConfig.string(), "config", "migrate"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("version = \"v2\""));  // the file's
  EXPECT_THAT(result.err, HasSubstr("model.version (env VERSION)"));
  EXPECT_THAT(result.err, HasSubstr("env MAGRITTE_GCLOUD_BACKEND sets gcloud.backend"));
}

}  // namespace
}  // namespace magritte::cli::testing
