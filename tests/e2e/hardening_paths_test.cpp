// Awkward paths and arguments, through the real gsutil/gcloud: spaces, quotes, unicode and
// a leading dash. Each reaches the tool as ONE argv element, never re-split, and a path
// starting with '-' is never taken for a flag (magritte passes "./-dir" and
// "--flag=-value"; gsutil's getopt and gcloud's argparse would otherwise read "-dir" as
// options). The dry-run forms are golden cases (sync_awkward_path_*, train_dash_paths_*).
#include <sstream>

#include "hardening_support.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kAwkwardDir = "-data dir 'single' \"double\" été";

class AwkwardPaths : public HardeningTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(AwkwardPaths, SyncUploadsADirectoryNamedLikeAFlagWithQuotesAndUnicode) {
  write_file(kAwkwardDir + "/pomme rouge.jpg", "one");
  write_file(kAwkwardDir + "/l'orange \"bio\".jpg", "two");
  const CommandResult sync = magritte({"sync", "--set", std::string("storage.engine=") + GetParam(), "--", kAwkwardDir});
  ASSERT_TRUE(sync.ok()) << sync.describe();
  const CommandResult listed = gsutil({"ls", "gs://magritte-test/data/**"});
  ASSERT_TRUE(listed.ok()) << listed.describe();
  EXPECT_EQ(listed.out, "gs://magritte-test/data/l'orange \"bio\".jpg\ngs://magritte-test/data/pomme rouge.jpg\n");
}

INSTANTIATE_TEST_SUITE_P(Engines, AwkwardPaths, ::testing::Values("gsutil", "gcloud-storage"),
                         [](const auto& param_info) { return std::string(param_info.param) == "gsutil" ? "gsutil" : "gcloud_storage"; });

TEST_F(HardeningTest, TrainPackagePathAndTrainerArgumentsKeepTheirSpacesAndQuotes) {
  fs::rename(work_dir() / "ml_trainer", work_dir() / "mon entraîneur 'v2'");
  const std::string odd = "it's a \"quoted\" value; $(not run) * -x";
  const CommandResult train = magritte({"train", "--set", "train.package_path=mon entraîneur 'v2'/trainer", "--",
                                        "--label", odd});
  ASSERT_TRUE(train.ok()) << train.describe();
  // The arguments as the service recorded them: one element each, untouched.
  const CommandResult described = gcloud({"ai-platform", "jobs", "describe", "magritte_v1", "--format=json"});
  ASSERT_TRUE(described.ok()) << described.describe();
  EXPECT_EQ(json::parse(described.out)["trainingInput"]["args"], json({"--epochs", "1", "--label", odd}));
  // The package built from that directory really ran: the test trainer rejects --label.
  ASSERT_TRUE(wait_for_state("magritte_v1", "FAILED"));
  const CommandResult failed = gcloud({"ai-platform", "jobs", "describe", "magritte_v1", "--format=value(errorMessage)"});
  EXPECT_TRUE(contains(failed.out, "unrecognized arguments: --label")) << failed.describe();
}

TEST_F(HardeningTest, PredictReadsImagesNamedLikeFlagsWithQuotesAndUnicode) {
  deploy_mean_model();
  write_red_png("-rouge 'vif' \"é\".png");
  write_red_png("photos d'été/rouge.png");
  const CommandResult predicted = magritte({"predict", "--top", "1", "--format", "csv", "--", "-rouge 'vif' \"é\".png",
                                            "photos d'été"});
  ASSERT_TRUE(predicted.ok()) << predicted.describe();
  EXPECT_EQ(predicted.out, "image,rank,label,score,error\n"
                           "\"-rouge 'vif' \"\"é\"\".png\",1,red,0.9961,\n"  // CSV-quoted
                           "photos d'été/rouge.png,1,red,0.9961,\n");
}

}  // namespace
}  // namespace magritte::e2e
