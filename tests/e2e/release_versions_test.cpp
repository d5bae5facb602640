// Deploying, promoting and rolling back with the built magritte and the real gcloud as the
// observer: guards that change nothing, the history kept in the model's labels, prune that
// never touches the default, and a stream of predictions that never fails while the default
// version switches.
#include <atomic>
#include <thread>

#include "release_e2e_support.hpp"

namespace magritte::e2e {
namespace {

std::string base64url(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(buffer >> bits) & 63];
    }
  }
  if (bits > 0) out += alphabet[(buffer << (6 - bits)) & 63];
  return out;
}

using ReleaseVersions = ReleaseEndToEnd;

TEST_F(ReleaseVersions, DeployWaitThenVersionsShowsStateOriginAndDefault) {
  upload_mean_model();
  const CommandResult deployed = magritte({"deploy", "--wait", "--set", std::string("deploy.origin=") + kModelOrigin});
  ASSERT_TRUE(deployed.ok()) << deployed.describe();
  EXPECT_TRUE(contains(deployed.err, "magritte: version v1: READY (after ")) << deployed.err;
  const CommandResult again = magritte({"deploy", "--wait", "--set", std::string("deploy.origin=") + kModelOrigin});
  ASSERT_TRUE(again.ok()) << again.describe();
  EXPECT_TRUE(contains(again.err, "already exists with origin " + std::string(kModelOrigin) + "; nothing to do"));

  // An origin without a model: the version FAILS, and deploy --wait says why.
  const CommandResult broken = magritte({"deploy", "--wait", "--version", "v2", "--set",
                                         "deploy.origin=gs://magritte-test/models/nothing-here"});
  EXPECT_EQ(broken.exit_code, 1) << broken.describe();
  EXPECT_TRUE(contains(broken.err, "version v2 of model magritte is FAILED: ")) << broken.err;

  const CommandResult listed = magritte({"versions"});
  ASSERT_TRUE(listed.ok()) << listed.describe();
  EXPECT_TRUE(contains(listed.out, "NAME  STATE   CREATED               DEFAULT  ORIGIN\n")) << listed.out;
  EXPECT_TRUE(contains(listed.out, "v2    FAILED  ")) << listed.out;
  EXPECT_TRUE(contains(listed.out, "  default  " + std::string(kModelOrigin) + "\n")) << listed.out;
  const auto json = nlohmann::json::parse(magritte({"--format", "json", "versions"}).out);
  EXPECT_EQ(json["default_version"], "v1");
  EXPECT_EQ(json["versions"].size(), 2u);
}

// The version stays CREATING (as the real service's do, for minutes) for exactly as long as
// the test holds it: no delay has to outlast the commands in between.
TEST_F(ReleaseVersions, DeployWaitGivesUpOnTimeoutThenReattachesThroughCreating) {
  upload_mean_model();
  const std::string origin = std::string("deploy.origin=") + kModelOrigin;
  const auto creating = hold("version_create", "/versions/v1$");
  const CommandResult gave_up = magritte({"deploy", "--wait", "--timeout", "1s", "--set", origin});
  EXPECT_EQ(gave_up.exit_code, 4) << gave_up.describe();
  EXPECT_TRUE(contains(gave_up.err, "magritte: version v1: CREATING (after ")) << gave_up.err;
  EXPECT_TRUE(contains(gave_up.err, "gave up waiting for version v1 of model magritte (CREATING) after 1s")) << gave_up.err;
  EXPECT_TRUE(contains(gave_up.err, "wait again: magritte deploy --wait --version v1")) << gave_up.err;

  const CommandResult early = magritte({"promote", "v1", "--no-smoke"});
  EXPECT_EQ(early.exit_code, 3) << early.describe();
  EXPECT_TRUE(contains(early.err, "version v1 of model magritte is CREATING, not READY")) << early.err;

  std::filesystem::path log;
  auto reattached = spawn({"magritte", "deploy", "--wait", "--set", origin, "--set", "wait.poll_interval=1"}, &log);
  ASSERT_TRUE(eventually([&] { return contains(read_text(log), "magritte: version v1: CREATING (after "); }))
      << read_text(log);
  release(creating);
  ASSERT_TRUE(reattached->wait(std::chrono::seconds(120))) << read_text(log);
  EXPECT_EQ(reattached->exit_code(), 0) << read_text(log);
  EXPECT_TRUE(contains(read_text(log), "magritte: version v1: READY (after ")) << read_text(log);
  EXPECT_EQ(default_version(), "v1");  // the model's first version, once READY
}

