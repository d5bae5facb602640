// Versions as gcloud lists them, newest first, and what prune keeps.
#include <gtest/gtest.h>

#include "release/version_list.hpp"

namespace magritte::release {
namespace {

nlohmann::json version(const std::string& name, const std::string& created, const std::string& state = "READY",
                       bool is_default = false) {
  nlohmann::json json = {{"name", "projects/p/models/m/versions/" + name},
                         {"state", state},
                         {"createTime", created},
                         {"deploymentUri", "gs://b/" + name}};
  if (is_default) json["isDefault"] = true;
  return json;
}

std::vector<std::string> names(const std::vector<VersionInfo>& versions) {
  std::vector<std::string> out;
  for (const auto& v : versions) out.push_back(v.name);
  return out;
}

TEST(Versions, ParsedNewestFirstWithNaturalOrderForTies) {
  const auto versions = parse_versions(nlohmann::json::array({
      version("v9", "2026-11-26T10:00:00Z"), version("v10", "2026-11-26T10:00:00Z"),
      version("v1", "2026-11-26T09:00:00Z"), version("v11", "2026-11-26T11:00:00Z"),
      {{"name", "projects/p/models/m/versions/odd"}}}));
  EXPECT_EQ(names(versions), (std::vector<std::string>{"v11", "v10", "v9", "v1", "odd"}));
  EXPECT_EQ(versions[0].origin, "gs://b/v11");
  EXPECT_EQ(versions[4].state, "UNKNOWN");
}

TEST(Versions, NaturalOrder) {
  EXPECT_TRUE(natural_less("v9", "v10"));
  EXPECT_FALSE(natural_less("v10", "v9"));
  EXPECT_TRUE(natural_less("a", "b"));
  EXPECT_TRUE(natural_less("v2", "v2_rc1"));
  EXPECT_TRUE(natural_less("v002", "v3"));
  EXPECT_FALSE(natural_less("v1", "v1"));
}

TEST(Prune, NeverTheDefaultNorRollbackTargetsNorCreating) {
  const auto versions = parse_versions(nlohmann::json::array({
      version("v6", "2026-11-26T16:00:00Z", "CREATING"), version("v5", "2026-11-26T15:00:00Z"),
      version("v4", "2026-11-26T14:00:00Z"), version("v3", "2026-11-26T13:00:00Z", "READY", true),
      version("v2", "2026-11-26T12:00:00Z", "FAILED"), version("v1", "2026-11-26T11:00:00Z"),
      version("v0", "2026-11-26T10:00:00Z")}));
  const auto plan = plan_prune(versions, 1, {"v1", "v5"});
  ASSERT_EQ(plan.size(), 7u);
  std::vector<std::string> removed;
  for (const auto& decision : plan) {
    if (decision.remove) removed.push_back(decision.version.name);
  }
  EXPECT_EQ(removed, (std::vector<std::string>{"v4", "v2", "v0"}));
  EXPECT_EQ(plan[0].reason, "among the newest 1");
  EXPECT_EQ(plan[1].reason, "a rollback target (magritte-previous-2)");
  EXPECT_EQ(plan[3].reason, "the default version");
  EXPECT_EQ(plan[5].reason, "a rollback target (magritte-previous-1)");
  EXPECT_EQ(plan[2].reason, "older than the newest 1");
}

TEST(Prune, KeepingMoreThanThereAreDeletesNothing) {
  const auto versions = parse_versions(nlohmann::json::array({version("v1", "2026-11-26T10:00:00Z")}));
  for (const auto& decision : plan_prune(versions, 5, {})) EXPECT_FALSE(decision.remove);
}

}  // namespace
}  // namespace magritte::release
