// The `gcloud ai ...` commands of VertexCommands, argv by argv, and the CustomJobSpec file:
// what golden tests cannot reach (every flag combination, the spec's JSON).
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

#include "plan/vertex.hpp"
#include "plan_test_support.hpp"

namespace magritte::plan::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

using VertexPlan = PlanTest;

CustomJobRequest job_request(const config::Settings& settings) {
  return {"magritte_v3",
          {"gs://test-bucket/magritte-staging/magritte_v3/trainer-0.1.tar.gz", "gs://deps/extra-1.0.tar.gz"},
          ".magritte/vertex/magritte_v3/job-spec.yaml",
          worker_pools(settings),
          "europe-docker.pkg.dev/vertex-ai/training/tf-cpu.2-17.py310:latest",
          {}};
}

// ── gcloud_list ──

TEST(GcloudList, CommasWhenNoItemHasOne) {
  EXPECT_EQ(gcloud_list({"a=1", "b=2"}), "a=1,b=2");
  EXPECT_EQ(gcloud_list({}), "");
}

TEST(GcloudList, AnItemWithACommaSwitchesToAnAlternateDelimiter) {
  EXPECT_EQ(gcloud_list({"--files", "a.txt,b.txt", "--n", "3"}), "^;^--files;a.txt,b.txt;--n;3");
}

TEST(GcloudList, TheDelimiterIsOneThatAppearsInNoItem) {
  EXPECT_EQ(gcloud_list({"a,b", "c;d"}), "^|^a,b|c;d");
  EXPECT_EQ(gcloud_list({"a,b;|#", "@"}), "^%^a,b;|#%@");
}

TEST(GcloudList, EveryCandidateTakenFallsBackToAControlCharacter) {
  EXPECT_EQ(gcloud_list({"a,;|#@%~!", "b"}), std::string("^\x1f^a,;|#@%~!\x1f") + "b");
}

// ── deployed_model_id_for ──

TEST(DeployedModelId, TenDigitsStableAcrossRunsAndMachines) {
  // FNV-1a of "MODEL@VERSION_ID", pinned: docs/vertex.md shows magritte@1's.
  EXPECT_EQ(deployed_model_id_for("magritte", "1"), "6689534191");
  EXPECT_EQ(deployed_model_id_for("magritte", "2"), "8201162402");
  EXPECT_EQ(deployed_model_id_for("other", "1"), "9764851578");
}

TEST(DeployedModelId, AlwaysTenDigitsWithoutALeadingZero) {
  for (int i = 0; i < 2000; ++i) {
    const auto id = deployed_model_id_for("m" + std::to_string(i), std::to_string(i % 17));
    ASSERT_EQ(id.size(), 10u) << id;
    ASSERT_NE(id.front(), '0') << id;
    ASSERT_EQ(id.find_first_not_of("0123456789"), std::string::npos) << id;
  }
}

TEST(DeployedModelId, DiffersBetweenVersionsAndModels) {
  EXPECT_NE(deployed_model_id_for("magritte", "1"), deployed_model_id_for("magritte", "10"));
  EXPECT_NE(deployed_model_id_for("magritte", "11"), deployed_model_id_for("magritte1", "1"));
}

// ── custom jobs ──

TEST_F(VertexPlan, CreateCustomJobPassesTheSpecFileNotFlags) {
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.create_custom_job(job_request(settings))),
              ElementsAre("gcloud", "ai", "custom-jobs", "create", "--region", "europe-west1", "--display-name",
                          "magritte_v3", "--config=.magritte/vertex/magritte_v3/job-spec.yaml", "--project",
                          "test-project", "--format=json"));
}

TEST_F(VertexPlan, CreateCustomJobWithServiceAccountLabelsAndItsOwnRegion) {
  set("train.region", "us-central1");
  set("train.service_account", "trainer@test-project.iam.gserviceaccount.com");
  set("train.labels", R"({team = "vision", cost = "ml"})");
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.create_custom_job(job_request(settings))),
              ElementsAre("gcloud", "ai", "custom-jobs", "create", "--region", "us-central1", "--display-name",
                          "magritte_v3", "--config=.magritte/vertex/magritte_v3/job-spec.yaml", "--service-account",
                          "trainer@test-project.iam.gserviceaccount.com", "--labels", "cost=ml,team=vision",
                          "--project", "test-project", "--format=json"));
}

