// magritte's train, status, logs, cancel, deploy, versions and predict on the Vertex AI
// backend, through the real gcloud against the emulator.
#include "vertex_magritte_support.hpp"

namespace magritte::e2e {
namespace {

TEST_F(VertexMagritte, TrainWaitsForTheCustomJobAndShowsItsLogsWithRepeatedTrainerArgs) {
  // "--epochs 3 --sleep 3" repeats a value, which gcloud's --args could not carry.
  const CommandResult trained = magritte({"train", "--wait", "--logs", "--", "--epochs", "3", "--sleep", "3"});
  ASSERT_TRUE(trained.ok()) << trained.describe();
  EXPECT_TRUE(contains(trained.out, "displayName: magritte_v1")) << trained.out;
  EXPECT_TRUE(contains(trained.err, "SUCCEEDED")) << trained.err;
  EXPECT_TRUE(contains(trained.out + trained.err, R"(args: ["--epochs", "3", "--sleep", "3"])"))
      << trained.out << trained.err;
  EXPECT_TRUE(contains(trained.out + trained.err, "AIP_MODEL_DIR=gs://magritte-test/models/magritte_v1/model/"));

  // The real gcloud sees one job of that display name, its package staged by magritte.
  const auto jobs = ai_json({"custom-jobs", "list", "--filter=displayName=magritte_v1"});
  ASSERT_EQ(jobs.size(), 1U) << jobs.dump();
  const auto& package = jobs[0]["jobSpec"]["workerPoolSpecs"][0]["pythonPackageSpec"];
  EXPECT_EQ(package["packageUris"][0], "gs://magritte-test/magritte-staging/magritte_v1/trainer-0.1.tar.gz")
      << package.dump();
  EXPECT_EQ(package["pythonModule"], "trainer.task");
  EXPECT_EQ(gsutil({"cat", "gs://magritte-test/models/magritte_v1/model/result.txt"}).out, "trained\n");

  // A second train of the same name is refused: magritte keeps its display names unique.
  const CommandResult again = magritte({"train"});
  EXPECT_EQ(again.exit_code, 3) << again.describe();
  EXPECT_TRUE(contains(again.err, "magritte_v1")) << again.err;
  EXPECT_EQ(ai_json({"custom-jobs", "list", "--filter=displayName=magritte_v1"}).size(), 1U);
}

TEST_F(VertexMagritte, StatusLogsAndCancelFindJobsByDisplayNameAndSayWhenSeveralMatch) {
  // Two jobs named magritte_v1 made outside magritte (display names are not unique on
  // Vertex), both held RUNNING: the older one's trainer still sleeping, the newer one's done.
  const auto running = hold("custom_job_running");
  const std::string package = stage_trainer();
  const std::string first = create_job("magritte_v1", package, "--epochs=1,--sleep=600");
  ASSERT_TRUE(wait_for_job(first, "JOB_STATE_RUNNING"));
  const CommandResult status_one = magritte({"status"});
  ASSERT_TRUE(status_one.ok()) << status_one.describe();
  EXPECT_TRUE(contains(status_one.out, first)) << status_one.out;

  const std::string second = create_job("magritte_v1", package, "--epochs=2");
  ASSERT_TRUE(eventually([&] {
    for (const auto& name : held_by(running)) {
      if (contains(name, second)) return true;
    }
    return false;
  })) << "the second job's trainer did not end";
  const CommandResult status = magritte({"status", "--format", "json"});
  ASSERT_TRUE(status.ok()) << status.describe();
  EXPECT_TRUE(contains(status.out, second)) << "status must show the newest: " << status.out;
  EXPECT_TRUE(contains(status.err, "2 jobs are named magritte_v1: using the newest")) << status.err;
  EXPECT_TRUE(contains(status.err, first)) << status.err;

  // Cancel by name refuses: two unfinished jobs share it, and a wrong cancel cannot be undone.
  const CommandResult ambiguous = magritte({"cancel", "magritte_v1"});
  EXPECT_EQ(ambiguous.exit_code, 3) << ambiguous.describe();
  EXPECT_TRUE(contains(ambiguous.err, "2 unfinished jobs are named magritte_v1")) << ambiguous.err;
  EXPECT_TRUE(contains(ambiguous.err, "nothing was cancelled")) << ambiguous.err;

  // By id it cancels exactly that one.
  const CommandResult cancelled = magritte({"cancel", first});
  ASSERT_TRUE(cancelled.ok()) << cancelled.describe();
  release(running);
  ASSERT_TRUE(wait_for_job(first, "JOB_STATE_CANCELLED"));
  ASSERT_TRUE(wait_for_job(second, "JOB_STATE_SUCCEEDED"));

  const CommandResult logs = magritte({"logs", second});
  ASSERT_TRUE(logs.ok()) << logs.describe();
  EXPECT_TRUE(contains(logs.out, "Epoch 2/2")) << logs.out;
  const CommandResult wait = magritte({"status", second, "--wait"});
  EXPECT_TRUE(wait.ok()) << wait.describe();
  const CommandResult failed_wait = magritte({"status", first, "--wait"});
  EXPECT_NE(failed_wait.exit_code, 0) << "a cancelled job is not a success: " << failed_wait.describe();
}

TEST_F(VertexMagritte, DeployFirstThenLaterVersionAsGcloudSeesThemAndPredictSaysWhoAnswered) {
  deploy_version("v1");
  auto endpoint = endpoint_json();
  ASSERT_EQ(endpoint["deployedModels"].size(), 1U) << endpoint.dump();
  EXPECT_EQ(split_by_version(), (std::map<std::string, int>{{"v1", 100}}));  // the first takes it all

  deploy_version("v2");
  endpoint = endpoint_json();
  ASSERT_EQ(endpoint["deployedModels"].size(), 2U) << endpoint.dump();
  EXPECT_EQ(split_by_version(), (std::map<std::string, int>{{"v1", 100}}));  // a later one at 0 %

  // The registry, as gcloud lists it: the versions aliased by magritte's names.
  const auto versions = ai_json({"models", "list-version", "magritte"});
  std::map<std::string, std::string> alias_of_id;
  for (const auto& version : versions) {
    std::string aliases;
    const auto version_aliases = version.value("versionAliases", nlohmann::json::array());
    for (const auto& alias : version_aliases) {
      aliases += (aliases.empty() ? "" : ",") + alias.get<std::string>();
    }
    alias_of_id[version.value("versionId", "")] = aliases;
  }
  EXPECT_EQ(alias_of_id, (std::map<std::string, std::string>{{"1", "default,v1"}, {"2", "v2"}}));

  // A re-run changes nothing: same version, same deployed model, no second deployment.
  const auto before = endpoint_json();
  const CommandResult again = magritte({"deploy", "--wait", "--version", "v2"});
  ASSERT_TRUE(again.ok()) << again.describe();
  EXPECT_EQ(endpoint_json()["deployedModels"], before["deployedModels"]);

  const auto ids = deployed_ids();
  const CommandResult predicted = magritte({"predict", "red.png", "--top", "1", "--format", "json"});
  ASSERT_TRUE(predicted.ok()) << predicted.describe();
  const auto record = nlohmann::json::parse(predicted.out, nullptr, false);
  EXPECT_EQ(record["predictions"][0]["label"], "red") << predicted.out;
  EXPECT_EQ(record.value("deployed_model_id", ""), ids.at("v1")) << predicted.out;

  // --version names what must answer: v2 has no traffic, so predict says which version serves.
  const CommandResult not_serving = magritte({"predict", "red.png", "--version", "v2"});
  EXPECT_NE(not_serving.exit_code, 0) << not_serving.describe();
  EXPECT_TRUE(contains(not_serving.err, "v1")) << not_serving.err;
}

TEST_F(VertexMagritte, AnEmulatorRestartMidLoopLosesNothing) {
  const CommandResult trained = magritte({"train", "--wait"});
  ASSERT_TRUE(trained.ok()) << trained.describe();
  deploy_version("v1");
  // The second deployment is held pending, then the emulator is SIGKILLed under it.
  const auto deploying = hold("deploy");
  stage_model("models/v2");
  auto deploy = spawn({"magritte", "deploy", "--version", "v2"});
  ASSERT_TRUE(eventually([&] { return !held_by(deploying).empty(); }));
  restart_emulator(StopMode::sigkill);  // completes what was pending, before the first request
  ASSERT_TRUE(deploy->wait(std::chrono::seconds(120)));

  // Whatever that run saw, running it again converges; then the whole state is there.
  const CommandResult again = magritte({"deploy", "--wait", "--version", "v2"});
  ASSERT_TRUE(again.ok()) << again.describe();
  const auto versions = versions_json();
  ASSERT_EQ(versions["versions"].size(), 2U) << versions.dump();
  EXPECT_EQ(deployed_ids().size(), 2U) << versions.dump();
  EXPECT_EQ(split_by_version(), (std::map<std::string, int>{{"v1", 100}}));
  const CommandResult status = magritte({"status", "magritte_v1"});
  EXPECT_TRUE(status.ok()) << status.describe();
  EXPECT_TRUE(contains(status.out, "SUCCEEDED")) << status.out;
  EXPECT_EQ(answers_by_version(4), (std::map<std::string, int>{{"v1", 4}}));
}

}  // namespace
}  // namespace magritte::e2e
