// Vertex custom jobs through the real `gcloud ai custom-jobs`: the staged package really runs
// with the service's environment, a display name used twice, describe/list, stream-logs and
// `gcloud logging read`, a failing trainer, and a job held RUNNING, cancelled, released.
#include "vertex_e2e_support.hpp"

namespace magritte::e2e {
namespace {

using VertexJobs = VertexEndToEnd;

TEST_F(VertexJobs, TheStagedPackageRunsWithTheServiceEnvironment) {
  const std::string package = stage_trainer();
  const std::string first = create_job("magritte_v2", package, "--epochs,3");
  const std::string second = create_job("magritte_v2", package, "--epochs,1");  // display names are not unique
  ASSERT_FALSE(first.empty());
  EXPECT_NE(first, second);
  EXPECT_EQ(first.find_first_not_of("0123456789"), std::string::npos) << "job ids are numbers: " << first;
  ASSERT_TRUE(wait_for_job(first, "JOB_STATE_SUCCEEDED"));
  ASSERT_TRUE(wait_for_job(second, "JOB_STATE_SUCCEEDED"));

  const auto job = ai_json({"custom-jobs", "describe", first});
  for (const char* field : {"createTime", "startTime", "endTime", "updateTime"}) EXPECT_TRUE(job.contains(field)) << field;
  // The trainer wrote to $AIP_MODEL_DIR through the emulator's storage.
  const CommandResult result = gsutil({"cat", std::string("gs://") + kBucket + "/models/magritte_v2/model/result.txt"});
  EXPECT_EQ(result.out, "trained\n") << result.describe();

  const auto listed = ai_json({"custom-jobs", "list", "--filter=displayName=magritte_v2"});
  EXPECT_EQ(listed.size(), 2u) << listed.dump();

  // The job is finished, so stream-logs ends on its own (gcloud checks every 10 s).
  const CommandResult logs = run({"gcloud", "ai", "custom-jobs", "stream-logs", first, "--region", kRegion,
                                  "--polling-interval", "1"}, std::nullopt, std::chrono::seconds(90));
  ASSERT_TRUE(logs.ok()) << logs.describe();
  EXPECT_TRUE(contains(logs.out, "workerpool0-0\targs: [\"--epochs\", \"3\"]")) << "exactly the spec's args: " << logs.out;
  EXPECT_TRUE(contains(logs.out, "AIP_MODEL_DIR=gs://magritte-test/models/magritte_v2/model/")) << logs.out;
  EXPECT_TRUE(contains(logs.out, "AIP_CHECKPOINT_DIR=gs://magritte-test/models/magritte_v2/checkpoints/")) << logs.out;
  EXPECT_TRUE(contains(logs.out, "AIP_TENSORBOARD_LOG_DIR=gs://magritte-test/models/magritte_v2/logs/")) << logs.out;
  EXPECT_TRUE(contains(logs.out, "CLOUD_ML_JOB_ID=" + first)) << logs.out;
  EXPECT_TRUE(contains(logs.out, "\"workerpool0\"")) << "CLUSTER_SPEC: " << logs.out;
  EXPECT_TRUE(contains(logs.out, "workerpool0-0\tEpoch 3/3 - loss: 0.33")) << logs.out;
  EXPECT_TRUE(contains(logs.out, "service\tJob completed successfully.")) << logs.out;

  const CommandResult read = gcloud({"logging", "read",
                                     "resource.type=\"ml_job\" AND resource.labels.job_id=\"" + first + "\"",
                                     "--format=value(jsonPayload.message)"});
  ASSERT_TRUE(read.ok()) << read.describe();
  EXPECT_TRUE(contains(read.out, "Epoch 2/3 - loss: 0.50")) << read.out;
}

TEST_F(VertexJobs, AFailingTrainerFailsTheJobWithItsError) {
  const std::string id = create_job("broken", stage_trainer(), "--fail");
  ASSERT_TRUE(wait_for_job(id, "JOB_STATE_FAILED"));
  const auto job = ai_json({"custom-jobs", "describe", id});
  EXPECT_EQ(job.value("/error/code"_json_pointer, 0), 3) << job.dump();
  const std::string message = job.value("/error/message"_json_pointer, std::string());
  EXPECT_TRUE(contains(message, "The replica workerpool0-0 exited with a non-zero status of 1.")) << message;
  EXPECT_TRUE(contains(message, "RuntimeError: training diverged")) << message;
}

TEST_F(VertexJobs, AHeldJobStaysRunningThenCancelsWhenReleased) {
  const std::string package = stage_trainer();
  const auto hold_id = hold("custom_job_running", "held_job");
  const std::string id = create_job("held_job", package, "--epochs,1");
  // The trainer finishes at once, but the job shows RUNNING until the test lets go.
  ASSERT_TRUE(wait_for_job(id, "JOB_STATE_RUNNING"));
  for (int i = 0; i < 200 && held_by(hold_id).empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(held_by(hold_id).size(), 1u) << "the trainer's end is held";
  EXPECT_EQ(job_state(id), "JOB_STATE_RUNNING");

  const CommandResult cancel = ai({"custom-jobs", "cancel", id});
  ASSERT_TRUE(cancel.ok()) << cancel.describe();
  EXPECT_EQ(job_state(id), "JOB_STATE_CANCELLING");
  release(hold_id);
  EXPECT_EQ(job_state(id), "JOB_STATE_CANCELLED");
  const auto job = ai_json({"custom-jobs", "describe", id});
  EXPECT_EQ(job.value("/error/code"_json_pointer, 0), 1) << job.dump();

  const CommandResult again = ai({"custom-jobs", "cancel", id});
  EXPECT_EQ(again.exit_code, 1) << again.describe();
  EXPECT_TRUE(contains(again.err, "FAILED_PRECONDITION")) << again.err;
  const CommandResult missing = ai({"custom-jobs", "describe", "123"});
  EXPECT_TRUE(contains(missing.err, "NOT_FOUND: CustomJob `" + std::string(kParent) + "/customJobs/123` not found."))
      << missing.err;
}

TEST_F(VertexJobs, AQueuedHoldKeepsTheJobFromStarting) {
  const std::string package = stage_trainer();
  const auto hold_id = hold("custom_job_queued");
  const std::string id = create_job("queued", package, "--epochs,1");
  EXPECT_EQ(job_state(id), "JOB_STATE_QUEUED");
  EXPECT_EQ(job_state(id), "JOB_STATE_QUEUED");
  release(hold_id);
  ASSERT_TRUE(wait_for_job(id, "JOB_STATE_SUCCEEDED"));
}

}  // namespace
}  // namespace magritte::e2e
