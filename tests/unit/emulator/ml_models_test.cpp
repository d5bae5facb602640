// projects.models, projects.models.versions and projects.operations through the routes.
#include "unit/emulator/ml_test_support.hpp"

namespace magritte::emulator::ml::testing {
namespace {

class MlModelsTest : public MlFixture {
protected:
  Reply create_model(const std::string& name) {
    return call("POST", project_path() + "/models",
                {{"name", name}, {"regions", {"europe-west1"}}, {"onlinePredictionLogging", false}},
                {{"alt", "json"}});
  }

  // A deployable ONNX origin: the emulator checks the files at deployment, it does not run
  // the model here (predict tests do).
  std::string stage_onnx_origin(const std::string& prefix) {
    objects().write(kBucket, prefix + "/model.onnx", "not really onnx", "application/octet-stream");
    objects().write(kBucket, prefix + "/signature.json",
                    R"({"format": "magritte-onnx-signature/1", "input_name": "image",
                        "width": 5, "height": 4})",
                    "application/json");
    return std::string("gs://") + kBucket + "/" + prefix;
  }

  Reply create_version(const std::string& model, const std::string& name,
                       const std::string& origin) {
    return call("POST", project_path() + "/models/" + model + "/versions",
                {{"name", name}, {"deploymentUri", origin}, {"runtimeVersion", "1.15"}});
  }

  json operation(const Reply& created) {
    const std::string name = created.body.value("name", "");
    return call("GET", "/v1/" + name).body;
  }
};

TEST_F(MlModelsTest, CreateGetListAcrossRegionalHosts) {
  const Reply created = create_model("magritte");
  ASSERT_EQ(created.status, 200) << created.raw;
  EXPECT_EQ(created.body["name"], "projects/demo-project/models/magritte");
  EXPECT_EQ(created.body["regions"], json({"europe-west1"}));
  EXPECT_TRUE(created.body["etag"].is_string());

  // Created on one host, seen on every other: state is shared.
  const Reply listed = call("GET", project_path() + "/models", nullptr, {{"pageSize", "100"}},
                            "europe-west1-ml.emulator.test");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.body["models"].size(), 1u);
  EXPECT_EQ(listed.body["models"][0]["name"], "projects/demo-project/models/magritte");
  EXPECT_FALSE(listed.body["models"][0].contains("defaultVersion"));

  const Reply got = call("GET", project_path() + "/models/magritte", nullptr, {}, "ml.emulator.test");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body["name"], created.body["name"]);
}

