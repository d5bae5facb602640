// The Vertex AI backend's flows against canned `gcloud ai` answers: names that are not
// unique (train refuses, status/logs take the newest, cancel refuses two unfinished jobs),
// deploy's first and later versions and its re-runs, versions, promote and prune.
#include <unistd.h>

#include <ctime>
#include <fstream>

#include "cli_test_support.hpp"
#include "support/process.hpp"

namespace magritte::cli::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

const std::string kImage = "europe-docker.pkg.dev/test-project/magritte/onnx-serving:1";
const std::string kModel = "projects/test-project/locations/us-central1/models/magritte";

std::string job(const std::string& id, const std::string& state, const std::string& created,
                const std::string& name = "magritte_v2") {
  return R"({"name": "projects/123/locations/us-central1/customJobs/)" + id + R"(", "displayName": ")" + name +
         R"(", "state": "JOB_STATE_)" + state + R"(", "createTime": ")" + created + R"("})";
}

std::string list(const std::vector<std::string>& items) {
  std::string json = "[";
  for (const auto& item : items) json += std::string(json.size() > 1 ? ", " : "") + item;
  return json + "]";
}

std::string registry_version(const std::string& id, const std::string& aliases, const std::string& created,
                             const std::string& origin = kOrigin) {
  return R"({"name": ")" + kModel + R"(", "versionId": ")" + id + R"(", "versionAliases": )" + aliases +
         R"(, "versionCreateTime": ")" + created + R"(", "artifactUri": ")" + origin + R"("})";
}

struct Deployed {
  std::string id, version_id, name;
};

std::string endpoint(const std::vector<Deployed>& deployed, const std::string& traffic = "{}",
                     const std::string& labels = "{}") {
  std::string models;
  for (const auto& model : deployed) {
    models += std::string(models.empty() ? "" : ", ") + R"({"id": ")" + model.id + R"(", "model": ")" + kModel +
              R"(", "modelVersionId": ")" + model.version_id + R"(", "displayName": ")" + model.name + R"("})";
  }
  return R"({"name": "projects/123/locations/us-central1/endpoints/42", "displayName": "magritte", )"
         R"("deployedModels": [)" + models + R"(], "trafficSplit": )" + traffic + R"(, "labels": )" + labels + "}";
}

RunResult vertex_not_found() {
  return {1, 0, "", "ERROR: (gcloud.ai.models.list-version) NOT_FOUND: The Model does not exist.\n"};
}

class Vertex : public CliTest {
protected:
  Vertex() {
    environment_ = {{"PROJECT_ID", "test-project"},
                    {"BUCKET", "test-bucket"},
                    {"MODEL_NAME", "magritte"},
                    {"VERSION", "v2"},
                    {"MAGRITTE_GCLOUD_BACKEND", "vertex"},
                    {"MAGRITTE_TRAIN_MODULE_NAME", "trainer.task"},
                    {"MAGRITTE_TRAIN_PACKAGE_PATH", "trainer/"},
                    {"MAGRITTE_TRAIN_EXECUTOR_IMAGE",
                     "us-docker.pkg.dev/vertex-ai/training/tf-cpu.2-17.py310:latest"},
                    {"MAGRITTE_DEPLOY_CONTAINER_IMAGE", kImage}};
    // train packages ./trainer/ into ./.magritte/: a directory of the test's own.
    previous_cwd_ = fs::current_path();
    fs::current_path(dir_.path());
    fs::create_directories("trainer");
    std::ofstream("trainer/__init__.py") << "";
    std::ofstream("trainer/task.py") << "print('train')\n";
  }
  ~Vertex() override { fs::current_path(previous_cwd_); }

  // "custom-jobs list", "endpoints deploy-model" (gcloud ai ...), "gcloud logging read", "gcloud storage cp".
  std::vector<std::string> verbs() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < calls_.size(); ++i) {
      const auto argv = argv_of(i);
      if (argv.at(0) == "gcloud" && argv.at(1) == "ai") {
        out.push_back(argv.at(2) + " " + argv.at(3));
      } else {
        out.push_back(argv.at(0) + " " + argv.at(1) + " " + argv.at(2));
      }
    }
    return out;
  }

  magritte::testing::TempDir dir_;
  fs::path previous_cwd_;
};

// ── train ──