TEST_F(VertexPlan, NoProjectFlagWhenPassProjectIsOff) {
  set("gcloud.pass_project", "false");
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.cancel_custom_job("123")),
              ElementsAre("gcloud", "ai", "custom-jobs", "cancel", "123", "--region", "europe-west1"));
}

TEST_F(VertexPlan, JobSpecKeepsRepeatedValuesAndCommasExactly) {
  set("train.args", R"(["--num-epochs", "3", "--steps-per-epoch", "3", "--data-path", "data/fruits/"])");
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  auto request = job_request(settings);
  request.extra_args = {"--classes", "apple,banana", "--num-epochs", "3", "--note", "a \"quoted\" word"};
  const auto text = commands.custom_job_spec(request);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  const auto spec = nlohmann::json::parse(text);
  const auto& pool = spec["workerPoolSpecs"].at(0);
  EXPECT_EQ(pool["pythonPackageSpec"]["args"],
            nlohmann::json({"--num-epochs", "3", "--steps-per-epoch", "3", "--data-path", "data/fruits/", "--classes",
                            "apple,banana", "--num-epochs", "3", "--note", "a \"quoted\" word"}));
}

TEST_F(VertexPlan, JobSpecOfTheBasicTier) {
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  const auto spec = nlohmann::json::parse(commands.custom_job_spec(job_request(settings)));
  EXPECT_EQ(spec, nlohmann::json::parse(R"({
    "workerPoolSpecs": [{
      "machineSpec": {"machineType": "n1-standard-4"},
      "replicaCount": 1,
      "pythonPackageSpec": {
        "executorImageUri": "europe-docker.pkg.dev/vertex-ai/training/tf-cpu.2-17.py310:latest",
        "packageUris": ["gs://test-bucket/magritte-staging/magritte_v3/trainer-0.1.tar.gz",
                        "gs://deps/extra-1.0.tar.gz"],
        "pythonModule": "trainer.task"}}],
    "baseOutputDirectory": {"outputUriPrefix": "gs://test-bucket/models/magritte_v3"}})"));
}

TEST_F(VertexPlan, JobSpecHasOnePoolPerRoleEachWithTheSamePackageAndArgs) {
  set("train.scale_tier", "basic-gpu");
  set("train.args", R"(["--steps", "3"])");
  set("train.job_dir", "gs://elsewhere/out");
  auto settings = this->settings();
  auto request = job_request(settings);
  EXPECT_EQ(nlohmann::json::parse(VertexCommands(settings).custom_job_spec(request))["workerPoolSpecs"][0]["machineSpec"],
            nlohmann::json::parse(R"({"machineType": "n1-standard-8", "acceleratorType": "NVIDIA_TESLA_T4",
                                      "acceleratorCount": 1})"));

  set("train.scale_tier", "standard-1");
  settings = this->settings();
  request = job_request(settings);
  const auto spec = nlohmann::json::parse(VertexCommands(settings).custom_job_spec(request));
  ASSERT_EQ(spec["workerPoolSpecs"].size(), 3u);
  std::vector<int> replicas;
  for (const auto& pool : spec["workerPoolSpecs"]) {
    replicas.push_back(pool["replicaCount"].get<int>());
    EXPECT_EQ(pool["pythonPackageSpec"]["args"], nlohmann::json({"--steps", "3"}));
    EXPECT_EQ(pool["pythonPackageSpec"]["pythonModule"], "trainer.task");
    EXPECT_FALSE(pool["machineSpec"].contains("acceleratorType"));
  }
  EXPECT_THAT(replicas, ElementsAre(1, 4, 3));
  EXPECT_EQ(spec["baseOutputDirectory"]["outputUriPrefix"], "gs://elsewhere/out");
}

TEST_F(VertexPlan, ListJobsByExactNameQuotesTheFilterValue) {
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.list_custom_jobs("magritte_v3", false)),
              ElementsAre("gcloud", "ai", "custom-jobs", "list", "--region", "europe-west1",
                          "--filter=displayName=\"magritte_v3\"", "--project", "test-project", "--format=json"));
  EXPECT_EQ(commands.list_custom_jobs(R"(a"b\c)", false).args.at(5), R"(--filter=displayName="a\"b\\c")");
}