TEST_F(MlModelsTest, ModelErrorsUseTheServiceWording) {
  ASSERT_EQ(create_model("magritte").status, 200);
  const Reply duplicate = create_model("magritte");
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(error_status(duplicate), "ALREADY_EXISTS");
  EXPECT_EQ(error_message(duplicate),
            "Field: model.name Error: A model with the same name already exists.");

  const Reply bad_name = create_model("9lives");
  EXPECT_EQ(bad_name.status, 400);
  EXPECT_EQ(error_status(bad_name), "INVALID_ARGUMENT");
  EXPECT_EQ(error_message(bad_name),
            "Field: model.name Error: A name should start with a letter and contain only "
            "letters, numbers and underscores.");
  EXPECT_EQ(create_model("has-dash").status, 400);
  EXPECT_EQ(create_model(std::string(129, 'a')).status, 400);
  EXPECT_EQ(create_model(std::string(128, 'a')).status, 200);

  const Reply missing = call("GET", project_path() + "/models/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_status(missing), "NOT_FOUND");
  EXPECT_EQ(error_message(missing),
            "Field: name Error: The model resource: \"nope\" was not found. Please create the AI "
            "Platform model resource first by using 'gcloud ai-platform models create nope'.");

  const Reply bad_json = call_raw("POST", project_path() + "/models", "{not json");
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_EQ(error_status(bad_json), "INVALID_ARGUMENT");
}

TEST_F(MlModelsTest, PatchLabelsAndDescriptionReturnsAnOperation) {
  ASSERT_EQ(create_model("magritte").status, 200);
  const Reply patched = call("PATCH", project_path() + "/models/magritte",
                             {{"labels", {{"previous_default", "v1"}}}, {"description", "history"}},
                             {{"updateMask", "labels,description"}});
  ASSERT_EQ(patched.status, 200) << patched.raw;
  EXPECT_EQ(patched.body["done"], false);  // as submitted; the first poll sees it done
  const json done = operation(patched);
  EXPECT_EQ(done["done"], true);
  EXPECT_EQ(done["response"]["@type"], "type.googleapis.com/google.cloud.ml.v1.Model");
  EXPECT_EQ(done["metadata"]["operationType"], "UPDATE_MODEL");

  const json model = call("GET", project_path() + "/models/magritte").body;
  EXPECT_EQ(model["labels"]["previous_default"], "v1");
  EXPECT_EQ(model["description"], "history");

  // Only the masked fields change: clearing labels keeps the description.
  call("PATCH", project_path() + "/models/magritte", json::object(), {{"updateMask", "labels"}});
  const json cleared = call("GET", project_path() + "/models/magritte").body;
  EXPECT_FALSE(cleared.contains("labels"));
  EXPECT_EQ(cleared["description"], "history");

  const Reply bad_mask = call("PATCH", project_path() + "/models/magritte", json::object(),
                              {{"updateMask", "regions"}});
  EXPECT_EQ(bad_mask.status, 400);
}

TEST_F(MlModelsTest, FirstReadyVersionBecomesDefault) {
  ASSERT_EQ(create_model("magritte").status, 200);
  const Reply created = create_version("magritte", "v1", stage_onnx_origin("models/v1/model"));
  ASSERT_EQ(created.status, 200) << created.raw;
  EXPECT_EQ(created.body["done"], false);
  EXPECT_EQ(created.body["metadata"]["operationType"], "CREATE_VERSION");
  EXPECT_EQ(created.body["metadata"]["version"]["state"], "CREATING");
  EXPECT_TRUE(created.body["name"].get<std::string>().starts_with(
      "projects/demo-project/operations/create_magritte_v1-"));

  const json done = operation(created);
  ASSERT_EQ(done["done"], true) << done.dump();
  EXPECT_EQ(done["response"]["@type"], "type.googleapis.com/google.cloud.ml.v1.Version");
  EXPECT_EQ(done["response"]["state"], "READY");
  EXPECT_EQ(done["response"]["isDefault"], true);

  const json version = call("GET", project_path() + "/models/magritte/versions/v1").body;
  EXPECT_EQ(version["name"], "projects/demo-project/models/magritte/versions/v1");
  EXPECT_EQ(version["deploymentUri"], "gs://bucket/models/v1/model");
  EXPECT_EQ(version["runtimeVersion"], "1.15");
  EXPECT_EQ(version["state"], "READY");
  EXPECT_FALSE(version.contains("framework"));  // ONNX: no enum value fits

  const json model = call("GET", project_path() + "/models/magritte").body;
  ASSERT_TRUE(model.contains("defaultVersion")) << model.dump();
  EXPECT_EQ(model["defaultVersion"]["name"], "projects/demo-project/models/magritte/versions/v1");

  // A second version does not take over the default.
  ASSERT_EQ(create_version("magritte", "v2", stage_onnx_origin("models/v2/model")).status, 200);
  const json v2 = call("GET", project_path() + "/models/magritte/versions/v2").body;
  EXPECT_EQ(v2["state"], "READY");
  EXPECT_FALSE(v2.value("isDefault", false));
  const json listed = call("GET", project_path() + "/models/magritte/versions").body;
  ASSERT_EQ(listed["versions"].size(), 2u);
  EXPECT_EQ(listed["versions"][0]["isDefault"], true);
}

TEST_F(MlModelsTest, SetDefaultAndDeleteRules) {
  ASSERT_EQ(create_model("magritte").status, 200);
  create_version("magritte", "v1", stage_onnx_origin("m/v1"));
  create_version("magritte", "v2", stage_onnx_origin("m/v2"));

  const Reply set = call("POST", project_path() + "/models/magritte/versions/v2:setDefault", json::object());
  ASSERT_EQ(set.status, 200) << set.raw;
  EXPECT_EQ(set.body["isDefault"], true);
  EXPECT_EQ(call("GET", project_path() + "/models/magritte").body["defaultVersion"]["name"],
            "projects/demo-project/models/magritte/versions/v2");

  // The default cannot go while other versions exist; the model cannot go with versions.
  const Reply refused = call("DELETE", project_path() + "/models/magritte/versions/v2");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(error_status(refused), "FAILED_PRECONDITION");
  EXPECT_NE(error_message(refused).find("default version v2"), std::string::npos);
  const Reply model_refused = call("DELETE", project_path() + "/models/magritte");
  EXPECT_EQ(model_refused.status, 400);
  EXPECT_EQ(error_status(model_refused), "FAILED_PRECONDITION");

  const Reply deleted = call("DELETE", project_path() + "/models/magritte/versions/v1");
  ASSERT_EQ(deleted.status, 200) << deleted.raw;
  const json done = operation(deleted);
  EXPECT_EQ(done["done"], true);
  EXPECT_EQ(done["response"]["@type"], "type.googleapis.com/google.protobuf.Empty");
  EXPECT_EQ(call("GET", project_path() + "/models/magritte/versions/v1").status, 404);

  // The last version, default or not, may go; then the model.
  EXPECT_EQ(call("DELETE", project_path() + "/models/magritte/versions/v2").status, 200);
  EXPECT_FALSE(call("GET", project_path() + "/models/magritte").body.contains("defaultVersion"));
  EXPECT_EQ(call("DELETE", project_path() + "/models/magritte").status, 200);
  EXPECT_EQ(call("GET", project_path() + "/models/magritte").status, 404);
}

TEST_F(MlModelsTest, OriginWithoutModelFailsTheOperation) {
  ASSERT_EQ(create_model("magritte").status, 200);
  const Reply empty = create_version("magritte", "v1", "gs://bucket/nothing/here");
  ASSERT_EQ(empty.status, 200);
  const json done = operation(empty);
  ASSERT_EQ(done["done"], true);
  EXPECT_EQ(done["error"]["code"], 3);
  const std::string message = done["error"]["message"];
  EXPECT_TRUE(message.starts_with("Create Version failed. Bad model detected with error:")) << message;
  EXPECT_NE(message.find("no model found at gs://bucket/nothing/here/"), std::string::npos) << message;

  // The version stays, FAILED, with the reason; it is neither default nor servable.
  const json version = call("GET", project_path() + "/models/magritte/versions/v1").body;
  EXPECT_EQ(version["state"], "FAILED");
  EXPECT_EQ(version["errorMessage"], message);
  EXPECT_FALSE(call("GET", project_path() + "/models/magritte").body.contains("defaultVersion"));
  const Reply set = call("POST", project_path() + "/models/magritte/versions/v1:setDefault", json::object());
  EXPECT_EQ(set.status, 400);
  EXPECT_EQ(error_status(set), "FAILED_PRECONDITION");

  objects().write(kBucket, "only/model.onnx", "x", "application/octet-stream");
  const json no_signature = operation(create_version("magritte", "v2", "gs://bucket/only"));
  EXPECT_NE(no_signature["error"]["message"].get<std::string>().find("has no signature.json"),
            std::string::npos);

  objects().write(kBucket, "badsig/model.onnx", "x", "application/octet-stream");
  objects().write(kBucket, "badsig/signature.json", R"({"format": "magritte-onnx-signature/1",
      "input_name": "image", "width": 5, "height": 4, "layout": "nchw"})", "application/json");
  const json bad_signature = operation(create_version("magritte", "v3", "gs://bucket/badsig"));
  EXPECT_NE(bad_signature["error"]["message"].get<std::string>().find("field \"layout\""),
            std::string::npos) << bad_signature.dump();

  const json no_bucket = operation(create_version("magritte", "v4", "gs://missing-bucket/x"));
  EXPECT_NE(no_bucket["error"]["message"].get<std::string>().find("does not exist"),
            std::string::npos);
}