TEST_F(Vertex, TrainPackagesStagesThenCreatesTheJobFromASpecFile) {
  environment_["MAGRITTE_TRAIN_ARGS"] = R"(["--num-epochs", "3", "--steps-per-epoch", "3"])";
  fake_.then_ok("[]")  // no job has the name
      .then_ok()       // the copy
      .then_ok(job("777", "PENDING", "2026-11-29T10:00:00Z"));
  const auto result = run({"train", "--", "--classes", "apple,kiwi"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("custom-jobs list", "gcloud storage cp", "custom-jobs create"));
  EXPECT_THAT(argv_of(0), ElementsAre("gcloud", "ai", "custom-jobs", "list", "--region", "us-central1",
                                      "--filter=displayName=\"magritte_v2\"", "--project", "test-project",
                                      "--format=json"));
  EXPECT_THAT(argv_of(1), ElementsAre("gcloud", "storage", "cp", ".magritte/vertex/magritte_v2/trainer-0.1.tar.gz",
                                      "gs://test-bucket/magritte-staging/magritte_v2/"));
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "ai", "custom-jobs", "create", "--region", "us-central1",
                                      "--display-name", "magritte_v2",
                                      "--config=.magritte/vertex/magritte_v2/job-spec.yaml", "--project",
                                      "test-project", "--format=json"));
  EXPECT_TRUE(fs::is_regular_file(".magritte/vertex/magritte_v2/trainer-0.1.tar.gz"));
  std::ifstream spec_file(".magritte/vertex/magritte_v2/job-spec.yaml");
  const auto spec = nlohmann::json::parse(spec_file);
  EXPECT_EQ(spec["workerPoolSpecs"][0]["pythonPackageSpec"]["args"],
            nlohmann::json({"--num-epochs", "3", "--steps-per-epoch", "3", "--classes", "apple,kiwi"}));
  EXPECT_EQ(spec["workerPoolSpecs"][0]["pythonPackageSpec"]["packageUris"],
            nlohmann::json({"gs://test-bucket/magritte-staging/magritte_v2/trainer-0.1.tar.gz"}));
  EXPECT_EQ(spec["baseOutputDirectory"]["outputUriPrefix"], "gs://test-bucket/models/magritte_v2");
  EXPECT_EQ(result.out, "customJobId: 777\ndisplayName: magritte_v2\nstate: JOB_STATE_PENDING\n");
  EXPECT_THAT(result.err, HasSubstr("magritte: job magritte_v2 (id 777) submitted; follow it with: magritte status 777"));
}

TEST_F(Vertex, TrainRefusesWhenAJobHasTheDisplayNameAlready) {
  fake_.then_ok(list({job("555", "SUCCEEDED", "2026-11-28T10:00:00Z"), job("556", "FAILED", "2026-11-29T10:00:00Z")}));
  const auto result = run({"train"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(verbs(), ElementsAre("custom-jobs list"));  // nothing staged, nothing created
  EXPECT_THAT(result.err, HasSubstr("a job named magritte_v2 (id 556) already exists (created 2026-11-29T10:00:00Z, "
                                    "FAILED): magritte keeps job names unique, so it is not submitted again"));
  EXPECT_THAT(result.err, HasSubstr("magritte train --version NEW"));
  EXPECT_THAT(result.err, HasSubstr("magritte status 556 --wait"));
}

// A custom job as `custom-jobs list` shows one created `ago` before now, with trainer args.
std::string job_created_ago(const std::string& id, std::chrono::seconds ago, const std::string& args) {
  const std::time_t when = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() - ago);
  std::tm utc{};
  gmtime_r(&when, &utc);
  char created[32];
  std::strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return R"({"name": "projects/123/locations/us-central1/customJobs/)" + id +
         R"(", "displayName": "magritte_v2", "state": "JOB_STATE_PENDING", "createTime": ")" + created +
         R"(", "jobSpec": {"workerPoolSpecs": [{"pythonPackageSpec": {"args": )" + args + "}}]}}";
}