TEST_F(VertexPlan, ListJobsByPrefixEscapesTheRegex) {
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_EQ(commands.list_custom_jobs("magritte_v3_", true).args.at(5), "--filter=displayName~^magritte_v3_");
  EXPECT_EQ(commands.list_custom_jobs("a.b*c(d)[e]{f}|g+h?i$j^k\\", true).args.at(5),
            R"(--filter=displayName~^a\.b\*c\(d\)\[e\]\{f\}\|g\+h\?i\$j\^k\\)");
}

TEST_F(VertexPlan, DescribeAndCancelJobs) {
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.describe_custom_job("123")),
              ElementsAre("gcloud", "ai", "custom-jobs", "describe", "123", "--region", "europe-west1", "--project",
                          "test-project", "--format=json"));
  EXPECT_THAT(argv(commands.cancel_custom_job("123")),
              ElementsAre("gcloud", "ai", "custom-jobs", "cancel", "123", "--region", "europe-west1", "--project",
                          "test-project"));
}

// ── registry ──

TEST_F(VertexPlan, FirstUploadNamesTheModelId) {
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.upload_model("v3", std::nullopt, "IMAGE")),
              ElementsAre("gcloud", "ai", "models", "upload", "--region", "europe-west1", "--display-name",
                          "magritte", "--model-id", "magritte", "--artifact-uri",
                          "gs://test-bucket/models/magritte_v3/model", "--container-image-uri", "IMAGE",
                          "--version-aliases", "v3", "--project", "test-project", "--format=json"));
}

TEST_F(VertexPlan, LaterUploadsNameTheParentModelInstead) {
  set("deploy.description", "retrained");
  set("deploy.labels", R"({stage = "test"})");
  set("deploy.origin", "gs://other-bucket/model");
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.upload_model("v4", "projects/p/locations/europe-west1/models/magritte", "IMAGE")),
              ElementsAre("gcloud", "ai", "models", "upload", "--region", "europe-west1", "--display-name",
                          "magritte", "--parent-model", "projects/p/locations/europe-west1/models/magritte",
                          "--artifact-uri", "gs://other-bucket/model", "--container-image-uri", "IMAGE", "--version-aliases", "v4",
                          "--description", "retrained", "--labels", "stage=test", "--project", "test-project",
                          "--format=json"));
}

TEST_F(VertexPlan, ListAndDeleteVersions) {
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.list_model_versions()),
              ElementsAre("gcloud", "ai", "models", "list-version", "magritte", "--region", "europe-west1",
                          "--project", "test-project", "--format=json"));
  EXPECT_THAT(argv(commands.delete_model_version("2")),
              ElementsAre("gcloud", "ai", "models", "delete-version", "magritte@2", "--region", "europe-west1",
                          "--project", "test-project", "--quiet"));
}

TEST_F(VertexPlan, ModelsAndEndpointsLiveInProjectRegionNotTrainRegion) {
  set("train.region", "us-central1");
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_EQ(commands.list_model_versions().args.at(5), "europe-west1");
  EXPECT_EQ(commands.list_endpoints().args.at(4), "europe-west1");
  EXPECT_EQ(commands.list_custom_jobs("x", false).args.at(4), "us-central1");
}

// ── endpoints ──

TEST_F(VertexPlan, EndpointListCreateDescribe) {
  set("deploy.endpoint", "fruits");
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.list_endpoints()),
              ElementsAre("gcloud", "ai", "endpoints", "list", "--region", "europe-west1",
                          "--filter=displayName=\"fruits\"", "--project", "test-project", "--format=json"));
  EXPECT_THAT(argv(commands.create_endpoint()),
              ElementsAre("gcloud", "ai", "endpoints", "create", "--region", "europe-west1", "--display-name",
                          "fruits", "--project", "test-project", "--format=json"));
  EXPECT_THAT(argv(commands.describe_endpoint("42")),
              ElementsAre("gcloud", "ai", "endpoints", "describe", "42", "--region", "europe-west1", "--project",
                          "test-project", "--format=json"));
}

TEST_F(VertexPlan, TheEndpointIsNamedAfterTheModelByDefault) {
  const auto settings = this->settings();
  EXPECT_EQ(VertexCommands(settings).create_endpoint().args.at(6), "magritte");
}