TEST_F(MlModelsTest, SavedModelOriginIsReadyAsTensorFlow) {
  ASSERT_EQ(create_model("magritte").status, 200);
  objects().write(kBucket, "tf/saved_model.pb", "pb", "application/octet-stream");
  objects().write(kBucket, "tf/variables/variables.index", "i", "application/octet-stream");
  const json done = operation(create_version("magritte", "v1", "gs://bucket/tf/"));
  ASSERT_EQ(done["done"], true);
  EXPECT_EQ(done["response"]["state"], "READY");
  EXPECT_EQ(done["response"]["framework"], "TENSORFLOW");
}

TEST_F(MlModelsTest, VersionErrors) {
  const Reply no_model = create_version("nope", "v1", "gs://bucket/x");
  EXPECT_EQ(no_model.status, 404);
  ASSERT_EQ(create_model("magritte").status, 200);
  EXPECT_EQ(create_version("magritte", "1v", "gs://bucket/x").status, 400);
  EXPECT_EQ(create_version("magritte", "v1", "/local/dir").status, 400);
  EXPECT_EQ(create_version("magritte", "v1", "").status, 400);
  ASSERT_EQ(create_version("magritte", "v1", stage_onnx_origin("a")).status, 200);
  const Reply duplicate = create_version("magritte", "v1", stage_onnx_origin("a"));
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(error_message(duplicate),
            "Field: version.name Error: A version with the same name already exists.");
  const Reply missing = call("GET", project_path() + "/models/magritte/versions/v9");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_message(missing), "Field: name Error: The version resource "
                                    "\"projects/demo-project/models/magritte/versions/v9\" was not found.");
  const Reply bad_framework = call("POST", project_path() + "/models/magritte/versions",
                                   {{"name", "v5"}, {"deploymentUri", "gs://bucket/a"},
                                    {"framework", "PYTORCH"}});
  EXPECT_EQ(bad_framework.status, 400);
}

