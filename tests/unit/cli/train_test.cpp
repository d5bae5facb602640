#include "cli_test_support.hpp"

namespace magritte::cli::testing {
namespace {

using Train = CliTest;
using ::testing::HasSubstr;

TEST_F(Train, AlreadyExistsIsExplainedWithTheFix) {
  environment_["MAGRITTE_TRAIN_CONFIG"] = "job.yaml";  // no local package needed
  fake_.then_fail(
      "ERROR: (gcloud.ai-platform.jobs.submit.training) Resource in projects [test-project] is "
      "the subject of a conflict: Field: job.job_id Error: A job with this id already exists.\n");
  fake_.then_ok(R"({"jobId": "magritte_v2", "state": "SUCCEEDED", "createTime": "2020-01-01T00:00:00Z"})");
  const auto result = run({"train"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("job magritte_v2 already exists (created 2020-01-01T00:00:00Z, SUCCEEDED)"));
  EXPECT_THAT(result.err, HasSubstr("train.job_suffix = \"timestamp\""));
  EXPECT_THAT(result.err, HasSubstr("--version NEW"));
  EXPECT_THAT(result.err, ::testing::Not(HasSubstr("subject of a conflict")));  // no raw gcloud text
  ASSERT_EQ(calls_.size(), 2u);
  EXPECT_EQ(argv_of(1)[3], "describe");  // asked, never resubmitted
}

TEST_F(Train, WithoutAModuleNameNothingRuns) {
  environment_.erase("MAGRITTE_TRAIN_MODULE_NAME");
  const auto result = run({"train"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(calls_.empty());
  EXPECT_THAT(result.err, HasSubstr("train.module_name is not set"));
}

TEST_F(Train, ExtraArgsFollowConfiguredArgs) {
  environment_["MAGRITTE_TRAIN_CONFIG"] = "job.yaml";
  environment_["MAGRITTE_TRAIN_ARGS"] = R"(["--data-bucket", "${storage.bucket}"])";
  const auto result = run({"train", "--", "--epochs", "5"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto argv = argv_of(0);
  const std::vector<std::string> tail(argv.end() - 5, argv.end());
  EXPECT_EQ(tail, (std::vector<std::string>{"--", "--data-bucket", "test-bucket", "--epochs", "5"}));
}

}  // namespace
}  // namespace magritte::cli::testing
