#include "cli_test_support.hpp"

namespace magritte::cli::testing {
namespace {

using Deploy = CliTest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST_F(Deploy, CreatesTheModelOnlyWhenAbsentThenTheVersion) {
  fake_.then(not_found()).then_ok().then(not_found()).then_ok();
  const auto result = run({"deploy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(calls_.size(), 4u);
  EXPECT_THAT(argv_of(0), ElementsAre("gcloud", "ai-platform", "models", "describe", "magritte",
                                      "--region", "global", "--format=json", "--project",
                                      "test-project"));
  EXPECT_THAT(argv_of(1), ElementsAre("gcloud", "ai-platform", "models", "create", "magritte",
                                      "--regions", "us-central1", "--project", "test-project"));
  EXPECT_THAT(argv_of(3), ElementsAre("gcloud", "ai-platform", "versions", "create", "v2",
                                      "--model", "magritte", "--origin", kOrigin,
                                      "--region", "global", "--project", "test-project"));
}

TEST_F(Deploy, SkipsModelCreationWhenTheModelExists) {
  fake_.then_ok(R"({"name": "projects/test-project/models/magritte"})").then(not_found()).then_ok();
  const auto result = run({"deploy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(calls_.size(), 3u);
  EXPECT_EQ(argv_of(2)[2], "versions");
  EXPECT_EQ(argv_of(2)[3], "create");
}

TEST_F(Deploy, SameVersionWithSameOriginIsAlreadyDone) {
  fake_.then_ok(R"({"name": "m"})").then_ok(R"({"state": "READY", "deploymentUri": ")" + kOrigin + R"("})");
  const auto result = run({"--format", "json", "deploy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(calls_.size(), 2u);  // no create
  EXPECT_THAT(result.err, HasSubstr("already exists with origin " + kOrigin + "; nothing to do"));
  EXPECT_THAT(result.out, HasSubstr(R"("version_status":"unchanged")"));
}

TEST_F(Deploy, SameVersionWithAnotherOriginIsRefused) {
  fake_.then_ok(R"({"name": "m"})").then_ok(R"({"deploymentUri": "gs://elsewhere/model"})");
  const auto result = run({"deploy"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(calls_.size(), 2u);
  EXPECT_THAT(result.err, HasSubstr("version v2 already exists with origin gs://elsewhere/model, "
                                    "not " + kOrigin));
}

TEST_F(Deploy, AFailingDescribeIsACloudErrorWithGcloudsMessage) {
  fake_.then_fail("WARNING: something\nERROR: (gcloud.ai-platform.models.describe) PERMISSION_DENIED: no\n");
  const auto result = run({"deploy"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("gcloud ai-platform models describe magritte failed (exit "
                                    "status 1): ERROR: (gcloud.ai-platform.models.describe) "
                                    "PERMISSION_DENIED: no"));
}

TEST_F(Deploy, NonJsonDescribeOutputIsACloudError) {
  fake_.then_ok("jobId: not json at all");
  const auto result = run({"deploy"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("printed output that is not JSON"));
}

TEST_F(Deploy, ChildKilledBySignalIsReported) {
  fake_.then({139, 11, "", ""});
  const auto result = run({"deploy"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("was killed by signal 11"));
}

}  // namespace
}  // namespace magritte::cli::testing
