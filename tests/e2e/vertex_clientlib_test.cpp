// Google's official Node.js Vertex AI library (@google-cloud/aiplatform, installed by
// scripts/install-deps into tests/clientlibs/node_modules) pointed straight at the emulator
// (origin-form requests with $alt=json;enum-encoding=int): tests/clientlibs/vertex_client_test.mjs.
#include "vertex_e2e_support.hpp"

namespace magritte::e2e {
namespace {

using VertexClientLibrary = VertexEndToEnd;

TEST_F(VertexClientLibrary, GetsListsAndPredicts) {
  const std::filesystem::path clientlibs = std::filesystem::path(MAGRITTE_SOURCE_DIR) / "tests" / "clientlibs";
  if (!std::filesystem::exists(clientlibs / "node_modules" / "@google-cloud" / "aiplatform")) {
    FAIL() << "run scripts/install-deps (npm ci in tests/clientlibs) first";
  }
  upload_version("v1", true);
  create_endpoint("777");
  const std::string deployed = deploy("777", "magritte");
  const CommandResult node = run({"/usr/bin/env", "node", (clientlibs / "vertex_client_test.mjs").string(),
                                  std::to_string(port()), "magritte-local", kRegion, "magritte", "777", image_base64()});
  ASSERT_TRUE(node.ok()) << node.describe();
  const auto seen = nlohmann::json::parse(node.out);
  EXPECT_EQ(seen["model"]["versionId"], "1");
  EXPECT_EQ(seen["model"]["versionAliases"], nlohmann::json({"default", "v1"}));
  EXPECT_EQ(seen["model"]["supportedDeploymentResourcesTypes"], nlohmann::json({"DEDICATED_RESOURCES"}));
  EXPECT_EQ(seen["model"]["deployedModels"], nlohmann::json({deployed}));
  EXPECT_EQ(seen["versions"], nlohmann::json({"1"}));
  EXPECT_EQ(seen["endpoints"][0]["trafficSplit"], nlohmann::json({{deployed, 100}}));
  EXPECT_EQ(seen["prediction"]["deployedModelId"], deployed);
  EXPECT_EQ(seen["prediction"]["predictions"][0]["outputs"], nlohmann::json({1, 0, 0}));
  EXPECT_TRUE(contains(emulator_log(), "?$alt=json%3Benum-encoding=int")) << emulator_log();
}

}  // namespace
}  // namespace magritte::e2e
