// Following training jobs with the built magritte and the real gcloud: train --wait to
// success, failure and timeout, Ctrl-C that leaves the job running, a submission whose
// answer was lost, ALREADY_EXISTS explained, status/logs/cancel.
#include <csignal>
#include <fstream>
#include <future>
#include <regex>
#include <sstream>

#include "release_e2e_support.hpp"

namespace magritte::e2e {
namespace {

class ReleaseJobs : public ReleaseEndToEnd {};

TEST_F(ReleaseJobs, TrainWaitFollowsTheJobToSuccessWithItsLog) {
  // The job stays RUNNING until magritte has seen it so (however slow its polls), then ends.
  const auto running = hold("job_running");
  std::filesystem::path log;
  auto train = spawn({"magritte", "train", "--wait", "--logs", "--", "--epochs", "2", "--sleep", "4"}, &log);
  ASSERT_TRUE(eventually([&] { return contains(read_text(log), "magritte: job magritte_v1: RUNNING (after "); }))
      << read_text(log);
  release(running);
  ASSERT_TRUE(train->wait(std::chrono::seconds(120))) << read_text(log);
  ASSERT_EQ(train->exit_code(), 0) << read_text(log);
  const std::string printed = read_text(log);  // stdout and stderr
  EXPECT_TRUE(contains(printed, "magritte: job magritte_v1: SUCCEEDED (after ")) << printed;
  EXPECT_TRUE(contains(printed, "\tmaster-replica-0\t\tEpoch 1/2 - loss: 1.00\n")) << printed;
  EXPECT_TRUE(contains(printed, "\tservice\t\tJob completed successfully.\n")) << printed;
  // Each log line once, although it was read in several polls.
  EXPECT_EQ(printed.find("Epoch 2/2"), printed.rfind("Epoch 2/2")) << printed;
  EXPECT_EQ(gcloud_job_state("magritte_v1"), "SUCCEEDED");

  const CommandResult logs = magritte({"logs", "magritte_v1"});
  ASSERT_TRUE(logs.ok()) << logs.describe();
  EXPECT_TRUE(contains(logs.out, "\tmaster-replica-0\t\tsleeping 4 s\n")) << logs.out;
}

TEST_F(ReleaseJobs, AFailingTrainerExitsOneWithItsErrorAndTheIdCannotBeReused) {
  const CommandResult failed = magritte({"--format", "json", "train", "--wait", "--", "--fail"});
  EXPECT_EQ(failed.exit_code, 1) << failed.describe();
  EXPECT_TRUE(contains(failed.err, "magritte: error: job magritte_v1 FAILED: The replica master 0 exited with a "
                                   "non-zero status of 1.")) << failed.err;
  EXPECT_TRUE(contains(failed.err, "RuntimeError: training diverged at epoch 2")) << failed.err;
  const auto json = nlohmann::json::parse(failed.out, nullptr, false);
  ASSERT_TRUE(json.is_object()) << failed.out;
  EXPECT_EQ(json["wait"]["state"], "FAILED");

  const CommandResult again = magritte({"train"});
  EXPECT_EQ(again.exit_code, 3) << again.describe();
  EXPECT_TRUE(contains(again.err, "job magritte_v1 already exists (created ")) << again.err;
  EXPECT_TRUE(contains(again.err, "train.job_suffix = \"timestamp\"")) << again.err;
  EXPECT_FALSE(contains(again.err, "subject of a conflict")) << "a raw gcloud error leaked: " << again.err;
}

TEST_F(ReleaseJobs, TimeoutExitsFourAndTheJobGoesOnUntilCancelled) {
  // The trainer sleeps far longer than the test runs (cancel ends it). On a loaded machine
  // the job may not have left QUEUED/PREPARING within the 2 s: the message names whichever.
  const CommandResult waited = magritte({"train", "--wait", "--timeout", "2s", "--", "--sleep", "600"});
  EXPECT_EQ(waited.exit_code, 4) << waited.describe();
  EXPECT_TRUE(std::regex_search(waited.err, std::regex(R"(gave up waiting for job magritte_v1 \((QUEUED|PREPARING|RUNNING)\) )"
                                                       R"(after 2s \(--timeout\); it goes on)")))
      << waited.err;
  EXPECT_TRUE(contains(waited.err, "magritte status magritte_v1 --wait")) << waited.err;
  EXPECT_TRUE(eventually([&] { return gcloud_job_state("magritte_v1") == "RUNNING"; }));

  const CommandResult cancelled = magritte({"cancel", "magritte_v1", "--wait"});
  ASSERT_TRUE(cancelled.ok()) << cancelled.describe();
  EXPECT_EQ(gcloud_job_state("magritte_v1"), "CANCELLED");
  const CommandResult status = magritte({"status", "magritte_v1", "--wait"});
  EXPECT_EQ(status.exit_code, 1) << status.describe();  // a waited-for CANCELLED job is a failure
  // Cancelling a cancelled job is what was asked (and what a cancel whose answer was lost
  // looks like once gcloud retried it): exit 0, said plainly.
  const CommandResult again = magritte({"cancel", "magritte_v1"});
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_TRUE(contains(again.err, "job magritte_v1 is already CANCELLED")) << again.err;
}

TEST_F(ReleaseJobs, CtrlCStopsWatchingButNeverTheJob) {
  hold("job_running");  // RUNNING for as long as the test looks, however loaded the machine
  const auto log = work_dir() / "train.log";
  BackgroundProcess train({magritte_binary(), "train", "--wait", "--logs", "--", "--sleep", "60"}, environment(),
                          work_dir(), log);
  // Once magritte has seen the job RUNNING (it is in its waiting loop), interrupt it as a
  // terminal would.
  for (int i = 0; i < 600 && !contains(read_text(log), "magritte: job magritte_v1: RUNNING"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(contains(read_text(log), "magritte: job magritte_v1: RUNNING")) << read_text(log);
  train.send_signal(SIGINT);
  ASSERT_TRUE(train.wait(std::chrono::seconds(20)));
  EXPECT_EQ(train.signal(), 0) << "magritte died by the signal instead of handling it";
  EXPECT_EQ(train.exit_code(), 130);
  const std::string printed = read_text(log);
  EXPECT_TRUE(contains(printed, "stopped waiting for job magritte_v1 (RUNNING) (SIGINT); it goes on")) << printed;
  EXPECT_TRUE(contains(printed, "wait again: magritte status magritte_v1 --wait; cancel it: magritte cancel "
                                "magritte_v1")) << printed;
  EXPECT_EQ(gcloud_job_state("magritte_v1"), "RUNNING");

  const CommandResult status = magritte({"--format", "json", "status"});
  ASSERT_TRUE(status.ok()) << status.describe();
  EXPECT_EQ(nlohmann::json::parse(status.out)["state"], "RUNNING");
  ASSERT_TRUE(magritte({"cancel", "magritte_v1"}).ok());
}

TEST_F(ReleaseJobs, ASubmissionWhoseAnswerWasLostIsFollowedNotRepeated) {
  // The service creates the job, then the connection drops before the answer: gcloud
  // retries into ALREADY_EXISTS. magritte must see that the job is its own.
  inject_fault({{"path", "^/v1/projects/[^/]+/jobs$"}, {"method", "POST"}, {"mode", "drop_after"}, {"count", 1}});
  const CommandResult trained = magritte({"train", "--wait"});
  ASSERT_TRUE(trained.ok()) << trained.describe();
  EXPECT_TRUE(contains(trained.err, "exists and was created by this submission: following it")) << trained.err;
  EXPECT_EQ(gcloud_job_state("magritte_v1"), "SUCCEEDED");
  const CommandResult listed = gcloud({"ai-platform", "jobs", "list", "--format=value(jobId)"});
  EXPECT_EQ(listed.out, "magritte_v1\n");
}

TEST_F(ReleaseJobs, UnknownJobsAreClearErrors) {
  const CommandResult status = magritte({"status", "nope"});
  EXPECT_EQ(status.exit_code, 2) << status.describe();
  EXPECT_TRUE(contains(status.err, "magritte: error: job nope not found in project magritte-local")) << status.err;
  EXPECT_EQ(magritte({"logs", "nope"}).exit_code, 2);
  EXPECT_EQ(magritte({"cancel", "nope"}).exit_code, 2);
}

TEST_F(ReleaseJobs, LogsFollowPrintsOnStdoutUntilTheJobEnds) {
  // The trainer is done but the job stays RUNNING until released: --follow must keep
  // following, then end at the first look that sees the job ended (gcloud's stream-logs
  // lingers 10 to 20 s, polling on). Counted in requests, not seconds: a loaded machine
  // slows each poll, never adds one.
  const auto running = hold("job_running");
  ASSERT_TRUE(magritte({"train", "--", "--sleep", "2"}).ok());
  ASSERT_TRUE(eventually([&] { return !held_by(running).empty(); }));  // the trainer ended
  const auto before = last_request_seq();
  auto following = std::async(std::launch::async, [&] { return magritte({"logs", "--follow"}); });
  ASSERT_TRUE(eventually([&] {
    return matching(requests_since(before), "GET", "/jobs/magritte_v1$").size() >= 2;  // it polls on
  }));
  const auto released = last_request_seq();
  release(running);
  const CommandResult followed = following.get();
  ASSERT_TRUE(followed.ok()) << followed.describe();
  EXPECT_TRUE(contains(followed.out, "\tmaster-replica-0\t\tsleeping 2 s\n")) << followed.out;
  EXPECT_TRUE(contains(followed.out, "\tservice\t\tJob completed successfully.\n")) << followed.out;
  // After the release: the look in flight (if any) and the one that sees SUCCEEDED.
  const auto after = requests_since(released);
  EXPECT_LE(matching(after, "GET", "/jobs/magritte_v1$").size(), 2U) << nlohmann::json(after).dump();
  EXPECT_LE(matching(after, "POST", "entries:list$").size(), 3U) << nlohmann::json(after).dump();
}

}  // namespace
}  // namespace magritte::e2e
