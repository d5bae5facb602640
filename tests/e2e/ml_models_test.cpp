// Models, versions and operations through the real gcloud (ai-platform and ml-engine),
// on the global and regional endpoints, across an emulator restart.
#include "ml_e2e_support.hpp"

namespace magritte::e2e {
namespace {

class MlModels : public MlEndToEnd {
protected:
  CommandResult regional(std::vector<std::string> args) {
    args.push_back("--region");
    args.push_back(kRegion);
    args.insert(args.begin(), "ai-platform");
    return gcloud(args);
  }

  void create_version(const std::string& version, const std::string& origin) {
    const CommandResult created = regional({"versions", "create", version, "--model", "magritte",
                                            "--origin", origin, "--runtime-version", "2.11"});
    ASSERT_TRUE(created.ok()) << created.describe();
    // Without a terminal gcloud ends the progress line before "done.".
    EXPECT_TRUE(contains(created.err, "Creating version (this might take a few minutes)...") &&
                contains(created.err, "done.")) << created.err;
  }

  std::string default_version() {
    const CommandResult described = regional({"models", "describe", "magritte",
                                              "--format=value(defaultVersion.name.basename())"});
    EXPECT_TRUE(described.ok()) << described.describe();
    return described.out.substr(0, described.out.find('\n'));
  }
};

TEST_F(MlModels, CreateListDescribeOnEveryEndpoint) {
  // --regions goes to the global endpoint; list/describe without --region to us-central1.
  const CommandResult created = gcloud({"ai-platform", "models", "create", "magritte", "--regions", kRegion});
  ASSERT_TRUE(created.ok()) << created.describe();
  EXPECT_TRUE(contains(created.err, "Created ai platform model [projects/magritte-local/models/magritte].")) << created.err;
  const CommandResult listed = gcloud({"ai-platform", "models", "list"});
  ASSERT_TRUE(listed.ok()) << listed.describe();
  EXPECT_TRUE(contains(listed.out, "NAME") && contains(listed.out, "magritte")) << listed.out;
  const CommandResult regional_list = gcloud({"ml-engine", "models", "list", "--region", kRegion});
  EXPECT_TRUE(contains(regional_list.out, "magritte")) << regional_list.describe();
  const CommandResult described = regional({"models", "describe", "magritte"});
  ASSERT_TRUE(described.ok()) << described.describe();
  EXPECT_TRUE(contains(described.out, "name: projects/magritte-local/models/magritte")) << described.out;
  EXPECT_TRUE(contains(described.out, "- europe-west1")) << described.out;

  const CommandResult duplicate = gcloud({"ai-platform", "models", "create", "magritte", "--regions", kRegion});
  EXPECT_EQ(duplicate.exit_code, 1);
  EXPECT_TRUE(contains(duplicate.err, "is the subject of a conflict: Field: model.name Error: A model "
                                      "with the same name already exists.")) << duplicate.err;
  const CommandResult missing = regional({"models", "describe", "nope"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(contains(missing.err, "NOT_FOUND: Field: name Error: The model resource: \"nope\" was not found."))
      << missing.err;
}

TEST_F(MlModels, VersionsCreateDefaultSetDefaultDelete) {
  ASSERT_TRUE(regional({"models", "create", "magritte"}).ok());
  const std::string origin = upload_model("models/mean");
  create_version("v1", origin);
  create_version("v2", origin);
  EXPECT_EQ(default_version(), "v1") << "the first version becomes the default";

  const CommandResult listed = regional({"versions", "list", "--model", "magritte"});
  ASSERT_TRUE(listed.ok()) << listed.describe();
  EXPECT_TRUE(contains(listed.out, "v1    gs://magritte-test/models/mean  READY")) << listed.out;
  const CommandResult described = regional({"versions", "describe", "v2", "--model", "magritte"});
  EXPECT_TRUE(contains(described.out, "state: READY")) << described.describe();

  ASSERT_TRUE(regional({"versions", "set-default", "v2", "--model", "magritte"}).ok());
  EXPECT_EQ(default_version(), "v2");

  const CommandResult refused = regional({"versions", "delete", "v2", "--model", "magritte", "--quiet"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(contains(refused.err, "FAILED_PRECONDITION: Field: name Error: Cannot delete the default "
                                    "version v2")) << refused.err;
  const CommandResult deleted = regional({"versions", "delete", "v1", "--model", "magritte", "--quiet"});
  ASSERT_TRUE(deleted.ok()) << deleted.describe();
  EXPECT_TRUE(contains(deleted.err, "Deleting version [v1]...") && contains(deleted.err, "done."))
      << deleted.err;
  EXPECT_EQ(regional({"versions", "describe", "v1", "--model", "magritte"}).exit_code, 1);

  // No model at the origin: the operation fails, gcloud says why.
  const CommandResult empty = regional({"versions", "create", "v3", "--model", "magritte",
                                        "--origin", "gs://magritte-test/nothing/here"});
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_TRUE(contains(empty.err, "failed.")) << empty.err;
  EXPECT_TRUE(contains(empty.err, "no model found at gs://magritte-test/nothing/here/")) << empty.err;
}

TEST_F(MlModels, LabelsAndDescriptionHoldPromotionHistory) {
  ASSERT_TRUE(regional({"models", "create", "magritte"}).ok());
  const CommandResult updated = regional({"models", "update", "magritte", "--update-labels",
                                          "previous_default=v1", "--description", "v1 -> v2"});
  ASSERT_TRUE(updated.ok()) << updated.describe();
  const CommandResult described = regional({"models", "describe", "magritte", "--format=json"});
  const auto model = nlohmann::json::parse(described.out);
  EXPECT_EQ(model["labels"]["previous_default"], "v1");
  EXPECT_EQ(model["description"], "v1 -> v2");
  const CommandResult operations = regional({"operations", "list"});
  EXPECT_TRUE(contains(operations.out, "UPDATE_MODEL")) << operations.describe();
}

TEST_F(MlModels, EverythingSurvivesAKilledEmulator) {
  ASSERT_TRUE(regional({"models", "create", "magritte"}).ok());
  const std::string origin = upload_model("models/mean");
  create_version("v1", origin);
  create_version("v2", origin);
  ASSERT_TRUE(regional({"versions", "set-default", "v2", "--model", "magritte"}).ok());
  restart_emulator(StopMode::sigkill);
  EXPECT_EQ(default_version(), "v2");
  const CommandResult listed = regional({"versions", "list", "--model", "magritte", "--format=value(name)"});
  EXPECT_EQ(listed.out, "v1\nv2\n") << listed.describe();
  ASSERT_TRUE(regional({"models", "delete", "magritte", "--quiet"}).exit_code == 1)
      << "a model with versions cannot be deleted";
}

}  // namespace
}  // namespace magritte::e2e
