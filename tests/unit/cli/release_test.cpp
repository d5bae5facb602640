// promote, rollback, versions, prune and run against canned gcloud answers: the guards, the
// history kept in the model's labels, what is (never) deleted, what a second run skips.
#include "cli_test_support.hpp"

namespace magritte::cli::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string model(const std::string& default_version, const std::string& labels = "{}") {
  std::string json = R"({"name": "projects/test-project/models/magritte", "labels": )" + labels;
  if (!default_version.empty()) {
    json += R"(, "defaultVersion": {"name": "projects/test-project/models/magritte/versions/)" + default_version + R"("})";
  }
  return json + "}";
}

std::string version(const std::string& name, const std::string& state, const std::string& created = "2026-11-26T10:00:00Z",
                    const std::string& origin = kOrigin) {
  return R"({"name": "projects/test-project/models/magritte/versions/)" + name + R"(", "state": ")" + state +
         R"(", "createTime": ")" + created + R"(", "deploymentUri": ")" + origin + R"("})";
}

class Release : public CliTest {
protected:
  // The commands that ran, as "words 2..4" (e.g. "versions set-default v2").
  std::vector<std::string> verbs() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < calls_.size(); ++i) {
      const auto argv = argv_of(i);
      out.push_back(argv.at(2) + " " + argv.at(3) + (argv.size() > 4 ? " " + argv.at(4) : ""));
    }
    return out;
  }
  bool ran(const std::string& verb) const {
    const auto all = verbs();
    return std::find(all.begin(), all.end(), verb) != all.end();
  }
};

