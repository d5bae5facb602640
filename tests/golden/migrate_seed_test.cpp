// The seed's AI Platform config, migrated by the binary and used as it is: `config migrate
// --write`, then `config validate` and `train --dry-run` on the written file, which must be
// a Vertex AI custom job on a GPU (basic-gpu: one NVIDIA T4 where AI Platform had a K80).
#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include <cstdlib>

#include "support/process.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class MigratedSeed : public ::testing::Test {
protected:
  magritte::testing::ProcessResult magritte(const std::vector<std::string>& args) {
    return magritte::testing::run_process(MAGRITTE_BINARY, args,
                                          {{"PATH", std::getenv("PATH")}, {"HOME", home_.path().string()}},
                                          work_.path());
  }

  magritte::testing::TempDir home_;
  magritte::testing::TempDir work_;
};

TEST_F(MigratedSeed, ValidatesAndTrainsOnVertexWithAGpu) {
  const auto written = magritte({"--config", MAGRITTE_SOURCE_DIR "/configs/magritte.toml", "config", "migrate",
                                 "--write", "vertex.toml"});
  ASSERT_EQ(written.exit_code, 0) << written.err;

  const auto valid = magritte({"--config", "vertex.toml", "config", "validate"});
  EXPECT_EQ(valid.exit_code, 0) << valid.err;
  EXPECT_EQ(valid.out, "vertex.toml: valid\n");

  const auto train = magritte({"--config", "vertex.toml", "train", "--dry-run"});
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_THAT(train.out, HasSubstr("\ngcloud ai custom-jobs create --region europe-west1 --display-name magritte_v2 "));
  EXPECT_THAT(train.out, Not(HasSubstr("gcloud ml-engine")));
  // The job spec magritte writes for --config, printed by the dry run.
  EXPECT_THAT(train.out, HasSubstr(R"("machineSpec":{"acceleratorCount":1,"acceleratorType":"NVIDIA_TESLA_T4",)"
                                   R"("machineType":"n1-standard-8"})"));
  EXPECT_THAT(train.out,
              HasSubstr(R"("executorImageUri":"europe-docker.pkg.dev/vertex-ai/training/tf-gpu.1-15:latest")"));
  // The image is named now: no runtime-version mapping on every train, only the K80 → T4 one.
  EXPECT_THAT(train.err, Not(HasSubstr("runtime_version")));
  EXPECT_THAT(train.err, HasSubstr("NVIDIA T4 instead"));
}

}  // namespace