TEST_F(ReleaseVersions, PromoteOfAMissingOrNotReadyVersionIsRefusedAndChangesNothing) {
  create_versions({"v1"});
  ASSERT_TRUE(rest("POST", std::string("/v1/projects/") + kProject + "/models/magritte/versions?alt=json",
                   R"({"name": "v2", "deploymentUri": "gs://magritte-test/models/nothing-here"})"));
  const auto before = describe_model_json();

  const CommandResult missing = magritte({"promote", "v9"});
  EXPECT_EQ(missing.exit_code, 3) << missing.describe();
  EXPECT_TRUE(contains(missing.err, "version v9 of model magritte does not exist; the default is unchanged"));
  const CommandResult failed = magritte({"promote", "v2"});
  EXPECT_EQ(failed.exit_code, 3) << failed.describe();
  EXPECT_TRUE(contains(failed.err, "version v2 of model magritte is FAILED, not READY")) << failed.err;

  EXPECT_EQ(describe_model_json(), before) << "a refused promote changed the model";
  const CommandResult same = magritte({"promote", "v1"});
  ASSERT_TRUE(same.ok()) << same.describe();
  EXPECT_TRUE(contains(same.err, "version v1 already is the default of model magritte; nothing to do"));
  EXPECT_EQ(describe_model_json(), before);
}

TEST_F(ReleaseVersions, ASmokeTestThatFailsRefusesThePromotion) {
  create_versions({"v1", "v2"});
  const CommandResult refused = magritte({"promote", "v2", "--set", "promote.smoke_labels=[\"green\"]"});
  EXPECT_EQ(refused.exit_code, 3) << refused.describe();
  EXPECT_TRUE(contains(refused.err, "smoke test failed on version v2:\n  red.png: expected green, got red (")) << refused.err;
  EXPECT_EQ(default_version(), "v1");
}

TEST_F(ReleaseVersions, RollbackRestoresEachPreviousDefaultAsGcloudSeesIt) {
  create_versions({"v1", "v2", "v3"});
  ASSERT_TRUE(magritte({"promote", "v2", "--no-smoke"}).ok());
  const CommandResult promoted = magritte({"promote", "v3"});
  ASSERT_TRUE(promoted.ok()) << promoted.describe();
  EXPECT_TRUE(contains(promoted.err, "smoke test passed on version v3 (1 image(s))")) << promoted.err;
  const auto promoted_model = describe_model_json();  // the real gcloud's view
  EXPECT_EQ(promoted_model["defaultVersion"]["name"], "projects/magritte-local/models/magritte/versions/v3");
  EXPECT_EQ(promoted_model["labels"]["magritte-previous-1"], "v2");
  EXPECT_EQ(promoted_model["labels"]["magritte-previous-2"], "v1");

  ASSERT_TRUE(magritte({"rollback", "--no-smoke"}).ok());
  EXPECT_EQ(default_version(), "v2");
  const CommandResult rolled_back = magritte({"rollback"});
  ASSERT_TRUE(rolled_back.ok()) << rolled_back.describe();
  EXPECT_TRUE(contains(rolled_back.err, "smoke test passed on version v1 (1 image(s))")) << rolled_back.err;
  EXPECT_EQ(default_version(), "v1");
  const CommandResult nothing_left = magritte({"rollback"});
  EXPECT_EQ(nothing_left.exit_code, 3) << nothing_left.describe();
  const auto model = describe_model_json();
  EXPECT_EQ(model["defaultVersion"]["name"], "projects/magritte-local/models/magritte/versions/v1");
  EXPECT_TRUE(!model.contains("labels") || model["labels"].empty()) << "the history should be empty: " << model.dump();
}

TEST_F(ReleaseVersions, PredictionsNeverFailWhilePromoteAndRollbackSwitchTheDefault) {
  create_versions({"v1", "v2"});
  std::ifstream in(std::filesystem::path(MAGRITTE_ML_E2E_DATA) / "red_5x4.png", std::ios::binary);
  const std::string body = R"({"instances": [{"inputs": ")" +
                           base64url(std::string(std::istreambuf_iterator<char>(in), {})) + R"("}]})";
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::string first_failure;
  auto stream = [&] {
    httplib::Client client("127.0.0.1", port());
    client.set_keep_alive(true);
    client.set_read_timeout(30);
    const httplib::Headers headers = {{"Host", "europe-west1-ml.emulator.test"}};
    while (!stop) {
      const auto answer = client.Post("/v1/projects/magritte-local/models/magritte:predict", headers, body,
                                      "application/json");
      if (answer && answer->status == 200 && answer->body.find("\"predictions\"") != std::string::npos) {
        ++ok;
      } else {
        if (failed++ == 0) first_failure = answer ? std::to_string(answer->status) + " " + answer->body : "no answer";
      }
    }
  };
  std::vector<std::thread> clients;
  for (int i = 0; i < 2; ++i) clients.emplace_back(stream);

  const CommandResult promoted = magritte({"promote", "v2"});
  const int during_promote = ok.load();
  const CommandResult rolled_back = magritte({"rollback"});
  stop = true;
  for (auto& client : clients) client.join();

  ASSERT_TRUE(promoted.ok()) << promoted.describe();
  ASSERT_TRUE(rolled_back.ok()) << rolled_back.describe();
  EXPECT_EQ(failed.load(), 0) << "first failure: " << first_failure;
  EXPECT_GT(during_promote, 20) << "the stream did not overlap the promotion";
  EXPECT_GT(ok.load() - during_promote, 20) << "the stream did not overlap the rollback";
  EXPECT_EQ(default_version(), "v1");
}