TEST_F(MlModelsTest, OperationsGetListAndNotFound) {
  ASSERT_EQ(create_model("magritte").status, 200);
  const Reply created = create_version("magritte", "v1", stage_onnx_origin("a"));
  const std::string id = created.body["name"].get<std::string>().substr(
      std::string("projects/demo-project/operations/").size());
  EXPECT_EQ(call("GET", project_path() + "/operations/" + id).status, 200);
  const Reply listed = call("GET", project_path() + "/operations");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body["operations"].size(), 1u);
  const Reply missing = call("GET", project_path() + "/operations/create_x_y-1");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_message(missing), "Field: name Error: The operation resource "
                                    "\"projects/demo-project/operations/create_x_y-1\" was not found.");
}

TEST_F(MlModelsTest, ListPagination) {
  for (const char* name : {"a1", "a2", "a3", "a4", "a5"}) ASSERT_EQ(create_model(name).status, 200);
  const Reply first = call("GET", project_path() + "/models", nullptr, {{"pageSize", "2"}});
  ASSERT_EQ(first.body["models"].size(), 2u);
  const std::string token = first.body["nextPageToken"];
  const Reply second = call("GET", project_path() + "/models", nullptr,
                            {{"pageSize", "2"}, {"pageToken", token}});
  ASSERT_EQ(second.body["models"].size(), 2u);
  EXPECT_EQ(second.body["models"][0]["name"], "projects/demo-project/models/a3");
  const Reply last = call("GET", project_path() + "/models", nullptr,
                          {{"pageSize", "2"}, {"pageToken", second.body["nextPageToken"]}});
  ASSERT_EQ(last.body["models"].size(), 1u);
  EXPECT_FALSE(last.body.contains("nextPageToken"));
  // Another project sees none of them (and the API omits the empty list).
  EXPECT_EQ(call("GET", "/v1/projects/other/models").body, json::object());
}

TEST_F(MlModelsTest, StateSurvivesRestart) {
  ASSERT_EQ(create_model("magritte").status, 200);
  create_version("magritte", "v1", stage_onnx_origin("a"));
  create_version("magritte", "v2", stage_onnx_origin("b"));
  call("POST", project_path() + "/models/magritte/versions/v2:setDefault", json::object());
  restart();
  const json model = call("GET", project_path() + "/models/magritte").body;
  EXPECT_EQ(model["defaultVersion"]["name"], "projects/demo-project/models/magritte/versions/v2");
  EXPECT_EQ(call("GET", project_path() + "/models/magritte/versions").body["versions"].size(), 2u);
  EXPECT_EQ(call("GET", project_path() + "/operations").body["operations"].size(), 2u);
}

// With a deployment delay the version is visibly CREATING and the operation not done until
// the deployer has run; a restart in between redoes the deployment.
class MlSlowDeployTest : public MlModelsTest {
protected:
  MlOptions options() const override {
    MlOptions options = MlModelsTest::options();
    options.version_create_delay = delay;
    return options;
  }
  std::chrono::milliseconds delay{300};
};

TEST_F(MlSlowDeployTest, VersionIsCreatingUntilDeployed) {
  ASSERT_EQ(create_model("magritte").status, 200);
  const Reply created = create_version("magritte", "v1", stage_onnx_origin("a"));
  EXPECT_EQ(operation(created)["done"], false);
  EXPECT_EQ(call("GET", project_path() + "/models/magritte/versions/v1").body["state"], "CREATING");
  const Reply refused = call("DELETE", project_path() + "/models/magritte/versions/v1");
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(eventually([&] { return operation(created)["done"] == true; }));
  EXPECT_EQ(call("GET", project_path() + "/models/magritte/versions/v1").body["state"], "READY");
}

TEST_F(MlSlowDeployTest, RestartFinishesPendingDeployments) {
  ASSERT_EQ(create_model("magritte").status, 200);
  delay = std::chrono::hours(1);  // never runs in this process
  restart();
  const Reply created = create_version("magritte", "v1", stage_onnx_origin("a"));
  EXPECT_EQ(operation(created)["done"], false);
  restart();
  const json done = operation(created);
  EXPECT_EQ(done["done"], true) << done.dump();
  EXPECT_EQ(done["response"]["state"], "READY");
  EXPECT_EQ(call("GET", project_path() + "/models/magritte").body["defaultVersion"]["state"], "READY");
}

}  // namespace
}  // namespace magritte::emulator::ml::testing
