// The Vertex model registry through the real `gcloud ai models`: first and later versions,
// aliases, describe by alias and by version id, list-version, delete-version refusals, alias
// moves through mergeVersionAliases (gcloud has no command for it), a held upload.
#include "vertex_e2e_support.hpp"

namespace magritte::e2e {
namespace {

using VertexModels = VertexEndToEnd;

TEST_F(VertexModels, VersionsAliasesAndDeletes) {
  EXPECT_EQ(upload_version("v1", true), "1");
  EXPECT_EQ(upload_version("v2", false), "2");

  const auto v2 = ai_json({"models", "describe", "magritte@v2"});
  EXPECT_EQ(v2.value("versionId", ""), "2");
  EXPECT_EQ(v2["versionAliases"], nlohmann::json({"v2"}));
  EXPECT_EQ(v2["supportedDeploymentResourcesTypes"], nlohmann::json({"DEDICATED_RESOURCES"}));
  EXPECT_EQ(v2.value("artifactUri", ""), "gs://magritte-test/models/v2/");
  const auto by_default = ai_json({"models", "describe", "magritte"});
  EXPECT_EQ(by_default.value("versionId", ""), "1") << "the first version holds `default`";
  EXPECT_EQ(by_default["versionAliases"], nlohmann::json({"default", "v1"}));

  const auto versions = ai_json({"models", "list-version", "magritte"});
  ASSERT_EQ(versions.size(), 2u) << versions.dump();

  const CommandResult refused = ai({"models", "delete-version", "magritte@1", "--quiet"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(contains(refused.err, "FAILED_PRECONDITION: Model version 1 of " + std::string(kParent) +
                                        "/models/magritte holds the default alias")) << refused.err;

  // Moving `default` (an alias held by another version moves, as the service does).
  const std::string merge = "/v1/" + std::string(kParent) + "/models/magritte@2:mergeVersionAliases";
  auto moved = rest("POST", merge, R"({"versionAliases": ["default", "-v2", "stable"]})");
  ASSERT_TRUE(moved && moved->status == 200) << (moved ? moved->body : "no answer");
  EXPECT_EQ(nlohmann::json::parse(moved->body)["versionAliases"], nlohmann::json({"default", "stable"}));
  auto removal = rest("POST", merge, R"({"versionAliases": ["-default"]})");
  ASSERT_TRUE(removal);
  EXPECT_EQ(removal->status, 400) << removal->body;
  EXPECT_EQ(ai_json({"models", "describe", "magritte@stable"}).value("versionId", ""), "2");
  EXPECT_EQ(ai_json({"models", "describe", "magritte@1"})["versionAliases"], nlohmann::json({"v1"}));

  const CommandResult deleted = ai({"models", "delete-version", "magritte@v1", "--quiet"});
  ASSERT_TRUE(deleted.ok()) << deleted.describe();
  EXPECT_EQ(ai_json({"models", "list-version", "magritte"}).size(), 1u);
  const CommandResult missing = ai({"models", "describe", "magritte@v1"});
  EXPECT_TRUE(contains(missing.err, "NOT_FOUND: Model `" + std::string(kParent) + "/models/magritte@v1` not found."))
      << missing.err;

  const CommandResult again = ai({"models", "upload", "--display-name", "magritte", "--model-id", "magritte",
                                  "--artifact-uri", "gs://magritte-test/models/v1/", "--container-image-uri", "x:1"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(contains(again.err, "already exists")) << again.err;
}

TEST_F(VertexModels, AHeldUploadIsPendingUntilReleased) {
  const auto hold_id = hold("upload");
  auto upload = spawn({"gcloud", "ai", "models", "upload", "--region", kRegion, "--display-name", "later",
                       "--model-id", "later", "--artifact-uri", stage_model("models/later"),
                       "--container-image-uri", "x:1", "--format=json"});
  for (int i = 0; i < 400 && held_by(hold_id).empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(held_by(hold_id).size(), 1u);
  // Pending: the model does not exist yet, its operation is not done, gcloud keeps polling.
  EXPECT_EQ(ai({"models", "describe", "later"}).exit_code, 1);
  EXPECT_TRUE(upload->running());
  release(hold_id);
  ASSERT_TRUE(upload->wait(std::chrono::seconds(60)));
  EXPECT_EQ(upload->exit_code(), 0);
  EXPECT_EQ(ai_json({"models", "describe", "later"}).value("versionId", ""), "1");
}

}  // namespace
}  // namespace magritte::e2e
