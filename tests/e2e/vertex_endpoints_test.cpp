// Vertex endpoints through the real `gcloud ai endpoints`: create, deploy (first model 100 %,
// later ones 0 %), a chosen deployed model id that cannot be deployed twice (even while its
// deployment is pending), predict through the prediction host, a 90/10 split counted over
// 200 requests, undeploy refused while serving, rawPredict, an emulator restart mid-way.
#include "vertex_e2e_support.hpp"

namespace magritte::e2e {
namespace {

using VertexEndpoints = VertexEndToEnd;

TEST_F(VertexEndpoints, DeployPredictSplitUndeployAcrossARestart) {
  upload_version("v1", true);
  upload_version("v2", false);
  const std::string name = create_endpoint("777");
  EXPECT_EQ(name, std::string(kParent) + "/endpoints/777");
  const std::string first = deploy("777", "magritte@v1");
  ASSERT_FALSE(first.empty());

  // A chosen id, held pending: a second deploy with the same id is refused meanwhile.
  const auto hold_id = hold("deploy", "777");
  auto pending = spawn({"gcloud", "ai", "endpoints", "deploy-model", "777", "--region", kRegion, "--model",
                        "magritte@2", "--display-name", "v2", "--machine-type", "n1-standard-2",
                        "--deployed-model-id", "42"});
  for (int i = 0; i < 400 && held_by(hold_id).empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(held_by(hold_id).size(), 1u);
  EXPECT_EQ(ai_json({"endpoints", "describe", "777"})["deployedModels"].size(), 1u) << "not deployed yet";
  const CommandResult twice = ai({"endpoints", "deploy-model", "777", "--model", "magritte@2", "--display-name", "v2",
                                  "--machine-type", "n1-standard-2", "--deployed-model-id", "42"});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_TRUE(contains(twice.err, "DeployedModel with ID 42 already exists in Endpoint `" + name + "`.")) << twice.err;
  release(hold_id);
  ASSERT_TRUE(pending->wait(std::chrono::seconds(60)));
  EXPECT_EQ(pending->exit_code(), 0);

  auto endpoint = ai_json({"endpoints", "describe", "777"});
  EXPECT_EQ(endpoint["trafficSplit"], nlohmann::json({{first, 100}})) << "a later model gets no traffic";
  ASSERT_EQ(endpoint["deployedModels"].size(), 2u);
  EXPECT_EQ(endpoint["deployedModels"][1].value("modelVersionId", ""), "2");
  EXPECT_EQ(endpoint["deployedModels"][1].value("model", ""), std::string(kParent) + "/models/magritte");
  EXPECT_EQ(ai_json({"models", "describe", "magritte@2"})["deployedModels"][0].value("deployedModelId", ""), "42");

  write_file("request.json", predict_body());
  const auto answer = ai_json({"endpoints", "predict", "777", "--json-request", "request.json"});
  EXPECT_EQ(answer.value("deployedModelId", ""), first) << answer.dump();
  EXPECT_EQ(answer["predictions"][0]["outputs"], nlohmann::json({1.0, 0.0, 0.0}));
  EXPECT_TRUE(contains(emulator_log(), "europe-west1-prediction-aiplatform.emulator.test")) << "gcloud's predict host";

  const CommandResult split = ai({"endpoints", "update", "777", "--traffic-split=" + first + "=90,42=10"});
  ASSERT_TRUE(split.ok()) << split.describe();
  const CommandResult bad = ai({"endpoints", "update", "777", "--traffic-split=" + first + "=90,42=20"});
  EXPECT_TRUE(contains(bad.err, "INVALID_ARGUMENT")) << bad.err;

  restart_emulator(StopMode::sigkill);  // state on disk: models, endpoint, split
  int candidate = 0;
  const std::string path = "/v1/" + std::string(kParent) + "/endpoints/777:predict";
  for (int i = 0; i < 200; ++i) {
    const auto reply = rest("POST", path, predict_body());
    ASSERT_TRUE(reply && reply->status == 200) << (reply ? reply->body : "no answer");
    candidate += nlohmann::json::parse(reply->body).value("deployedModelId", "") == "42";
  }
  EXPECT_GE(candidate, 10) << "about 10 % from the candidate";
  EXPECT_LE(candidate, 30);

  const CommandResult refused = ai({"endpoints", "undeploy-model", "777", "--deployed-model-id", first});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(contains(refused.err, "FAILED_PRECONDITION: DeployedModel " + first + " cannot be undeployed")) << refused.err;

  const auto raw = rest("POST", "/v1/" + std::string(kParent) + "/endpoints/777:rawPredict", predict_body());
  ASSERT_TRUE(raw && raw->status == 200);
  EXPECT_FALSE(raw->get_header_value("X-Vertex-AI-Deployed-Model-Id").empty());
  EXPECT_FALSE(nlohmann::json::parse(raw->body).contains("deployedModelId")) << "the model's own answer";

  ASSERT_TRUE(ai({"endpoints", "update", "777", "--traffic-split=42=100"}).ok());
  const CommandResult undeployed = ai({"endpoints", "undeploy-model", "777", "--deployed-model-id", first});
  ASSERT_TRUE(undeployed.ok()) << undeployed.describe();
  endpoint = ai_json({"endpoints", "describe", "777"});
  EXPECT_EQ(endpoint["trafficSplit"], nlohmann::json({{"42", 100}}));
  EXPECT_EQ(ai_json({"endpoints", "list"}).size(), 1u);
}

}  // namespace
}  // namespace magritte::e2e