TEST_F(VertexPlan, DeployTheFirstModelWithAllTheTraffic) {
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.deploy_model("42", "1", "v3", "6689534191", {{"0", 100}})),
              ElementsAre("gcloud", "ai", "endpoints", "deploy-model", "42", "--region", "europe-west1", "--model",
                          "magritte@1", "--display-name", "v3", "--deployed-model-id", "6689534191", "--machine-type",
                          "n1-standard-2", "--min-replica-count", "1", "--max-replica-count", "1",
                          "--traffic-split=0=100", "--project", "test-project"));
}

TEST_F(VertexPlan, DeployALaterModelWithoutASplitAndWithTheDeploySettings) {
  set("deploy.machine_type", "n1-standard-8");
  set("deploy.min_replicas", "2");
  set("deploy.max_replicas", "5");
  set("deploy.accelerator_type", "nvidia-tesla-t4");
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.deploy_model("42", "2", "v4", "8201162402", {})),
              ElementsAre("gcloud", "ai", "endpoints", "deploy-model", "42", "--region", "europe-west1", "--model",
                          "magritte@2", "--display-name", "v4", "--deployed-model-id", "8201162402", "--machine-type",
                          "n1-standard-8", "--min-replica-count", "2", "--max-replica-count", "5",
                          "--accelerator=type=nvidia-tesla-t4,count=1", "--project", "test-project"));
}

TEST_F(VertexPlan, MaxReplicasDefaultsToMin) {
  set("deploy.min_replicas", "3");
  const auto settings = this->settings();
  const auto args = VertexCommands(settings).deploy_model("42", "2", "v4", "1", {}).args;
  const std::vector<std::string> replicas(args.begin() + 14, args.begin() + 18);
  EXPECT_THAT(replicas, ElementsAre("--min-replica-count", "3", "--max-replica-count", "3"));
}

TEST_F(VertexPlan, UpdateEndpointSendsSplitAndLabelsInOneCommand) {
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.update_endpoint("42", TrafficSplit{{"8201162402", 10}, {"6689534191", 90}},
                                            {{"magritte-canary", "v4"}}, {})),
              ElementsAre("gcloud", "ai", "endpoints", "update", "42", "--region", "europe-west1",
                          "--traffic-split=6689534191=90,8201162402=10", "--update-labels=magritte-canary=v4",
                          "--project", "test-project", "--format=json"));
  EXPECT_THAT(argv(commands.update_endpoint("42", TrafficSplit{{"8201162402", 100}},
                                            {{"magritte-previous-1", "v3"}, {"magritte-previous-2", "v_big2"}},
                                            {"magritte-canary", "magritte-previous-3"})),
              ElementsAre("gcloud", "ai", "endpoints", "update", "42", "--region", "europe-west1",
                          "--traffic-split=8201162402=100",
                          "--update-labels=magritte-previous-1=v3,magritte-previous-2=v_big2",
                          "--remove-labels=magritte-canary,magritte-previous-3", "--project", "test-project",
                          "--format=json"));
}

TEST_F(VertexPlan, UpdateEndpointLabelsOnly) {
  const auto settings = this->settings();
  EXPECT_THAT(argv(VertexCommands(settings).update_endpoint("42", std::nullopt, {}, {"magritte-canary"})),
              ElementsAre("gcloud", "ai", "endpoints", "update", "42", "--region", "europe-west1",
                          "--remove-labels=magritte-canary", "--project", "test-project", "--format=json"));
}

TEST_F(VertexPlan, Undeploy) {
  const auto settings = this->settings();
  const VertexCommands commands(settings);
  EXPECT_THAT(argv(commands.undeploy_model("42", "6689534191", std::nullopt)),
              ElementsAre("gcloud", "ai", "endpoints", "undeploy-model", "42", "--region", "europe-west1",
                          "--deployed-model-id", "6689534191", "--project", "test-project"));
  EXPECT_THAT(argv(commands.undeploy_model("42", "6689534191", TrafficSplit{{"8201162402", 100}})),
              ElementsAre("gcloud", "ai", "endpoints", "undeploy-model", "42", "--region", "europe-west1",
                          "--deployed-model-id", "6689534191", "--traffic-split=8201162402=100", "--project",
                          "test-project"));
}

}  // namespace
}  // namespace magritte::plan::testing
