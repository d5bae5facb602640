// train --wait, status, logs, cancel: what runs after what, and how job states become exit
// codes (the waiting loop itself is tested with a fake clock in tests/unit/release).
#include "cli_test_support.hpp"

#include <chrono>

#include "magritte/timestamp.hpp"

namespace magritte::cli::testing {
namespace {

using Jobs = CliTest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string job(const std::string& state, const std::string& extra = "") {
  return R"({"jobId": "magritte_v2", "state": ")" + state + R"(", "createTime": "2026-11-26T10:00:00Z")" + extra + "}";
}

std::string created_now() {
  return format_rfc3339(std::chrono::system_clock::now(), FractionDigits::micro);
}

class JobCommands : public Jobs {
protected:
  JobCommands() { environment_["MAGRITTE_TRAIN_CONFIG"] = "job.yaml"; }
};

TEST_F(JobCommands, WaitFollowsTheJobAndSucceeds) {
  fake_.then_ok("jobId: magritte_v2\nstate: QUEUED\n").then_ok(job("SUCCEEDED"));
  const auto result = run({"train", "--wait"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(calls_.size(), 2u);
  EXPECT_THAT(argv_of(1), ElementsAre("gcloud", "ai-platform", "jobs", "describe", "magritte_v2", "--format=json",
                                      "--project", "test-project"));
  EXPECT_EQ(result.out, "jobId: magritte_v2\nstate: QUEUED\n");
  EXPECT_THAT(result.err, HasSubstr("magritte: job magritte_v2: SUCCEEDED (after "));
}

TEST_F(JobCommands, FailedJobExitsOneWithItsErrorMessage) {
  fake_.then_ok(job("QUEUED")).then_ok(job("FAILED", R"(, "errorMessage": "The replica master 0 exited with a non-zero status of 1.")"));
  const auto result = run({"--format", "json", "train", "--wait"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("job magritte_v2 FAILED: The replica master 0 exited with a non-zero status of 1."));
  EXPECT_THAT(result.err, HasSubstr("magritte logs magritte_v2"));
  // The JSON result still comes out, for scripts.
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["wait"]["state"], "FAILED");
}

TEST_F(JobCommands, CancelledJobExitsOne) {
  fake_.then_ok().then_ok(job("CANCELLED"));
  const auto result = run({"train", "--wait"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("job magritte_v2 was CANCELLED"));
}

TEST_F(JobCommands, TimeoutExitsFourAndLeavesTheJobRunning) {
  fake_.then_ok().then_ok(job("RUNNING")).then_ok(job("RUNNING"));
  const auto result = run({"--set", "wait.poll_interval=1", "train", "--wait", "--timeout", "1s"});
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_THAT(result.err, HasSubstr("gave up waiting for job magritte_v2 (RUNNING) after 1s (--timeout); it goes on"));
  EXPECT_THAT(result.err, HasSubstr("magritte status magritte_v2 --wait"));
  EXPECT_THAT(result.err, HasSubstr("magritte cancel magritte_v2"));
  for (const auto& call : calls_) EXPECT_NE(call.command.args.at(2), "cancel");
}

TEST_F(JobCommands, LogsArePrintedAfterEachLook) {
  fake_.then_ok().then_ok(job("SUCCEEDED"));
  fake_.then_ok(R"([{"insertId": "1", "timestamp": "2026-11-26T10:00:01Z", "severity": "INFO",
                     "resource": {"labels": {"task_name": "master-replica-0"}},
                     "jsonPayload": {"message": "Epoch 1/3 - loss: 1.00"}}])");
  const auto result = run({"train", "--wait", "--logs"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(calls_.size(), 3u);
  EXPECT_THAT(argv_of(2), ElementsAre("gcloud", "logging", "read",
                                      "(resource.type=\"ml_job\" OR resource.type=\"cloudml_job\") AND "
                                      "resource.labels.job_id=\"magritte_v2\" AND timestamp>=\"1970-01-01T00:00:00Z\"",
                                      "--order=asc", "--format=json", "--project", "test-project"));
  EXPECT_THAT(result.err, HasSubstr("\tmaster-replica-0\t\tEpoch 1/3 - loss: 1.00"));
}

TEST_F(JobCommands, LogsNeedWait) {
  const auto result = run({"train", "--logs"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(calls_.empty());
}

TEST_F(JobCommands, AnAmbiguousFailureIsCheckedBeforeAnythingElse) {
  fake_.then_fail("ERROR: (gcloud.ai-platform.jobs.submit.training) INTERNAL: backend error\n");
  fake_.then_ok(R"({"jobId": "magritte_v2", "state": "QUEUED", "createTime": ")" + created_now() + R"("})");
  const auto result = run({"train"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("job magritte_v2 exists and was created by this submission: following it"));
  EXPECT_EQ(calls_.size(), 2u);  // submit, describe: never a second submit
}

TEST_F(JobCommands, AJobJustCreatedWithOtherArgumentsIsNotOurs) {
  fake_.then_fail("ERROR: (gcloud.ai-platform.jobs.submit.training) Resource in projects [p] is the subject of a "
                  "conflict: Field: job.job_id Error: A job with this id already exists.\n");
  fake_.then_ok(R"({"jobId": "magritte_v2", "state": "RUNNING", "createTime": ")" + created_now() +
                R"(", "trainingInput": {"args": ["--epochs", "9"]}})");
  const auto result = run({"train", "--", "--epochs", "3"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("job magritte_v2 already exists"));
}

TEST_F(JobCommands, AFailureWithoutAJobStandsAsItIs) {
  fake_.then_fail("ERROR: (gcloud.ai-platform.jobs.submit.training) INVALID_ARGUMENT: bad region\n");
  fake_.then(not_found());
  const auto result = run({"train"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("INVALID_ARGUMENT: bad region"));
  EXPECT_EQ(calls_.size(), 2u);
}

TEST_F(JobCommands, StatusOfAnUnknownJobIsAClearUsageError) {
  fake_.then(not_found());
  const auto result = run({"status", "nope"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("job nope not found in project test-project"));
}

TEST_F(JobCommands, StatusPrintsTheStateAndExitsZeroWhateverItIs) {
  fake_.then_ok(job("FAILED", R"(, "startTime": "2026-11-26T10:00:05Z", "endTime": "2026-11-26T10:01:10Z",
                                 "errorMessage": "boom")"));
  const auto result = run({"status"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(argv_of(0), ElementsAre("gcloud", "ai-platform", "jobs", "describe", "magritte_v2", "--format=json",
                                      "--project", "test-project"));
  EXPECT_THAT(result.out, HasSubstr("magritte_v2: FAILED\n"));
  EXPECT_THAT(result.out, HasSubstr("  ran      1m 05s\n"));
  EXPECT_THAT(result.out, HasSubstr("  error    boom\n"));
}

TEST_F(JobCommands, StatusWithATimestampSuffixFindsTheNewestJob) {
  environment_["MAGRITTE_TRAIN_JOB_SUFFIX"] = "timestamp";
  fake_.then_ok(R"([{"jobId": "magritte_v2_20261126_100000", "createTime": "2026-11-26T10:00:00Z"},
                    {"jobId": "magritte_v2_20261126_110000", "createTime": "2026-11-26T11:00:00Z"},
                    {"jobId": "magritte_v20_20261126_120000", "createTime": "2026-11-26T12:00:00Z"},
                    {"jobId": "other", "createTime": "2026-11-26T13:00:00Z"}])");
  fake_.then_ok(job("RUNNING"));
  const auto result = run({"--format", "json", "status"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(argv_of(0)[3], "list");
  EXPECT_EQ(argv_of(1)[4], "magritte_v2_20261126_110000");
}

TEST_F(JobCommands, LogsWithoutFollowPrintTheWholeLogOnStdout) {
  fake_.then_ok(job("SUCCEEDED"));
  fake_.then_ok(R"([{"insertId": "1", "timestamp": "2026-11-26T10:00:01Z", "textPayload": "hello"}])");
  const auto result = run({"logs", "magritte_v2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("DEFAULT\t"));
  EXPECT_THAT(result.out, HasSubstr("\tunknown_task\t\thello\n"));
}

TEST_F(JobCommands, CancelAFinishedJobIsRefused) {
  fake_.then_fail("ERROR: (gcloud.ai-platform.jobs.cancel) FAILED_PRECONDITION: Cannot cancel an already completed job.\n");
  fake_.then_ok(job("SUCCEEDED"));
  const auto result = run({"cancel", "magritte_v2"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("job magritte_v2 already ended (SUCCEEDED): nothing to cancel"));
}

TEST_F(JobCommands, CancelAnUnknownJob) {
  fake_.then_fail("ERROR: (gcloud.ai-platform.jobs.cancel) NOT_FOUND: The job resource was not found.\n");
  fake_.then(not_found());
  const auto result = run({"cancel", "nope"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("job nope not found"));
}

TEST_F(JobCommands, CancelWaitsUntilCancelled) {
  fake_.then_ok().then_ok(job("CANCELLED"));
  const auto result = run({"--format", "json", "cancel", "magritte_v2", "--wait"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(argv_of(0), ElementsAre("gcloud", "ai-platform", "jobs", "cancel", "magritte_v2", "--project",
                                      "test-project"));
  EXPECT_EQ(nlohmann::json::parse(result.out)["state"], "CANCELLED");
}

}  // namespace
}  // namespace magritte::cli::testing
