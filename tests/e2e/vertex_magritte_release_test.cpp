// magritte's Vertex release: canary promote with its smoke test, full promote, rollback of
// the traffic split, prune that undeploys, all under a stream of predictions; the real gcloud
// observes the endpoint and the registry after each step.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "vertex_magritte_support.hpp"

namespace magritte::e2e {
namespace {

using Split = std::map<std::string, int>;

class VertexRelease : public VertexMagritte {
protected:
  // The version holding the registry's `default` alias, as gcloud lists the versions.
  std::string default_alias_holder() {
    const auto versions = ai_json({"models", "list-version", "magritte"});
    for (const auto& version : versions) {
      const auto aliases = version.value("versionAliases", nlohmann::json::array());
      for (const auto& alias : aliases) {
        if (alias == "default") {
          for (const auto& other : version["versionAliases"]) {
            if (other != "default") return other.get<std::string>();
          }
        }
      }
    }
    return "";
  }
};

TEST_F(VertexRelease, ACanaryThatFailsItsSmokeTestGetsTheSplitBackExactly) {
  deploy_version("v1");
  deploy_version("v2");
  const auto before = endpoint_json();

  const CommandResult refused =
      magritte({"promote", "v2", "--canary", "10", "--set", R"(promote.smoke_labels=["green"])"});
  EXPECT_EQ(refused.exit_code, 3) << refused.describe();
  EXPECT_TRUE(contains(refused.err, "smoke test failed on version v2")) << refused.err;

  const auto after = endpoint_json();
  EXPECT_EQ(after["trafficSplit"], before["trafficSplit"]);
  EXPECT_EQ(after.value("labels", nlohmann::json::object()), before.value("labels", nlohmann::json::object()));
  EXPECT_EQ(default_alias_holder(), "v1");
}

TEST_F(VertexRelease, ACanaryServesItsShareThenTheFullPromoteThenRollbackReturnsAllToThePrevious) {
  deploy_version("v1");
  deploy_version("v2");

  const CommandResult canary = magritte({"promote", "v2", "--canary", "20"});
  ASSERT_TRUE(canary.ok()) << canary.describe();
  EXPECT_TRUE(contains(canary.err, "smoke test passed on version v2")) << canary.err;
  EXPECT_EQ(split_by_version(), (Split{{"v1", 80}, {"v2", 20}}));
  // The emulator routes by smooth weighted round robin: 20 % is exactly 10 of 50.
  EXPECT_EQ(answers_by_version(50), (Split{{"v1", 40}, {"v2", 10}}));
  EXPECT_EQ(default_alias_holder(), "v1") << "a canary does not move the default";

  const CommandResult full = magritte({"promote", "v2"});
  ASSERT_TRUE(full.ok()) << full.describe();
  EXPECT_EQ(split_by_version(), (Split{{"v2", 100}}));
  EXPECT_EQ(default_alias_holder(), "v2");
  EXPECT_EQ(endpoint_json()["labels"].value("magritte-previous-1", ""), "v1");
  EXPECT_EQ(deployed_ids().size(), 2U) << "v1 stays deployed as the rollback target";

  const CommandResult back = magritte({"rollback"});
  ASSERT_TRUE(back.ok()) << back.describe();
  EXPECT_EQ(split_by_version(), (Split{{"v1", 100}}));
  EXPECT_EQ(default_alias_holder(), "v1");
  EXPECT_EQ(answers_by_version(5), (Split{{"v1", 5}}));
}

TEST_F(VertexRelease, RollbackDuringACanaryTakesTheCandidatesShareAway) {
  deploy_version("v1");
  deploy_version("v2");
  ASSERT_TRUE(magritte({"promote", "v2", "--canary", "10"}).ok());
  ASSERT_EQ(split_by_version(), (Split{{"v1", 90}, {"v2", 10}}));

  const CommandResult back = magritte({"rollback"});
  ASSERT_TRUE(back.ok()) << back.describe();
  EXPECT_EQ(split_by_version(), (Split{{"v1", 100}}));
  EXPECT_EQ(default_alias_holder(), "v1");
  EXPECT_FALSE(endpoint_json()["labels"].contains("magritte-canary")) << endpoint_json().dump();
  EXPECT_EQ(deployed_ids().size(), 2U) << "the candidate stays deployed";
}

TEST_F(VertexRelease, NoPredictionFailsWhileCanaryPromoteAndRollbackSwitchTheTraffic) {
  deploy_version("v1");
  deploy_version("v2");
  const std::string endpoint = versions_json().value("endpoint_id", "");
  ASSERT_FALSE(endpoint.empty());

  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::mutex mutex;
  std::vector<std::string> failures;
  std::thread stream([&] {
    while (!stop) {
      std::string failure;
      if (predict_once(endpoint, &failure).empty()) {
        std::lock_guard lock(mutex);
        failures.push_back(failure);
      } else {
        ++answered;
      }
    }
  });
  const auto switched = [&](std::vector<std::string> args) {
    const int before = answered;
    const CommandResult result = magritte(std::move(args));
    EXPECT_TRUE(result.ok()) << result.describe();
    // The stream went on during the command (not just before or after it).
    EXPECT_TRUE(eventually([&] { return answered > before + 5; }, std::chrono::seconds(30)));
  };
  switched({"promote", "v2", "--canary", "30"});
  switched({"promote", "v2"});
  switched({"rollback", "--no-smoke"});
  switched({"promote", "v2", "--no-smoke"});
  stop = true;
  stream.join();
  EXPECT_TRUE(failures.empty()) << failures.size() << " failed, first: " << failures.front();
  EXPECT_GT(answered.load(), 20);
  EXPECT_EQ(split_by_version(), (Split{{"v2", 100}}));
}

TEST_F(VertexRelease, PruneUndeploysThenDeletesButNeverAVersionWithTrafficOrTheRollbackTarget) {
  for (const char* version : {"v1", "v2", "v3", "v4"}) deploy_version(version);
  ASSERT_TRUE(magritte({"promote", "v3", "--no-smoke"}).ok());
  ASSERT_TRUE(magritte({"promote", "v4", "--canary", "10"}).ok());
  // v3 serves 90 %, v4 10 % (canary), v1 is the rollback target; v2 never served.
  ASSERT_EQ(split_by_version(), (Split{{"v3", 90}, {"v4", 10}}));

  // --undeploy-only frees v2's machines and keeps it in the registry; nothing else moves.
  const CommandResult freed = magritte({"prune", "--undeploy-only"});
  ASSERT_TRUE(freed.ok()) << freed.describe();
  EXPECT_TRUE(contains(freed.err, "undeployed version v2")) << freed.err;
  EXPECT_EQ(endpoint_json()["deployedModels"].size(), 3U);
  EXPECT_EQ(ai_json({"models", "list-version", "magritte"}).size(), 4U) << "undeploy-only deleted a version";
  EXPECT_EQ(split_by_version(), (Split{{"v3", 90}, {"v4", 10}}));

  const CommandResult pruned = magritte({"prune", "--keep", "1"});
  ASSERT_TRUE(pruned.ok()) << pruned.describe();
  std::vector<std::string> left;
  const auto versions = ai_json({"models", "list-version", "magritte"});
  for (const auto& version : versions) {
    const auto aliases = version.value("versionAliases", nlohmann::json::array());
    for (const auto& alias : aliases) {
      if (alias != "default") left.push_back(alias.get<std::string>());
    }
  }
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"v1", "v3", "v4"})) << pruned.err;
  EXPECT_EQ(endpoint_json()["deployedModels"].size(), 3U);
  EXPECT_EQ(split_by_version(), (Split{{"v3", 90}, {"v4", 10}}));
}

}  // namespace
}  // namespace magritte::e2e
