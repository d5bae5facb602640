// The bucket `magritte sync --create-bucket` creates, argv by argv.
#include <gmock/gmock.h>

#include "plan/storage.hpp"
#include "plan_test_support.hpp"

namespace magritte::plan::testing {
namespace {

using ::testing::ElementsAre;

using StoragePlan = PlanTest;

TEST_F(StoragePlan, CreateBucketInTheProjectRegionWithUniformAccess) {
  EXPECT_THAT(argv(create_bucket(settings())),
              ElementsAre("gcloud", "storage", "buckets", "create", "gs://test-bucket", "--location", "europe-west1",
                          "--uniform-bucket-level-access", "--project", "test-project"));
}

TEST_F(StoragePlan, GrantBucketAccessNamesTheAccountAsUserOrServiceAccount) {
  EXPECT_THAT(argv(grant_bucket_access("gs://b", "ana@example.com")),
              ElementsAre("gcloud", "storage", "buckets", "add-iam-policy-binding", "gs://b", "--member",
                          "user:ana@example.com", "--role", "roles/storage.objectAdmin"));
  EXPECT_EQ(iam_member("t@p.iam.gserviceaccount.com"), "serviceAccount:t@p.iam.gserviceaccount.com");
}

TEST_F(StoragePlan, CreateBucketUsesGcloudStorageWhateverTheSyncEngine) {
  set("storage.engine", "gsutil");
  set("project.region", "us-central1");
  set("gcloud.pass_project", "false");
  EXPECT_THAT(argv(create_bucket(settings())),
              ElementsAre("gcloud", "storage", "buckets", "create", "gs://test-bucket", "--location", "us-central1",
                          "--uniform-bucket-level-access"));
  EXPECT_EQ(bucket_uri(settings()), "gs://test-bucket");
}

}  // namespace
}  // namespace magritte::plan::testing