TEST_F(ReleaseVersions, PruneNeverTouchesTheDefaultNorTheRollbackTarget) {
  create_versions({"v1", "v2", "v3", "v4"});
  ASSERT_TRUE(magritte({"promote", "v3", "--no-smoke"}).ok());  // default v3, rollback target v1

  const CommandResult planned = magritte({"--dry-run", "prune", "--keep", "1"});
  ASSERT_TRUE(planned.ok()) << planned.describe();
  EXPECT_TRUE(contains(planned.out, "# delete v2: older than the newest 1\n"
                                    "gcloud ai-platform versions delete v2 --model magritte --region global --quiet "
                                    "--project magritte-local\n")) << planned.out;
  EXPECT_TRUE(contains(planned.out, "# keep v3: the default version\n")) << planned.out;
  EXPECT_TRUE(contains(planned.out, "# keep v1: a rollback target (magritte-previous-1)\n")) << planned.out;
  EXPECT_EQ(version_names(), (std::vector<std::string>{"v1", "v2", "v3", "v4"})) << "--dry-run deleted something";

  const CommandResult pruned = magritte({"prune", "--keep", "1"});
  ASSERT_TRUE(pruned.ok()) << pruned.describe();
  EXPECT_EQ(version_names(), (std::vector<std::string>{"v1", "v3", "v4"}));
  EXPECT_EQ(default_version(), "v3");
}

}  // namespace
}  // namespace magritte::e2e
