// Training jobs through the real gcloud: submit (package built and staged by gcloud), the
// trainer really running, describe, stream-logs ending by itself, failure, cancel, conflicts.
#include "ml_e2e_support.hpp"

namespace magritte::e2e {
namespace {

class MlJobs : public MlEndToEnd {
protected:
  // Whether a process has `dir` as its working directory (the trainer runs in its job's).
  static bool trainer_running_in(const std::filesystem::path& dir) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
      std::error_code ignored;
      if (std::filesystem::read_symlink(entry.path() / "cwd", ignored) == dir) return true;
    }
    return false;
  }

  template <typename Predicate>
  static bool eventually_false(Predicate holds) {
    for (int i = 0; i < 100 && holds(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return !holds();
  }

  CommandResult submit(const std::string& job_id, std::vector<std::string> trainer_args,
                       const std::string& group = "ai-platform") {
    const auto package = copy_trainer();
    std::vector<std::string> argv = {group, "jobs", "submit", "training", job_id,
                                     "--job-dir", std::string("gs://") + kBucket + "/jobs/" + job_id,
                                     "--module-name", "trainer.task",
                                     "--package-path", package.string(),
                                     "--region", kRegion,
                                     "--runtime-version", "1.5",
                                     "--scale-tier", "basic-gpu", "--"};
    argv.insert(argv.end(), trainer_args.begin(), trainer_args.end());
    return gcloud(argv);
  }
};

TEST_F(MlJobs, SubmitRunsTheTrainerAndStreamLogsEndsWithTheJob) {
  const CommandResult submitted = submit("magritte_v2", {"--epochs", "3"});
  ASSERT_TRUE(submitted.ok()) << submitted.describe();
  EXPECT_TRUE(contains(submitted.out, "jobId: magritte_v2")) << submitted.out;
  EXPECT_TRUE(contains(submitted.out, "state: QUEUED")) << submitted.out;
  EXPECT_TRUE(contains(submitted.err, "Job [magritte_v2] submitted successfully.")) << submitted.err;

  ASSERT_TRUE(wait_for_state("magritte_v2", "SUCCEEDED"));
  const CommandResult described = gcloud({"ai-platform", "jobs", "describe", "magritte_v2", "--format=json"});
  ASSERT_TRUE(described.ok()) << described.describe();
  const auto job = nlohmann::json::parse(described.out);
  EXPECT_TRUE(job.contains("startTime") && job.contains("endTime")) << described.out;
  EXPECT_TRUE(job["trainingOutput"].contains("consumedMLUnits")) << described.out;
  EXPECT_EQ(job["trainingInput"]["scaleTier"], "BASIC_GPU");

  // The trainer wrote through the emulator's storage API; gsutil sees it.
  const CommandResult result = gsutil({"cat", std::string("gs://") + kBucket + "/jobs/magritte_v2/result.txt"});
  ASSERT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(result.out, "trained\n");

  // CLOUDSDK_ML_ENGINE_POLLING_INTERVAL=1 comes from `magritte emulator env`; gcloud still
  // checks the job's end only every 10 s, so the stream ends within about 20 s.
  const CommandResult logs = run({"gcloud", "ai-platform", "jobs", "stream-logs", "magritte_v2"},
                                 std::nullopt, std::chrono::seconds(60));
  ASSERT_TRUE(logs.ok()) << logs.describe();
  EXPECT_TRUE(contains(logs.out, "master-replica-0\t\tEpoch 1/3 - loss: 1.00")) << logs.out;
  EXPECT_TRUE(contains(logs.out, "master-replica-0\t\tsaved result: HTTP 200")) << logs.out;
  EXPECT_TRUE(contains(logs.out, "ERROR\t")) << "stderr lines are ERROR: " << logs.out;
  EXPECT_TRUE(contains(logs.out, "service\t\tJob completed successfully.")) << logs.out;

  const CommandResult listed = gcloud({"ai-platform", "jobs", "list"});
  ASSERT_TRUE(listed.ok()) << listed.describe();
  EXPECT_TRUE(contains(listed.out, "magritte_v2") && contains(listed.out, "SUCCEEDED")) << listed.out;
}

TEST_F(MlJobs, FailingTrainerFailsTheJobWithItsError) {
  // The ml-engine group sends the same requests (and warns about its rename).
  const CommandResult submitted = submit("broken", {"--fail"}, "ml-engine");
  ASSERT_TRUE(submitted.ok()) << submitted.describe();
  EXPECT_TRUE(contains(submitted.err, "The `gcloud ml-engine` commands have been renamed")) << submitted.err;
  ASSERT_TRUE(wait_for_state("broken", "FAILED"));
  const CommandResult described =
      gcloud({"ml-engine", "jobs", "describe", "broken", "--format=value(errorMessage)"});
  ASSERT_TRUE(described.ok()) << described.describe();
  EXPECT_TRUE(contains(described.out, "The replica master 0 exited with a non-zero status of 1.")) << described.out;
  EXPECT_TRUE(contains(described.out, "RuntimeError: training diverged at epoch 2")) << described.out;

  const CommandResult again = submit("broken", {});
  EXPECT_EQ(again.exit_code, 1) << again.describe();
  EXPECT_TRUE(contains(again.err, "is the subject of a conflict: Field: job.job_id Error: A job with "
                                  "this id already exists.")) << again.err;
}

TEST_F(MlJobs, CancelStopsARunningTrainer) {
  ASSERT_TRUE(submit("long_run", {"--sleep", "600"}).ok());
  ASSERT_TRUE(wait_for_state("long_run", "RUNNING"));
  const CommandResult cancelled = gcloud({"ai-platform", "jobs", "cancel", "long_run"});
  ASSERT_TRUE(cancelled.ok()) << cancelled.describe();
  ASSERT_TRUE(wait_for_state("long_run", "CANCELLED", std::chrono::seconds(20)));
  const CommandResult again = gcloud({"ai-platform", "jobs", "cancel", "long_run"});
  EXPECT_EQ(again.exit_code, 1) << again.describe();
  EXPECT_TRUE(contains(again.err, "FAILED_PRECONDITION: Cannot cancel an already completed job.")) << again.err;
  const CommandResult missing = gcloud({"ai-platform", "jobs", "describe", "nope"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(contains(missing.err, "NOT_FOUND: Field: name Error: The job resource \"projects/")) << missing.err;
}

TEST_F(MlJobs, AJobRunningWhenTheEmulatorDiesIsFailedAfterRestart) {
  ASSERT_TRUE(submit("interrupted", {"--sleep", "600"}).ok());
  ASSERT_TRUE(wait_for_state("interrupted", "RUNNING"));
  const auto trainer_dir = data_dir() / "ml" / "work" / "magritte-local~interrupted" / "run";
  ASSERT_TRUE(trainer_running_in(trainer_dir));
  restart_emulator(StopMode::sigkill);
  // The trainer died with the emulator (no orphan keeps training or writing).
  EXPECT_TRUE(eventually_false([&] { return trainer_running_in(trainer_dir); }));
  EXPECT_EQ(job_state("interrupted"), "FAILED");
  const CommandResult described =
      gcloud({"ai-platform", "jobs", "describe", "interrupted", "--format=value(errorMessage)"});
  EXPECT_TRUE(contains(described.out, "restarted while this job was RUNNING")) << described.out;
}

}  // namespace
}  // namespace magritte::e2e