TEST_F(Vertex, AFailedCreateWhoseJobExistsAnywayIsFollowedNotResubmitted) {
  environment_["MAGRITTE_TRAIN_ARGS"] = R"(["--steps", "3"])";
  fake_.then_ok("[]")
      .then_ok()
      .then_fail("ERROR: (gcloud.ai.custom-jobs.create) the connection was reset\n")
      .then_ok(list({job_created_ago("900", std::chrono::seconds(0), R"(["--steps", "3", "--lr", "0.1"])")}));
  const auto result = run({"train", "--", "--lr", "0.1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("custom-jobs list", "gcloud storage cp", "custom-jobs create", "custom-jobs list"));
  EXPECT_THAT(result.err, HasSubstr("but job magritte_v2 exists and was created by this submission: following it"));
  EXPECT_THAT(result.err, HasSubstr("job magritte_v2 (id 900) submitted"));
}

TEST_F(Vertex, AFailedCreateFindingAnOlderJobOfTheNameIsRefused) {
  fake_.then_ok("[]")
      .then_ok()
      .then_fail("ERROR: (gcloud.ai.custom-jobs.create) the connection was reset\n")
      .then_ok(list({job_created_ago("901", std::chrono::hours(1), "[]")}));
  const auto result = run({"train"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(calls_.size(), 4u);  // never created twice
  EXPECT_THAT(result.err, HasSubstr("a job named magritte_v2 (id 901) already exists"));
}

TEST_F(Vertex, TrainWithATimestampSuffixDoesNotLookForTheName) {
  environment_["MAGRITTE_TRAIN_JOB_SUFFIX"] = "timestamp";
  fake_.then_ok().then_ok(job("778", "PENDING", "2026-11-29T10:00:00Z", "magritte_v2_20261129_100000"));
  const auto result = run({"train"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("gcloud storage cp", "custom-jobs create"));
}

TEST_F(Vertex, TrainRefusesAnAiPlatformJobConfig) {
  environment_["MAGRITTE_TRAIN_CONFIG"] = "job.yaml";
  const auto result = run({"train"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(calls_.empty());
  EXPECT_THAT(result.err, HasSubstr("Vertex AI custom jobs are configured by magritte's keys"));
}

TEST_F(Vertex, TrainWithParameterServersButNoWorkersRunsNothing) {
  environment_["MAGRITTE_TRAIN_MASTER_MACHINE_TYPE"] = "n1-standard-4";
  environment_["MAGRITTE_TRAIN_PARAMETER_SERVER_MACHINE_TYPE"] = "n1-standard-4";
  environment_["MAGRITTE_TRAIN_PARAMETER_SERVER_COUNT"] = "2";
  const auto result = run({"train"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(calls_.empty());
  EXPECT_THAT(result.err, HasSubstr("Vertex AI's pool 2 (parameter servers) needs pool 1 (workers)"));
}

// ── status, logs, cancel ──

const std::string kThreeJobs = list({job("1", "FAILED", "2026-11-29T09:00:00Z"), job("3", "RUNNING", "2026-11-29T11:00:00Z"),
                                     job("2", "CANCELLED", "2026-11-29T10:00:00Z"),
                                     job("4", "RUNNING", "2026-11-29T12:00:00Z", "magritte_v2_other")});

TEST_F(Vertex, StatusOfANameSeveralJobsShareIsTheNewestWithAWarning) {
  fake_.then_ok(kThreeJobs).then_ok(job("3", "RUNNING", "2026-11-29T11:00:00Z"));
  const auto result = run({"status"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("custom-jobs list", "custom-jobs describe"));
  EXPECT_EQ(argv_of(1).at(4), "3");
  EXPECT_THAT(result.err, HasSubstr("magritte: warning: 3 jobs are named magritte_v2: using the newest, 3 (RUNNING, "
                                    "created 2026-11-29T11:00:00Z); the others: 2 (CANCELLED, created "
                                    "2026-11-29T10:00:00Z), 1 (FAILED, created 2026-11-29T09:00:00Z). Name one by its "
                                    "id (magritte status ID)"));
  EXPECT_THAT(result.out, HasSubstr("3 (magritte_v2): RUNNING\n"));
}

TEST_F(Vertex, StatusOfAnIdLooksNothingUp) {
  fake_.then_ok(job("2", "CANCELLED", "2026-11-29T10:00:00Z"));
  const auto result = run({"status", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("custom-jobs describe"));
  EXPECT_THAT(result.err, Not(HasSubstr("warning")));
}

TEST_F(Vertex, StatusOfANameNoJobHasIsAUsageError) {
  fake_.then_ok("[]");
  const auto result = run({"status", "nosuchjob"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("no job named nosuchjob in project test-project"));
  EXPECT_THAT(result.err, HasSubstr("gcloud ai custom-jobs list --region us-central1"));
}

TEST_F(Vertex, LogsOfASharedNameReadTheNewestJobsLog) {
  fake_.then_ok(kThreeJobs).then_ok(job("3", "RUNNING", "2026-11-29T11:00:00Z")).then_ok("[]");
  const auto result = run({"logs"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("custom-jobs list", "custom-jobs describe", "gcloud logging read"));
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "logging", "read",
                                      "resource.type=\"ml_job\" AND resource.labels.job_id=\"3\" AND "
                                      "timestamp>=\"1970-01-01T00:00:00Z\"",
                                      "--order=asc", "--format=json", "--project", "test-project"));
  EXPECT_THAT(result.err, HasSubstr("3 jobs are named magritte_v2: using the newest, 3"));
}

TEST_F(Vertex, CancelOfANameTwoUnfinishedJobsShareCancelsNothing) {
  fake_.then_ok(list({job("3", "RUNNING", "2026-11-29T11:00:00Z"), job("2", "PENDING", "2026-11-29T10:00:00Z"),
                      job("1", "SUCCEEDED", "2026-11-29T09:00:00Z")}));
  const auto result = run({"cancel", "magritte_v2"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(verbs(), ElementsAre("custom-jobs list"));
  EXPECT_THAT(result.err, HasSubstr("2 unfinished jobs are named magritte_v2: 3 (RUNNING), 2 (PENDING); nothing was "
                                    "cancelled"));
  EXPECT_THAT(result.err, HasSubstr("magritte cancel ID"));
}

TEST_F(Vertex, CancelOfANameCancelsItsOneUnfinishedJob) {
  fake_.then_ok(list({job("3", "SUCCEEDED", "2026-11-29T11:00:00Z"), job("2", "RUNNING", "2026-11-29T10:00:00Z")}))
      .then_ok();
  const auto result = run({"cancel", "magritte_v2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(argv_of(1), ElementsAre("gcloud", "ai", "custom-jobs", "cancel", "2", "--region", "us-central1",
                                      "--project", "test-project"));
  EXPECT_THAT(result.err, HasSubstr("magritte: cancellation of job 2 requested"));
}

TEST_F(Vertex, CancelOfANameWhoseJobsAllEndedTriesTheNewestAndSaysItEnded) {
  fake_.then_ok(list({job("3", "SUCCEEDED", "2026-11-29T11:00:00Z"), job("2", "FAILED", "2026-11-29T10:00:00Z")}))
      .then_fail("ERROR: (gcloud.ai.custom-jobs.cancel) FAILED_PRECONDITION: Cannot cancel a finished job.\n")
      .then_ok(job("3", "SUCCEEDED", "2026-11-29T11:00:00Z"));
  const auto result = run({"cancel", "magritte_v2"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(verbs(), ElementsAre("custom-jobs list", "custom-jobs cancel", "custom-jobs describe"));
  EXPECT_EQ(argv_of(1).at(4), "3");
  EXPECT_THAT(result.err, HasSubstr("job 3 already ended (SUCCEEDED): nothing to cancel"));
}

TEST_F(Vertex, CancelOfAnAlreadyCancelledJobIsASuccess) {
  fake_.then_fail("ERROR: (gcloud.ai.custom-jobs.cancel) FAILED_PRECONDITION: finished.\n")
      .then_ok(job("2", "CANCELLED", "2026-11-29T10:00:00Z"));
  const auto result = run({"cancel", "2"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("job 2 is already CANCELLED"));
}

// ── deploy ──

TEST_F(Vertex, DeployTheFirstVersionCreatesModelAndEndpointAndGivesItAllTheTraffic) {
  fake_.then(vertex_not_found())                                                   // models list-version
      .then_ok("[]")                                                                // endpoints list
      .then_ok(R"({"model": ")" + kModel + R"(", "modelVersionId": "1"})")         // models upload
      .then_ok(endpoint({}))                                                        // endpoints create
      .then_ok();                                                                   // deploy-model
  const auto result = run({"--format", "json", "deploy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("models list-version", "endpoints list", "models upload", "endpoints create",
                                   "endpoints deploy-model"));
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "ai", "models", "upload", "--region", "us-central1", "--display-name",
                                      "magritte", "--model-id", "magritte", "--artifact-uri", kOrigin,
                                      "--container-image-uri", kImage, "--version-aliases", "v2", "--project",
                                      "test-project", "--format=json"));
  EXPECT_THAT(argv_of(3), ElementsAre("gcloud", "ai", "endpoints", "create", "--region", "us-central1",
                                      "--display-name", "magritte", "--project", "test-project", "--format=json"));
  EXPECT_THAT(argv_of(4), ElementsAre("gcloud", "ai", "endpoints", "deploy-model", "42", "--region", "us-central1",
                                      "--model", "magritte@1", "--display-name", "v2", "--deployed-model-id",
                                      "6689534191", "--machine-type", "n1-standard-2", "--min-replica-count", "1",
                                      "--max-replica-count", "1", "--traffic-split=0=100", "--project",
                                      "test-project"));
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["version_id"], "1");
  EXPECT_EQ(json["endpoint_id"], "42");
  EXPECT_EQ(json["deployed_model_id"], "6689534191");
  EXPECT_EQ(json["traffic_percent"], 100);
  EXPECT_EQ(json["model_created"], true);
  EXPECT_EQ(json["version_status"], "created");
}

TEST_F(Vertex, DeployALaterVersionUnderTheParentModelWithNoTraffic) {
  fake_.then_ok(list({registry_version("1", R"(["v1", "default"])", "2026-11-28T10:00:00Z",
                                       "gs://test-bucket/models/magritte_v1/model")}))
      .then_ok(list({endpoint({{"6689534191", "1", "v1"}}, R"({"6689534191": 100})")}))
      .then_ok(R"({"model": ")" + kModel + R"(", "modelVersionId": "2"})")
      .then_ok();
  const auto result = run({"--format", "json", "deploy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("models list-version", "endpoints list", "models upload", "endpoints deploy-model"));
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "ai", "models", "upload", "--region", "us-central1", "--display-name",
                                      "magritte", "--parent-model", kModel, "--artifact-uri", kOrigin,
                                      "--container-image-uri", kImage, "--version-aliases", "v2", "--project",
                                      "test-project", "--format=json"));
  EXPECT_THAT(argv_of(3), ElementsAre("gcloud", "ai", "endpoints", "deploy-model", "42", "--region", "us-central1",
                                      "--model", "magritte@2", "--display-name", "v2", "--deployed-model-id",
                                      "8201162402", "--machine-type", "n1-standard-2", "--min-replica-count", "1",
                                      "--max-replica-count", "1", "--project", "test-project"));
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["traffic_percent"], 0);
  EXPECT_EQ(json["model_created"], false);
}

TEST_F(Vertex, DeployAgainWhenAlreadyDeployedDoesNothing) {
  fake_.then_ok(list({registry_version("2", R"(["v2"])", "2026-11-29T10:00:00Z")}))
      .then_ok(list({endpoint({{"8201162402", "2", "v2"}}, R"({"8201162402": 100})")}));
  const auto result = run({"--format", "json", "deploy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(calls_.size(), 2u);  // no upload, no deploy-model
  EXPECT_THAT(result.err, HasSubstr("already exists with origin " + kOrigin + " and is deployed; nothing to do"));
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["version_status"], "unchanged");
  EXPECT_EQ(json["deployed_model_id"], "8201162402");
  EXPECT_EQ(json["traffic_percent"], 100);
}

TEST_F(Vertex, DeployOfAnExistingVersionWithAnotherOriginIsRefused) {
  fake_.then_ok(list({registry_version("2", R"(["v2"])", "2026-11-29T10:00:00Z", "gs://elsewhere/model")}))
      .then_ok("[]");
  const auto result = run({"deploy"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(calls_.size(), 2u);
  EXPECT_THAT(result.err, HasSubstr("version v2 already exists with origin gs://elsewhere/model, not " + kOrigin));
}

TEST_F(Vertex, ARerunWhoseDeploymentIsUnderWayDeploysNothingTwice) {
  // The version is in the registry, not on the endpoint yet: deploy-model is sent with the
  // same derived id, which the service refuses while the first deployment runs.
  fake_.then_ok(list({registry_version("2", R"(["v2"])", "2026-11-29T10:00:00Z"),
                      registry_version("1", R"(["v1"])", "2026-11-28T10:00:00Z")}))
      .then_ok(list({endpoint({{"6689534191", "1", "v1"}}, R"({"6689534191": 100})")}))
      .then_fail("ERROR: (gcloud.ai.endpoints.deploy-model) ALREADY_EXISTS: DeployedModel with ID 8201162402 "
                 "already exists.\n")
      .then_ok(endpoint({{"6689534191", "1", "v1"}}, R"({"6689534191": 100})"));
  const auto result = run({"--format", "json", "deploy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("models list-version", "endpoints list", "endpoints deploy-model",
                                   "endpoints describe"));
  EXPECT_EQ(argv_of(2).at(12), "8201162402");
  EXPECT_THAT(result.err, HasSubstr("version v2 is already being deployed (deployed model 8201162402); wait for it "
                                    "with: magritte deploy --wait"));
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["version_status"], "creating");
  EXPECT_EQ(json["state"], "DEPLOYING");
}

TEST_F(Vertex, ARerunWhoseDeploymentLandedDespiteAFailureGoesOn) {
  fake_.then_ok(list({registry_version("2", R"(["v2"])", "2026-11-29T10:00:00Z"),
                      registry_version("1", R"(["v1"])", "2026-11-28T10:00:00Z")}))
      .then_ok(list({endpoint({{"6689534191", "1", "v1"}}, R"({"6689534191": 100})")}))
      .then_fail("ERROR: (gcloud.ai.endpoints.deploy-model) the connection was reset\n")
      .then_ok(endpoint({{"6689534191", "1", "v1"}, {"8201162402", "2", "v2"}}, R"({"6689534191": 100})"));
  const auto result = run({"deploy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(calls_.size(), 4u);  // one deploy-model only
  EXPECT_THAT(result.err, HasSubstr("gcloud reported a failure"));
  EXPECT_THAT(result.err, HasSubstr("but version v2 is deployed: going on"));
}

TEST_F(Vertex, DeployRefusesAnInvalidAliasBeforeAnyCall) {
  environment_["VERSION"] = "v2_big";
  const auto result = run({"deploy"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(calls_.empty());
  EXPECT_THAT(result.err, HasSubstr("a Vertex AI alias takes letters, digits and '-' (no '_')"));
}

TEST_F(Vertex, TwoEndpointsWithTheNameAreRefused) {
  fake_.then(vertex_not_found()).then_ok(list({endpoint({}), endpoint({})}));
  const auto result = run({"deploy"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(calls_.size(), 2u);
  EXPECT_THAT(result.err, HasSubstr("2 endpoints are named magritte (42, 42)"));
  EXPECT_THAT(result.err, HasSubstr("set deploy.endpoint to the id"));
}

// ── versions, promote, prune ──

const std::string kFourVersions =
    list({registry_version("1", R"(["v1"])", "2026-11-29T09:00:00Z", "gs://test-bucket/models/magritte_v1/model"),
          registry_version("2", R"(["v2", "default"])", "2026-11-29T10:00:00Z"),
          registry_version("3", R"(["v3"])", "2026-11-29T11:00:00Z", "gs://test-bucket/models/magritte_v3/model"),
          registry_version("4", R"([])", "2026-11-29T12:00:00Z", "gs://test-bucket/models/magritte_v4/model")});

TEST_F(Vertex, VersionsShowsTheRegistryWithTheEndpointsSplitAndRoles) {
  fake_.then_ok(kFourVersions)
      .then_ok(list({endpoint({{"11", "1", "v1"}, {"22", "2", "v2"}, {"33", "3", "v3"}}, R"({"22": 90, "33": 10})",
                              R"({"magritte-previous-1": "v1", "magritte-canary": "v3"})")}));
  const auto result = run({"versions"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "VERSION  ID  ALIASES     DEPLOYED  TRAFFIC  CREATED               ROLE\n"
            "4        4               no        -        2026-11-29T12:00:00Z\n"
            "v3       3   v3          yes       10%      2026-11-29T11:00:00Z\n"
            "v2       2   v2,default  yes       90%      2026-11-29T10:00:00Z\n"
            "v1       1   v1          yes       0%       2026-11-29T09:00:00Z  previous-1\n");
}

TEST_F(Vertex, VersionsJson) {
  fake_.then_ok(kFourVersions).then_ok(list({endpoint({{"22", "2", "v2"}}, R"({"22": 100})")}));
  const auto result = run({"--format", "json", "versions"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["endpoint_id"], "42");
  EXPECT_EQ(json["default_version"], "v2");
  ASSERT_EQ(json["versions"].size(), 4u);
  EXPECT_EQ(json["versions"][2]["name"], "v2");
  EXPECT_EQ(json["versions"][2]["state"], "READY");
  EXPECT_EQ(json["versions"][2]["deployed"], true);
  EXPECT_EQ(json["versions"][2]["traffic_percent"], 100);
  EXPECT_EQ(json["versions"][2]["role"], "default");
  EXPECT_EQ(json["versions"][0]["deployed_model_id"], nullptr);
}

TEST_F(Vertex, VersionsOfAMissingModelIsRefused) {
  fake_.then(vertex_not_found()).then_ok("[]");
  const auto result = run({"versions"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("model magritte does not exist in region us-central1"));
}

TEST_F(Vertex, PromoteOfTheVersionWithAllTheTrafficIsANoOp) {
  fake_.then_ok(kFourVersions).then_ok(list({endpoint({{"22", "2", "v2"}}, R"({"22": 100})")}));
  const auto result = run({"--format", "json", "promote", "v2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("models list-version", "endpoints list"));  // no update
  EXPECT_THAT(result.err, HasSubstr("version v2 already is the default of model magritte; nothing to do"));
  EXPECT_EQ(nlohmann::json::parse(result.out)["changed"], false);
}

TEST_F(Vertex, PromoteOfAVersionNotDeployedIsRefused) {
  fake_.then_ok(kFourVersions).then_ok(list({endpoint({{"22", "2", "v2"}}, R"({"22": 100})")}));
  const auto result = run({"promote", "v3"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(calls_.size(), 2u);
  EXPECT_THAT(result.err, HasSubstr("version v3 of model magritte is not deployed on endpoint magritte"));
  EXPECT_THAT(result.err, HasSubstr("magritte deploy --wait --version v3"));
}

TEST_F(Vertex, PromoteCanaryGivesTheShareAndRecordsTheCanaryInOneUpdate) {
  fake_.then_ok(kFourVersions)
      .then_ok(list({endpoint({{"22", "2", "v2"}, {"33", "3", "v3"}}, R"({"22": 100})")}))
      .then_ok(endpoint({{"22", "2", "v2"}, {"33", "3", "v3"}}, R"({"22": 90, "33": 10})",
                        R"({"magritte-canary": "v3"})"));
  const auto result = run({"--format", "json", "promote", "v3", "--canary", "10"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(calls_.size(), 3u);
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "ai", "endpoints", "update", "42", "--region", "us-central1",
                                      "--traffic-split=22=90,33=10", "--update-labels=magritte-canary=v3",
                                      "--project", "test-project", "--format=json"));
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["canary_percent"], 10);
  EXPECT_EQ(json["changed"], true);
}

TEST_F(Vertex, PromoteSwitchesTrafficAndHistoryInOnePatchThenTheAliasFollows) {
  fake_.then_ok(kFourVersions)
      .then_ok(list({endpoint({{"22", "2", "v2"}, {"33", "3", "v3"}}, R"({"22": 100})",
                              R"({"magritte-previous-1": "v1", "team": "vision"})")}))
      .then_ok(endpoint({{"22", "2", "v2"}, {"33", "3", "v3"}}, R"({"33": 100})",
                        R"({"magritte-previous-1": "v2", "magritte-previous-2": "v1", "team": "vision"})"))
      .then_fail("ERROR: (gcloud.config.list) no configuration\n");  // the alias: a warning only
  const auto result = run({"--format", "json", "promote", "v3", "--no-smoke"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "ai", "endpoints", "update", "42", "--region", "us-central1",
                                      "--traffic-split=33=100",
                                      "--update-labels=magritte-previous-1=v2,magritte-previous-2=v1", "--project",
                                      "test-project", "--format=json"));
  EXPECT_THAT(result.err, HasSubstr("version v3 has all the traffic, but the registry's default alias could not be "
                                    "moved to it"));
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["previous_default"], "v2");
  EXPECT_EQ(json["history"], nlohmann::json({"v2", "v1"}));
}

TEST_F(Vertex, PromoteWhoseAnswerShowsASplitIsACloudError) {
  fake_.then_ok(kFourVersions)
      .then_ok(list({endpoint({{"22", "2", "v2"}, {"33", "3", "v3"}}, R"({"22": 100})")}))
      .then_ok(endpoint({{"22", "2", "v2"}, {"33", "3", "v3"}}, R"({"22": 50, "33": 50})"));
  const auto result = run({"promote", "v3", "--no-smoke"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(calls_.size(), 3u);  // the alias is not moved
  EXPECT_THAT(result.err, HasSubstr("but the endpoint's answer shows a split"));
}

TEST_F(Vertex, RollbackDuringACanaryTakesTheCanarysShareAway) {
  fake_.then_ok(kFourVersions)
      .then_ok(list({endpoint({{"22", "2", "v2"}, {"33", "3", "v3"}}, R"({"22": 90, "33": 10})",
                              R"({"magritte-previous-1": "v1", "magritte-canary": "v3"})")}))
      .then_ok(endpoint({{"22", "2", "v2"}, {"33", "3", "v3"}}, R"({"22": 100})", R"({"magritte-previous-1": "v1"})"))
      .then_fail("ERROR: (gcloud.config.list) no configuration\n");
  const auto result = run({"rollback"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // The history is untouched: a canary is not a rollback target.
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "ai", "endpoints", "update", "42", "--region", "us-central1",
                                      "--traffic-split=22=100", "--remove-labels=magritte-canary", "--project",
                                      "test-project", "--format=json"));
  EXPECT_THAT(result.err, HasSubstr("took the canary share away from v3: v2 has all the traffic"));
}

TEST_F(Vertex, RollbackGoesBackToThePreviousVersionAndDropsItFromTheHistory) {
  fake_.then_ok(kFourVersions)
      .then_ok(list({endpoint({{"11", "1", "v1"}, {"22", "2", "v2"}}, R"({"22": 100})",
                              R"({"magritte-previous-1": "v1"})")}))
      .then_ok(endpoint({{"11", "1", "v1"}, {"22", "2", "v2"}}, R"({"11": 100})", "{}"))
      .then_fail("ERROR: (gcloud.config.list) no configuration\n");
  const auto result = run({"rollback"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "ai", "endpoints", "update", "42", "--region", "us-central1",
                                      "--traffic-split=11=100", "--remove-labels=magritte-previous-1", "--project",
                                      "test-project", "--format=json"));
  EXPECT_THAT(result.err, HasSubstr("rolled model magritte back to version v1 (was v2)"));
}

TEST_F(Vertex, RollbackToAnUndeployedVersionIsRefused) {
  fake_.then_ok(kFourVersions)
      .then_ok(list({endpoint({{"22", "2", "v2"}}, R"({"22": 100})", R"({"magritte-previous-1": "v1"})")}));
  const auto result = run({"rollback"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(calls_.size(), 2u);
  EXPECT_THAT(result.err, HasSubstr("version v1 of model magritte is not deployed on endpoint magritte"));
}

TEST_F(Vertex, DeployWaitPollsADeploymentUnderWayUntilItAppears) {
  environment_["MAGRITTE_WAIT_POLL_INTERVAL"] = "1";
  fake_.then_ok(list({registry_version("2", R"(["v2"])", "2026-11-29T10:00:00Z")}))
      .then_ok(list({endpoint({{"6689534191", "1", "v1"}}, R"({"6689534191": 100})")}))
      .then_fail("ERROR: (gcloud.ai.endpoints.deploy-model) ALREADY_EXISTS: DeployedModel already exists.\n")
      .then_ok(endpoint({{"6689534191", "1", "v1"}}, R"({"6689534191": 100})"))  // after the failure
      .then_ok(endpoint({{"6689534191", "1", "v1"}, {"8201162402", "2", "v2"}}, R"({"6689534191": 100})"));
  const auto result = run({"--format", "json", "deploy", "--wait"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("models list-version", "endpoints list", "endpoints deploy-model",
                                   "endpoints describe", "endpoints describe"));
  EXPECT_THAT(result.err, HasSubstr("version v2 is already being deployed (deployed model 8201162402): waiting for it"));
  EXPECT_EQ(nlohmann::json::parse(result.out)["state"], "DEPLOYED");
}

TEST_F(Vertex, PruneNeverRemovesAVersionWithTraffic) {
  // Newest first: 4 (kept: --keep 1), v3 (10 %, the canary), v2 (90 %), v1 (deployed at
  // 0 %, not recorded: undeployed, then deleted).
  fake_.then_ok(kFourVersions)
      .then_ok(list({endpoint({{"11", "1", "v1"}, {"22", "2", "v2"}, {"33", "3", "v3"}}, R"({"22": 90, "33": 10})",
                              R"({"magritte-canary": "v3"})")}))
      .then_ok()   // undeploy v1
      .then_ok();  // delete v1
  const auto result = run({"prune", "--keep", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("models list-version", "endpoints list", "endpoints undeploy-model",
                                   "models delete-version"));
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "ai", "endpoints", "undeploy-model", "42", "--region", "us-central1",
                                      "--deployed-model-id", "11", "--project", "test-project"));
  EXPECT_THAT(argv_of(3), ElementsAre("gcloud", "ai", "models", "delete-version", "magritte@1", "--region",
                                      "us-central1", "--project", "test-project", "--quiet"));
  EXPECT_THAT(result.out, HasSubstr("keep\tv3\tREADY\t2026-11-29T11:00:00Z\tserves 10 % of the traffic\n"));
  EXPECT_THAT(result.out, HasSubstr("keep\tv2\tREADY\t2026-11-29T10:00:00Z\tserves 90 % of the traffic\n"));
  EXPECT_THAT(result.out, HasSubstr("delete\tv1\t"));
}

TEST_F(Vertex, PruneKeepsRollbackTargetsAndDeletesUndeployedVersionsWithoutUndeploying) {
  fake_.then_ok(kFourVersions)
      .then_ok(list({endpoint({{"22", "2", "v2"}, {"33", "3", "v3"}}, R"({"33": 100})",
                              R"({"magritte-previous-1": "v2"})")}))
      .then_ok();  // delete v1
  const auto result = run({"prune", "--keep", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("models list-version", "endpoints list", "models delete-version"));
  EXPECT_THAT(result.out, HasSubstr("keep\tv3\tREADY\t2026-11-29T11:00:00Z\tthe default version\n"));
  EXPECT_THAT(result.out, HasSubstr("keep\tv2\tREADY\t2026-11-29T10:00:00Z\ta rollback target (magritte-previous-1)\n"));
}

}  // namespace
}  // namespace magritte::cli::testing
