// The probes `magritte doctor` runs, and the ML services' cheap list calls it uses.
#include <gmock/gmock.h>

#include "plan/ai_platform.hpp"
#include "plan/probes.hpp"
#include "plan/vertex.hpp"
#include "plan_test_support.hpp"

namespace magritte::plan::testing {
namespace {

using ::testing::ElementsAre;
using Probes = PlanTest;

TEST_F(Probes, ToolsAndBucket) {
  EXPECT_THAT(argv(gcloud_version()), ElementsAre("gcloud", "version", "--format=json"));
  EXPECT_THAT(argv(describe_bucket("b-1")),
              ElementsAre("gcloud", "storage", "buckets", "describe", "gs://b-1", "--format=json"));
  EXPECT_THAT(argv(gsutil_list_bucket("b-1")), ElementsAre("gsutil", "ls", "-b", "gs://b-1"));
}

TEST_F(Probes, VertexListsOneModelOfTheRegion) {
  EXPECT_THAT(argv(VertexCommands(settings()).list_models(1)),
              ElementsAre("gcloud", "ai", "models", "list", "--region", "europe-west1", "--limit", "1", "--project",
                          "test-project", "--format=json"));
}

TEST_F(Probes, AiPlatformListsOneModelOnTheGlobalEndpointInItsCommandGroup) {
  set("gcloud.command_group", "ml-engine");
  set("gcloud.pass_project", "false");
  EXPECT_THAT(argv(AiPlatformCommands(settings()).list_models(1)),
              ElementsAre("gcloud", "ml-engine", "models", "list", "--region", "global", "--limit", "1",
                          "--format=json"));
}

}  // namespace
}  // namespace magritte::plan::testing