TEST_F(Release, PromoteOfAMissingVersionIsRefusedAndChangesNothing) {
  fake_.then_ok(model("v1")).then(not_found());
  const auto result = run({"promote", "v9"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("version v9 of model magritte does not exist; the default is unchanged"));
  EXPECT_THAT(verbs(), ElementsAre("models describe magritte", "versions describe v9"));
}

TEST_F(Release, PromoteOfAVersionThatIsNotReadyIsRefused) {
  fake_.then_ok(model("v1")).then_ok(R"({"name": "x/v2", "state": "FAILED", "errorMessage": "no model at origin"})");
  const auto result = run({"promote", "v2"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("version v2 of model magritte is FAILED, not READY (no model at origin)"));
  EXPECT_FALSE(ran("versions set-default v2"));
  EXPECT_FALSE(ran("models update magritte"));
}

TEST_F(Release, PromoteOfTheDefaultIsANoOp) {
  fake_.then_ok(model("v2"));
  const auto result = run({"--format", "json", "promote"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("version v2 already is the default of model magritte; nothing to do"));
  EXPECT_EQ(calls_.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(result.out)["changed"], false);
}

TEST_F(Release, PromoteRecordsTheOutgoingDefaultThenSwitchesThenReadsBack) {
  fake_.then_ok(model("v1", R"({"team": "vision", "magritte-previous-1": "v0"})"))
      .then_ok(version("v2", "READY"))
      .then_ok()  // models update
      .then_ok()  // set-default
      .then_ok(model("v2"));
  const auto result = run({"promote", "v2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("models describe magritte", "versions describe v2", "models update magritte",
                                   "versions set-default v2", "models describe magritte"));
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "ai-platform", "models", "update", "magritte", "--update-labels",
                                      "magritte-previous-1=v1,magritte-previous-2=v0", "--region", "global",
                                      "--project", "test-project"));
  EXPECT_THAT(result.err, HasSubstr("version v2 is now the default of model magritte (was v1; undo: magritte rollback)"));
}

TEST_F(Release, HistoryIsBoundedAndCapitalsAreEscaped) {
  environment_["MAGRITTE_PROMOTE_HISTORY_SIZE"] = "2";
  fake_.then_ok(model("V1", R"({"magritte-previous-1": "v0", "magritte-previous-2": "old"})"))
      .then_ok(version("v2", "READY"))
      .then_ok()
      .then_ok()
      .then_ok(model("v2"));
  const auto result = run({"promote", "v2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "ai-platform", "models", "update", "magritte", "--update-labels",
                                      "magritte-previous-1=-v1,magritte-previous-2=v0", "--region", "global",
                                      "--project", "test-project"));
}

TEST_F(Release, ADefaultThatDoesNotReadBackIsAnError) {
  fake_.then_ok(model("v1")).then_ok(version("v2", "READY")).then_ok().then_ok().then_ok(model("v1"));
  const auto result = run({"promote", "v2"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("reading the model back shows 'v1'"));
}

TEST_F(Release, PromoteOfAMissingModelIsRefused) {
  fake_.then(not_found());
  const auto result = run({"promote", "v2"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("model magritte does not exist"));
}

TEST_F(Release, SmokeLabelsMustMatchTheImages) {
  environment_["MAGRITTE_PROMOTE_SMOKE_IMAGES"] = R"(["a.jpg", "b.jpg"])";
  environment_["MAGRITTE_PROMOTE_SMOKE_LABELS"] = R"(["apple"])";
  fake_.then_ok(model("v1")).then_ok(version("v2", "READY"));
  const auto result = run({"promote", "v2"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("promote.smoke_labels has 1 label(s) but promote.smoke_images has 2 image(s)"));
  EXPECT_FALSE(ran("versions set-default v2"));
}

TEST_F(Release, RollbackRestoresThePreviousDefaultAndPopsIt) {
  fake_.then_ok(model("v3", R"({"magritte-previous-1": "v2", "magritte-previous-2": "v1"})"))
      .then_ok(version("v2", "READY"))
      .then_ok()  // set-default v2
      .then_ok(model("v2", R"({"magritte-previous-1": "v2", "magritte-previous-2": "v1"})"))
      .then_ok();  // models update
  const auto result = run({"--format", "json", "rollback"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("models describe magritte", "versions describe v2", "versions set-default v2",
                                   "models describe magritte", "models update magritte"));
  EXPECT_THAT(argv_of(4), ElementsAre("gcloud", "ai-platform", "models", "update", "magritte", "--update-labels",
                                      "magritte-previous-1=v1", "--remove-labels", "magritte-previous-2", "--region",
                                      "global", "--project", "test-project"));
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["version"], "v2");
  EXPECT_EQ(json["previous_default"], "v3");
  EXPECT_EQ(json["history"], nlohmann::json::array({"v1"}));
}

TEST_F(Release, RollbackSkipsAStaleEntryEqualToTheDefault) {
  fake_.then_ok(model("v3", R"({"magritte-previous-1": "v3", "magritte-previous-2": "v1"})"))
      .then_ok(version("v1", "READY"))
      .then_ok()
      .then_ok(model("v1", R"({"magritte-previous-1": "v3", "magritte-previous-2": "v1"})"));
  const auto result = run({"rollback"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(argv_of(1)[4], "v1");
  EXPECT_THAT(argv_of(4), ElementsAre("gcloud", "ai-platform", "models", "update", "magritte", "--remove-labels",
                                      "magritte-previous-1,magritte-previous-2", "--region", "global", "--project",
                                      "test-project"));
}

TEST_F(Release, ARollbackWhoseBookkeepingFailsIsStillARollback) {
  fake_.then_ok(model("v3", R"({"magritte-previous-1": "v2"})"))
      .then_ok(version("v2", "READY"))
      .then_ok()
      .then_ok(model("v2", R"({"magritte-previous-1": "v2"})"))
      .then_fail("ERROR: (gcloud.ai-platform.models.update) UNAVAILABLE: try later\n");
  const auto result = run({"rollback"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("the default is v2, but the history in the model's labels could not be updated"));
}

TEST_F(Release, RollbackWithoutHistoryIsRefused) {
  fake_.then_ok(model("v1"));
  const auto result = run({"rollback"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("no previous default version of model magritte is recorded"));
  EXPECT_EQ(calls_.size(), 1u);
}

TEST_F(Release, RollbackToADeletedVersionIsRefused) {
  fake_.then_ok(model("v3", R"({"magritte-previous-1": "v2"})")).then(not_found());
  const auto result = run({"rollback"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("version v2 of model magritte does not exist"));
  EXPECT_THAT(result.err, HasSubstr("(it is the recorded previous default)"));
  EXPECT_EQ(calls_.size(), 2u);
}

TEST_F(Release, VersionsShowsDefaultAndRollbackTargets) {
  fake_.then_ok(model("v2", R"({"magritte-previous-1": "v1"})"))
      .then_ok("[" + version("v1", "READY", "2026-11-26T09:00:00Z") + "," +
               version("v2", "READY", "2026-11-26T10:00:00Z") + "," +
               version("v3", "FAILED", "2026-11-26T11:00:00Z") + "]");
  const auto result = run({"versions"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "NAME  STATE   CREATED               DEFAULT     ORIGIN\n"
            "v3    FAILED  2026-11-26T11:00:00Z              " + kOrigin + "\n"
            "v2    READY   2026-11-26T10:00:00Z  default     " + kOrigin + "\n"
            "v1    READY   2026-11-26T09:00:00Z  previous-1  " + kOrigin + "\n");
}

TEST_F(Release, PruneNeverDeletesTheDefaultNorTheRollbackTarget) {
  fake_.then_ok(model("v2", R"({"magritte-previous-1": "v1"})"))
      .then_ok("[" + version("v0", "READY", "2026-11-26T08:00:00Z") + "," +
               version("v1", "READY", "2026-11-26T09:00:00Z") + "," +
               version("v2", "READY", "2026-11-26T10:00:00Z") + "," +
               version("v3", "READY", "2026-11-26T11:00:00Z") + "," +
               version("v4", "READY", "2026-11-26T12:00:00Z") + "]");
  const auto result = run({"prune", "--keep", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("models describe magritte", "versions list --model", "versions delete v3",
                                   "versions delete v0"));
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "ai-platform", "versions", "delete", "v3", "--model", "magritte",
                                      "--region", "global", "--quiet", "--project", "test-project"));
  EXPECT_THAT(result.out, HasSubstr("keep\tv2\tREADY\t2026-11-26T10:00:00Z\tthe default version\n"));
  EXPECT_THAT(result.out, HasSubstr("keep\tv1\tREADY\t2026-11-26T09:00:00Z\ta rollback target (magritte-previous-1)\n"));
}

TEST_F(Release, PruneNeedsToKnowHowManyToKeep) {
  const auto result = run({"prune"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("pass --keep N, or set [prune] keep"));
  EXPECT_TRUE(calls_.empty());
}

TEST_F(Release, ASecondRunSkipsEveryStepButTheSync) {
  environment_["MAGRITTE_TRAIN_CONFIG"] = "job.yaml";
  environment_["MAGRITTE_STORAGE_LOCAL_DATA"] = ".";
  fake_.then_ok()                                                                  // gcloud storage rsync
      .then_ok(R"({"jobId": "magritte_v2", "state": "SUCCEEDED"})")                // jobs describe
      .then_ok(model("v2"))                                                        // deploy: models describe
      .then_ok(version("v2", "READY"))                                             // deploy: versions describe
      .then_ok(model("v2"));                                                       // promote: models describe
  const auto result = run({"--format", "json", "run"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(calls_.size(), 5u);
  EXPECT_THAT(argv_of(0), ElementsAre("gcloud", "storage", "rsync", "--recursive", "--gzip-in-flight-all", ".",
                                      "gs://test-bucket/data/fruits/"));
  const auto steps = nlohmann::json::parse(result.out)["steps"];
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(steps[0]["status"], "done");
  for (int i = 1; i < 5; ++i) EXPECT_EQ(steps[i]["status"], "skipped") << steps[i].dump();
  EXPECT_THAT(result.err, HasSubstr("[2/5] train: skipped (job magritte_v2 already SUCCEEDED)"));
}

TEST_F(Release, RunStopsAtTheFirstFailureWithItsExitCode) {
  environment_["MAGRITTE_TRAIN_CONFIG"] = "job.yaml";
  environment_["MAGRITTE_STORAGE_LOCAL_DATA"] = ".";
  fake_.then_ok()
      .then_ok(R"({"jobId": "magritte_v2", "state": "FAILED", "errorMessage": "diverged"})");
  const auto result = run({"--format", "json", "pipeline"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("job magritte_v2 already ended FAILED: diverged"));
  EXPECT_EQ(calls_.size(), 2u);  // no deploy, no promote
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["exit_code"], 1);
  EXPECT_EQ(json["steps"].back()["status"], "failed");
}

TEST_F(Release, WithTimestampedJobsRunTrainsAgainAfterAFailedOne) {
  environment_["MAGRITTE_TRAIN_CONFIG"] = "job.yaml";
  environment_["MAGRITTE_STORAGE_LOCAL_DATA"] = ".";
  environment_["MAGRITTE_TRAIN_JOB_SUFFIX"] = "timestamp";
  // The list says each job's state: no describe after it.
  fake_.then_ok()                                                                           // rsync
      .then_ok(R"([{"jobId": "magritte_v2_20261126_100000", "createTime": "2026-11-26T10:00:00Z",
                    "state": "FAILED"}])")                                                  // jobs list
      .then_ok("jobId: magritte_v2_x\n")                                                    // a new submission
      .then_ok(R"({"state": "FAILED", "errorMessage": "again"})");                          // ...which fails too
  const auto result = run({"run"});
  EXPECT_EQ(result.exit_code, 1);
  ASSERT_GE(calls_.size(), 3u);
  EXPECT_EQ(argv_of(2)[3], "submit");
  EXPECT_TRUE(argv_of(2)[5].starts_with("magritte_v2_2")) << argv_of(2)[5];
  EXPECT_THAT(result.err, HasSubstr("FAILED: again"));
}

TEST_F(Release, RunTrainsWhenThereIsNoJobYet) {
  environment_["MAGRITTE_TRAIN_CONFIG"] = "job.yaml";
  environment_["MAGRITTE_STORAGE_LOCAL_DATA"] = ".";
  fake_.then_ok()                                                         // rsync
      .then(not_found())                                                  // jobs describe: none
      .then_ok("jobId: magritte_v2\n")                                    // submit
      .then_ok(R"({"jobId": "magritte_v2", "state": "SUCCEEDED"})")       // follow
      .then(not_found())                                                  // models describe
      .then_ok()                                                          // models create
      .then(not_found())                                                  // versions describe
      .then_ok(R"({"name": "projects/test-project/operations/create_magritte_v2"})")  // create --async
      .then_ok(version("v2", "READY"))                                    // follow the version
      .then_ok(model("v2"));                                              // first version: default already
  const auto result = run({"run"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(verbs(), ElementsAre("rsync --recursive --gzip-in-flight-all", "jobs describe magritte_v2", "jobs submit training",
                                   "jobs describe magritte_v2", "models describe magritte", "models create magritte",
                                   "versions describe v2", "versions create v2", "versions describe v2",
                                   "models describe magritte"));
  EXPECT_THAT(argv_of(7), ::testing::Contains("--async"));
  EXPECT_THAT(result.err, HasSubstr("[4/5] smoke test: skipped (no promote.smoke_images)"));
  EXPECT_THAT(result.err, HasSubstr("[5/5] promote: skipped (version v2 already is the default)"));
}

}  // namespace
}  // namespace magritte::cli::testing
