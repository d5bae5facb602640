// Injected faults (the emulator's control API) under every subcommand that talks to the
// cloud, with the real gcloud/gsutil underneath. What is expected, per kind of request:
//  - reads and idempotent writes are retried: by gcloud/gsutil themselves (apitools retries
//    5xx, 429 and broken connections 5 times with 2^n s backoff; gsutil retries uploads),
//    and by magritte for predict (its own HTTP client);
//  - work that must not happen twice (a training job, a version, a model) is never blindly
//    resubmitted: when an answer is lost, magritte asks whether the thing exists;
//  - anything else ends with a clear message and the documented exit code.
#include <sstream>

#include "hardening_support.hpp"

namespace magritte::e2e {
namespace {

using nlohmann::json;

class Faults : public HardeningTest {};

// ── sync ────────────────────────────────────────────────────────────────────────────────

TEST_F(Faults, SyncRetriesFailedAndDroppedUploads) {
  inject_fault({{"path", "^/upload/"}, {"method", "POST"}, {"status", 503}, {"count", 1}});
  inject_fault({{"path", "^/upload/"}, {"method", "POST"}, {"mode", "drop"}, {"count", 1}});
  inject_fault({{"path", "^/upload/"}, {"method", "POST"}, {"mode", "slow_body"}, {"delay_ms", 500}, {"count", 1}});
  const auto since = last_request_seq();
  const CommandResult sync = magritte({"sync"});
  ASSERT_TRUE(sync.ok()) << sync.describe();
  const auto uploads = uploads_since(since);
  EXPECT_EQ(uploads.size(), 5U) << json(uploads).dump();  // 3 files + 2 retried
  const CommandResult listed = gsutil({"ls", "gs://magritte-test/data/**"});
  ASSERT_TRUE(listed.ok()) << listed.describe();
  EXPECT_EQ(listed.out,
            "gs://magritte-test/data/apple/1.jpg\ngs://magritte-test/data/apple/2.jpg\ngs://magritte-test/data/kiwi/1.jpg\n");
}

TEST_F(Faults, SyncRefusedUploadsAreAClearErrorAndLeaveNoObject) {
  inject_fault({{"path", "^/upload/"}, {"status", 403}, {"message", "Access denied (injected)."}});
  const CommandResult sync = magritte({"sync"});
  EXPECT_EQ(sync.exit_code, 1) << sync.describe();
  EXPECT_TRUE(contains(sync.err, "magritte: error: gsutil -m rsync failed (exit status 1)")) << sync.err;
  EXPECT_TRUE(contains(sync.err, "Access denied (injected).")) << sync.err;  // gsutil's reason stays on screen
  EXPECT_TRUE(contains(sync.err, "magritte: hint: nothing is lost")) << sync.err;
  clear_faults();
  const CommandResult listed = gsutil({"ls", "gs://magritte-test/"});
  ASSERT_TRUE(listed.ok()) << listed.describe();
  EXPECT_EQ(listed.out, "") << "a refused upload left an object behind";
  const CommandResult again = magritte({"sync"});
  EXPECT_TRUE(again.ok()) << again.describe();
}

TEST_F(Faults, SyncWithACutShortListingStopsCleanlyAndARerunFinishes) {
  // gsutil treats an undecodable listing as non-retryable and aborts before uploading.
  inject_fault({{"path", "^/storage/v1/b/magritte-test/o$"}, {"method", "GET"}, {"mode", "truncate_json"}, {"count", 1}});
  const CommandResult sync = magritte({"sync"});
  EXPECT_EQ(sync.exit_code, 1) << sync.describe();
  EXPECT_TRUE(contains(sync.err, "magritte: error: gsutil -m rsync failed (exit status 1)")) << sync.err;
  EXPECT_TRUE(contains(sync.err, "run again uploads only what is still missing")) << sync.err;
  const auto since = last_request_seq();
  const CommandResult again = magritte({"sync"});
  ASSERT_TRUE(again.ok()) << again.describe();
  EXPECT_EQ(uploads_since(since).size(), 3U);
}

// ── train ───────────────────────────────────────────────────────────────────────────────

class TrainFaults : public Faults {
protected:
  // The jobs the real gcloud lists, by id.
  std::vector<std::string> job_ids() {
    const CommandResult listed = gcloud({"ai-platform", "jobs", "list", "--format=value(jobId)"});
    EXPECT_TRUE(listed.ok()) << listed.describe();
    std::vector<std::string> ids;
    std::istringstream lines(listed.out);
    for (std::string line; std::getline(lines, line);) ids.push_back(line);
    return ids;
  }
};

TEST_F(TrainFaults, ALostAnswerIsFoundNotSubmittedTwice) {
  // The job is created, then the connection drops before the answer: gcloud retries the
  // POST (apitools retries broken connections), gets 409, and fails.
  inject_fault({{"path", "/jobs$"}, {"method", "POST"}, {"mode", "drop_after"}, {"count", 1}});
  const auto since = last_request_seq();
  const CommandResult train = magritte({"train"});
  ASSERT_TRUE(train.ok()) << train.describe();
  EXPECT_TRUE(contains(train.err, "but job magritte_v1 exists and was created by this submission: following it"))
      << train.err;
  const auto posts = matching(requests_since(since), "POST", "/jobs$");
  ASSERT_EQ(posts.size(), 2U) << json(posts).dump();
  EXPECT_FALSE(posts[0]["delivered"].get<bool>());
  EXPECT_EQ(posts[1]["status"], 409);
  EXPECT_EQ(job_ids(), std::vector<std::string>{"magritte_v1"});
  EXPECT_TRUE(wait_for_state("magritte_v1", "SUCCEEDED"));
}

TEST_F(TrainFaults, ACutShortAnswerIsFoundNotSubmittedTwice) {
  // gcloud cannot decode the answer ("gcloud crashed (InvalidDataFromServerError)"), does
  // not retry, and exits 1; the job exists all the same.
  inject_fault({{"path", "/jobs$"}, {"method", "POST"}, {"mode", "truncate_json"}, {"count", 1}});
  const auto since = last_request_seq();
  const CommandResult train = magritte({"train", "--wait", "--set", "wait.poll_interval=1"});
  ASSERT_TRUE(train.ok()) << train.describe();
  EXPECT_TRUE(contains(train.err, "InvalidDataFromServerError")) << train.err;
  EXPECT_TRUE(contains(train.err, "created by this submission: following it")) << train.err;
  EXPECT_TRUE(contains(train.err, "SUCCEEDED")) << train.err;
  EXPECT_EQ(matching(requests_since(since), "POST", "/jobs$").size(), 1U);
  EXPECT_EQ(job_ids(), std::vector<std::string>{"magritte_v1"});
}

TEST_F(TrainFaults, ARefusedSubmissionIsAClearErrorAndCreatesNothing) {
  inject_fault({{"path", "/jobs$"}, {"method", "POST"}, {"status", 403}, {"message", "Permission denied (injected)."}});
  const CommandResult train = magritte({"train"});
  EXPECT_EQ(train.exit_code, 1) << train.describe();
  EXPECT_TRUE(contains(train.err, "magritte: error: gcloud ai-platform jobs submit training failed (exit status 1)"))
      << train.err;
  EXPECT_TRUE(contains(train.err, "Permission denied (injected).")) << train.err;
  clear_faults();
  EXPECT_TRUE(job_ids().empty());
}

TEST_F(TrainFaults, WaitingSurvivesFailedAndBrokenPolls) {
  inject_fault({{"path", "/jobs/magritte_v1$"}, {"method", "GET"}, {"mode", "truncate_json"}, {"count", 1}});
  inject_fault({{"path", "/jobs/magritte_v1$"}, {"method", "GET"}, {"mode", "drop"}, {"count", 1}});
  inject_fault({{"path", "/jobs/magritte_v1$"}, {"method", "GET"}, {"status", 500}, {"count", 1}});
  const CommandResult train = magritte({"train", "--wait", "--set", "wait.poll_interval=1"});
  ASSERT_TRUE(train.ok()) << train.describe();
  EXPECT_TRUE(contains(train.err, "checking again")) << train.err;
  EXPECT_TRUE(contains(train.err, "SUCCEEDED")) << train.err;
}

// ── deploy ──────────────────────────────────────────────────────────────────────────────

TEST_F(Faults, DeployLostAnswersAreFoundNotCreatedTwice) {
  upload_model("models/mean");
  inject_fault({{"path", "/models$"}, {"method", "POST"}, {"mode", "drop_after"}, {"count", 1}});
  inject_fault({{"path", "/versions$"}, {"method", "POST"}, {"mode", "drop_after"}, {"count", 1}});
  const auto since = last_request_seq();
  const CommandResult deploy = magritte({"deploy"});
  ASSERT_TRUE(deploy.ok()) << deploy.describe();
  const auto requests = requests_since(since);
  EXPECT_EQ(matching(requests, "POST", "/models$").size(), 2U);
  EXPECT_EQ(matching(requests, "POST", "/versions$").size(), 2U);
  const CommandResult versions = gcloud({"ai-platform", "versions", "list", "--model", "magritte", "--region",
                                         kRegion, "--format=value(name,state)"});
  ASSERT_TRUE(versions.ok()) << versions.describe();
  EXPECT_EQ(versions.out, "v1\tREADY\n");
}

TEST_F(Faults, DeploySlowAnswersOnlyTakeLonger) {
  upload_model("models/mean");
  inject_fault({{"path", "/models/magritte$"}, {"method", "GET"}, {"mode", "slow_body"}, {"delay_ms", 800}, {"count", 1}});
  inject_fault({{"path", "/versions$"}, {"method", "POST"}, {"mode", "delay"}, {"delay_ms", 1500}, {"count", 1}});
  const CommandResult deploy = magritte({"deploy"});
  ASSERT_TRUE(deploy.ok()) << deploy.describe();
  EXPECT_EQ(default_version(), "v1");
}

// ── promote ─────────────────────────────────────────────────────────────────────────────

TEST_F(Faults, PromoteRetriesATransientFailureAndReportsARefusal) {
  deploy_mean_model("v1");
  deploy_mean_model("v2");
  inject_fault({{"path", ":setDefault$"}, {"status", 503}, {"count", 1}});
  const CommandResult promoted = magritte({"promote", "v2"});
  ASSERT_TRUE(promoted.ok()) << promoted.describe();  // gcloud retried the 503
  EXPECT_EQ(default_version(), "v2");

  inject_fault({{"path", ":setDefault$"}, {"status", 403}, {"message", "Permission denied (injected)."}});
  const CommandResult refused = magritte({"promote", "v1"});
  EXPECT_EQ(refused.exit_code, 1) << refused.describe();
  EXPECT_TRUE(contains(refused.err, "set-default v1 failed (exit status 1)")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "Permission denied (injected).")) << refused.err;
  clear_faults();
  EXPECT_EQ(default_version(), "v2") << "a refused promote changed the default";
}

// ── predict ─────────────────────────────────────────────────────────────────────────────

TEST_F(Faults, PredictRetriesLostAndCutShortAnswersAndGivesUpClearly) {
  deploy_mean_model();
  write_red_png();
  for (const char* mode : {"drop", "drop_after", "truncate_json"}) {
    inject_fault({{"path", ":predict$"}, {"mode", mode}, {"count", 1}});
  }
  inject_fault({{"path", ":predict$"}, {"mode", "slow_body"}, {"delay_ms", 500}, {"count", 1}});
  auto since = last_request_seq();
  const CommandResult predicted = magritte({"predict", "red.png", "--top", "1"});
  ASSERT_TRUE(predicted.ok()) << predicted.describe();
  EXPECT_EQ(predicted.out, "red.png\nScore 0.9961, Label red\n");
  EXPECT_TRUE(contains(predicted.err, "(connection failed: Empty reply from server), retry 1 of 4")) << predicted.err;
  EXPECT_TRUE(contains(predicted.err, "(HTTP 200 with a body that is not valid JSON")) << predicted.err;
  EXPECT_EQ(matching(requests_since(since), "POST", ":predict$").size(), 4U);

  // Every answer cut short: bounded retries, then a clear error and exit 1.
  inject_fault({{"path", ":predict$"}, {"mode", "truncate_json"}});
  since = last_request_seq();
  const CommandResult failed = magritte({"predict", "red.png", "--set", "predict.retries=2"});
  EXPECT_EQ(failed.exit_code, 1) << failed.describe();
  EXPECT_TRUE(contains(failed.err, "red.png: HTTP 200 with a body that is not valid JSON")) << failed.err;
  EXPECT_TRUE(contains(failed.err, "magritte: error: 1 of 1 image(s) failed")) << failed.err;
  EXPECT_EQ(matching(requests_since(since), "POST", ":predict$").size(), 3U);
  EXPECT_EQ(failed.out, "");
}

// ── status, logs, cancel ────────────────────────────────────────────────────────────────

TEST_F(TrainFaults, StatusLogsAndCancelRideOutTransientFailures) {
  ASSERT_TRUE(magritte({"train", "--", "--sleep", "600"}).ok());  // ended by the cancel below
  inject_fault({{"path", "/jobs/magritte_v1$"}, {"method", "GET"}, {"status", 503}, {"count", 1}});
  const CommandResult status = magritte({"status", "magritte_v1"});
  EXPECT_TRUE(status.ok()) << status.describe();
  inject_fault({{"path", "^/v2/entries:list$"}, {"status", 503}, {"count", 1}});
  const CommandResult logs = magritte({"logs", "magritte_v1"});
  EXPECT_TRUE(logs.ok()) << logs.describe();
  inject_fault({{"path", ":cancel$"}, {"method", "POST"}, {"mode", "drop_after"}, {"count", 1}});
  const CommandResult cancel = magritte({"cancel", "magritte_v1"});
  EXPECT_TRUE(cancel.ok()) << cancel.describe();  // the retried cancel of a cancelled job is accepted
  EXPECT_TRUE(wait_for_state("magritte_v1", "CANCELLED"));
}

}  // namespace
}  // namespace magritte::e2e
