// The Vertex AI service in process (Router + temp data dir): registry, aliases, endpoints,
// traffic, deploy/undeploy rules, operations, holds, restart recovery, integer enums, predict
// routing. The wire through the real gcloud is tested in tests/e2e/vertex_*_test.cpp.
#include <fstream>

#include "emulator/logging/log_store.hpp"
#include "magritte/base64.hpp"
#include "emulator/vertex/vertex_service.hpp"
#include "unit/emulator/ml_test_support.hpp"

namespace magritte::emulator::vertex {
namespace {

using nlohmann::json;
using ml::testing::Reply;

const std::filesystem::path kData = MAGRITTE_ML_TEST_DATA;
constexpr const char* kParent = "/v1/projects/demo-project/locations/europe-west1";
constexpr const char* kName = "projects/demo-project/locations/europe-west1";

std::string file(const std::string& name) {
  std::ifstream in(kData / name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Reuses the ml fixture's storage, router plumbing and helpers; the service under test is
// the Vertex one (its own router and control router).
class VertexTest : public ml::testing::MlFixture {
protected:
  void SetUp() override {
    ::setenv("MAGRITTE_VISION_MODULE", MAGRITTE_VISION_MODULE_PATH, 1);
    MlFixture::SetUp();
    objects().write(kBucket, "models/mean/model.onnx", file("mean/model.onnx"), "application/octet-stream");
    objects().write(kBucket, "models/mean/signature.json", file("mean/signature.json"), "application/json");
    start_vertex();
  }
  void TearDown() override {
    vertex_.reset();
    MlFixture::TearDown();
  }

  void start_vertex() {
    vertex_router_ = std::make_unique<Router>();
    control_ = std::make_unique<Router>();
    vertex_logs_ = std::make_unique<LogStore>(data_dir() / "logging");
    VertexOptions options;
    options.data_dir = data_dir();
    options.port = 1;
    options.holds = std::make_shared<Holds>();  // as the emulator does: fresh at each start
    vertex_ = std::make_unique<VertexService>(options, objects(), *vertex_logs_);
    vertex_->add_routes(*vertex_router_);
    add_hold_routes(*control_, *options.holds);
  }
  void restart_vertex() {
    vertex_.reset();
    start_vertex();
  }

  Reply v(const std::string& method, const std::string& path, const json& body = nullptr,
          const std::map<std::string, std::string>& query = {}, Router* router = nullptr) {
    Request request;
    request.method = method;
    request.host = "europe-west1-aiplatform.emulator.test";
    request.path = path;
    for (const auto& [name, value] : query) request.query.emplace(name, value);
    request.body = body.is_null() ? "" : body.dump();
    const Response response = (router ? router : vertex_router_.get())->dispatch(request);
    Reply reply;
    reply.status = response.status;
    reply.raw = response.body;
    reply.body = json::parse(response.body, nullptr, false);
    return reply;
  }

  json upload(const std::string& alias, bool first, const std::string& model = "magritte") {
    json body = {{"model",
                  {{"displayName", model},
                   {"artifactUri", "gs://bucket/models/mean"},
                   {"containerSpec", {{"imageUri", "x:1"}}},
                   {"versionAliases", {alias}}}}};
    if (first) {
      body["modelId"] = model;
    } else {
      body["parentModel"] = std::string(kName) + "/models/" + model;
    }
    return v("POST", std::string(kParent) + "/models:upload", body).body;
  }

  json operation(const json& started) { return v("GET", "/v1/" + started.value("name", "")).body; }

  void create_endpoint(const std::string& id) {
    ASSERT_EQ(v("POST", std::string(kParent) + "/endpoints", {{"displayName", "e"}}, {{"endpointId", id}}).status, 200);
  }

  Reply deploy(const std::string& model, const std::string& id = "", const json& split = nullptr) {
    json body = {{"deployedModel", {{"model", std::string(kName) + "/models/" + model}}}};
    if (!id.empty()) body["deployedModel"]["id"] = id;
    if (!split.is_null()) body["trafficSplit"] = split;
    return v("POST", std::string(kParent) + "/endpoints/777:deployModel", body);
  }

  json endpoint() { return v("GET", std::string(kParent) + "/endpoints/777").body; }

  std::uint64_t hold(const std::string& kind) {
    return v("POST", "/_emulator/holds", {{"kind", kind}}, {}, control_.get()).body.value("id", std::uint64_t{0});
  }
  void release(std::uint64_t id) { v("DELETE", "/_emulator/holds/" + std::to_string(id), nullptr, {}, control_.get()); }

  std::unique_ptr<Router> vertex_router_, control_;
  std::unique_ptr<LogStore> vertex_logs_;
  std::unique_ptr<VertexService> vertex_;
};

TEST_F(VertexTest, UploadsNumberVersionsAndTheFirstHoldsDefault) {
  const json started = upload("v1", true);
  EXPECT_TRUE(started.value("name", "").starts_with(std::string(kName) + "/models/magritte/operations/"));
  const json done = operation(started);
  EXPECT_TRUE(done.value("done", false));
  EXPECT_EQ(done["response"]["@type"], "type.googleapis.com/google.cloud.aiplatform.v1.UploadModelResponse");
  EXPECT_EQ(done["response"]["modelVersionId"], "1");
  EXPECT_TRUE(done["metadata"]["genericMetadata"].contains("updateTime"));
  // The same operation through the location and /v1beta1 forms.
  const std::string id = started.value("name", "").substr(started.value("name", "").rfind('/') + 1);
  EXPECT_EQ(v("GET", std::string(kParent) + "/operations/" + id).body, done);
  EXPECT_EQ(v("GET", "/v1beta1/" + std::string(kName) + "/models/magritte/operations/" + id).body, done);

  EXPECT_EQ(operation(upload("v2", false))["response"]["modelVersionId"], "2");
  const json model = v("GET", std::string(kParent) + "/models/magritte").body;
  EXPECT_EQ(model["versionId"], "1");
  EXPECT_EQ(model["versionAliases"], json({"default", "v1"}));
  EXPECT_EQ(model["supportedDeploymentResourcesTypes"], json({"DEDICATED_RESOURCES"}));
  EXPECT_EQ(v("GET", std::string(kParent) + "/models/magritte@v2").body["versionId"], "2");
  EXPECT_EQ(v("GET", std::string(kParent) + "/models/magritte@2").body["versionAliases"], json({"v2"}));
  EXPECT_EQ(v("GET", std::string(kParent) + "/models/magritte:listVersions").body["models"].size(), 2u);
  // An alias another version holds moves to the new one, as on the service.
  upload("v2", false);
  EXPECT_EQ(v("GET", std::string(kParent) + "/models/magritte@v2").body["versionId"], "3");
  EXPECT_EQ(v("GET", std::string(kParent) + "/models/magritte@2").body["versionAliases"], json::array());

  const Reply missing = v("GET", std::string(kParent) + "/models/magritte@nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_message(missing), "Model `" + std::string(kName) + "/models/magritte@nope` not found.");
  const Reply twice = v("POST", std::string(kParent) + "/models:upload",
                        {{"modelId", "magritte"},
                         {"model", {{"displayName", "m"}, {"artifactUri", "gs://bucket/models/mean"},
                                    {"containerSpec", {{"imageUri", "x"}}}}}});
  EXPECT_EQ(twice.status, 409);
  const Reply no_name = v("POST", std::string(kParent) + "/models:upload", {{"model", {{"artifactUri", "gs://b/m"}}}});
  EXPECT_EQ(error_message(no_name), "List of found errors:\t1.Field: model.display_name; Message: Required field is not set.\t");
}

TEST_F(VertexTest, AliasesMergeAndDefaultOnlyMoves) {
  upload("v1", true);
  upload("v2", false);
  const std::string merge = std::string(kParent) + "/models/magritte@2:mergeVersionAliases";
  const Reply moved = v("POST", merge, {{"versionAliases", {"default", "-v2", "golden"}}});
  ASSERT_EQ(moved.status, 200) << moved.raw;
  EXPECT_EQ(moved.body["versionAliases"], json({"default", "golden"}));
  EXPECT_EQ(v("GET", std::string(kParent) + "/models/magritte").body["versionId"], "2");
  const Reply removal = v("POST", merge, {{"versionAliases", {"-default"}}});
  EXPECT_EQ(removal.status, 400);
  EXPECT_EQ(error_status(removal), "INVALID_ARGUMENT");
  EXPECT_EQ(v("POST", merge, {{"versionAliases", {"Bad_Alias"}}}).status, 400);
  EXPECT_EQ(v("POST", merge, {{"versionAliases", {"x1", "-x1"}}}).body["versionAliases"], json({"default", "golden"}))
      << "adding and removing one alias cancel out";

  const Reply refused = v("DELETE", std::string(kParent) + "/models/magritte@2:deleteVersion");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(error_status(refused), "FAILED_PRECONDITION");
  const Reply deleted = v("DELETE", std::string(kParent) + "/models/magritte@v1:deleteVersion");
  ASSERT_EQ(deleted.status, 200) << deleted.raw;
  EXPECT_TRUE(deleted.body.value("done", false));
  EXPECT_EQ(v("GET", std::string(kParent) + "/models/magritte:listVersions").body["models"].size(), 1u);
}

TEST_F(VertexTest, DeployTrafficAndUndeployRules) {
  upload("v1", true);
  upload("v2", false);
  create_endpoint("777");
  ASSERT_EQ(deploy("magritte@1", "555").status, 200);
  EXPECT_EQ(endpoint()["trafficSplit"], json({{"555", 100}})) << "the first model takes all the traffic";
  ASSERT_EQ(deploy("magritte@v2", "556").status, 200);
  EXPECT_EQ(endpoint()["trafficSplit"], json({{"555", 100}})) << "a later one none";
  EXPECT_EQ(endpoint()["deployedModels"][1]["modelVersionId"], "2");
  EXPECT_EQ(endpoint()["deployedModels"][1]["model"], std::string(kName) + "/models/magritte");
  const json refs = v("GET", std::string(kParent) + "/models/magritte@2").body["deployedModels"];
  EXPECT_EQ(refs, json({{{"endpoint", std::string(kName) + "/endpoints/777"}, {"deployedModelId", "556"}}}));

  const Reply duplicate = deploy("magritte@2", "556");
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(error_message(duplicate), "DeployedModel with ID 556 already exists in Endpoint `" + std::string(kName) +
                                          "/endpoints/777`.");
  EXPECT_EQ(deploy("magritte@2", "12345678901").status, 400) << "1 to 10 digits";
  EXPECT_EQ(deploy("magritte@2", "", {{"0", 50}, {"555", 40}}).status, 400) << "must add up to 100";
  EXPECT_EQ(deploy("magritte@2", "", {{"0", 50}, {"999", 50}}).status, 400) << "999 is not deployed";
  ASSERT_EQ(deploy("magritte@2", "557", {{"0", 10}, {"555", 90}}).status, 200);
  EXPECT_EQ(endpoint()["trafficSplit"], json({{"555", 90}, {"557", 10}})) << "\"0\" is the model being deployed";

  const std::string patch = std::string(kParent) + "/endpoints/777";
  EXPECT_EQ(v("PATCH", patch, {{"trafficSplit", {{"555", 90}, {"556", 20}}}}, {{"updateMask", "traffic_split"}}).status, 400);
  ASSERT_EQ(v("PATCH", patch, {{"trafficSplit", {{"555", 80}, {"556", 20}}}, {"labels", {{"serving", "v1"}}}},
              {{"updateMask", "trafficSplit,labels"}}).status, 200);
  EXPECT_EQ(endpoint()["labels"], json({{"serving", "v1"}}));

  const std::string undeploy = std::string(kParent) + "/endpoints/777:undeployModel";
  const Reply serving = v("POST", undeploy, {{"deployedModelId", "556"}});
  EXPECT_EQ(serving.status, 400);
  EXPECT_EQ(error_status(serving), "FAILED_PRECONDITION");
  EXPECT_NE(error_message(serving).find("while it takes 20% of the traffic"), std::string::npos) << serving.raw;
  EXPECT_EQ(v("POST", undeploy, {{"deployedModelId", "557"}}).status, 200) << "no traffic: fine";
  ASSERT_EQ(v("POST", undeploy, {{"deployedModelId", "556"}, {"trafficSplit", {{"555", 100}}}}).status, 200)
      << "its share taken away by the request";
  EXPECT_EQ(endpoint()["trafficSplit"], json({{"555", 100}}));
  EXPECT_EQ(v("DELETE", std::string(kParent) + "/models/magritte@1:deleteVersion").status, 400) << "still deployed";
  ASSERT_EQ(v("POST", undeploy, {{"deployedModelId", "555"}}).status, 200) << "the last one may go";
  EXPECT_FALSE(endpoint().contains("trafficSplit"));
  EXPECT_FALSE(endpoint().contains("deployedModels"));
}

TEST_F(VertexTest, HeldDeploymentsArePendingAndARestartCompletesThem) {
  upload("v1", true);
  create_endpoint("777");
  const auto held = hold("deploy");
  const Reply started = deploy("magritte", "42");
  ASSERT_EQ(started.status, 200);
  EXPECT_FALSE(operation(started.body).value("done", true));
  EXPECT_FALSE(endpoint().contains("deployedModels")) << "not deployed while pending";
  EXPECT_EQ(deploy("magritte", "42").status, 409) << "an id still deploying is taken";
  release(held);
  EXPECT_TRUE(operation(started.body).value("done", false));
  EXPECT_EQ(endpoint()["trafficSplit"], json({{"42", 100}}));

  hold("undeploy");
  const Reply undeploying =
      v("POST", std::string(kParent) + "/endpoints/777:undeployModel", {{"deployedModelId", "42"}});
  ASSERT_EQ(undeploying.status, 200);
  EXPECT_EQ(endpoint()["deployedModels"].size(), 1u);
  hold("upload");
  const json uploading = upload("v2", false);
  restart_vertex();  // holds live in memory: the restart completes what they kept
  EXPECT_TRUE(operation(undeploying.body).value("done", false));
  EXPECT_FALSE(endpoint().contains("deployedModels"));
  EXPECT_EQ(operation(uploading)["response"]["modelVersionId"], "2");
  EXPECT_EQ(v("GET", std::string(kParent) + "/models/magritte@v2").status, 200);
}

TEST_F(VertexTest, PredictFollowsTheSplitAndNamesTheDeployedModel) {
  upload("v1", true);
  upload("v2", false);
  create_endpoint("777");
  deploy("magritte@1", "1");
  deploy("magritte@2", "2", {{"1", 90}, {"0", 10}});
  std::ifstream png(kData / "red_5x4.png", std::ios::binary);
  const std::string image((std::istreambuf_iterator<char>(png)), {});
  const std::string encoded = base64_encode(image);
  const json request = {{"instances", {{{"inputs", encoded}}}}};
  int candidate = 0;
  for (int i = 0; i < 200; ++i) {
    const Reply answer = v("POST", std::string(kParent) + "/endpoints/777:predict", request);
    ASSERT_EQ(answer.status, 200) << answer.raw;
    if (answer.body["deployedModelId"] == "2") {
      ++candidate;
      EXPECT_EQ(answer.body["modelVersionId"], "2");
    }
    EXPECT_EQ(answer.body["model"], std::string(kName) + "/models/magritte");
    EXPECT_EQ(answer.body["predictions"][0]["outputs"], json({1.0, 0.0, 0.0}));
  }
  EXPECT_EQ(candidate, 20) << "10 % of 200, spread by weighted round robin";

  // Client libraries ask for integer enums and get them.
  const Reply numbers = v("GET", std::string(kParent) + "/models/magritte", nullptr, {{"$alt", "json;enum-encoding=int"}});
  EXPECT_EQ(numbers.body["supportedDeploymentResourcesTypes"], json({1}));

  create_endpoint("888");
  const Reply idle = v("POST", std::string(kParent) + "/endpoints/888:predict", request);
  EXPECT_EQ(idle.status, 400);
  EXPECT_EQ(error_message(idle), "Endpoint " + std::string(kName) + "/endpoints/888 doesn't have traffic_split.");
}

}  // namespace
}  // namespace magritte::emulator::vertex
