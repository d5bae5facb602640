// Reading a failed sync's stderr: the lines are the ones SDK 528's gsutil and gcloud print
// (captured against the emulator; the HTTPError forms are Cloud Storage's).
#include <gtest/gtest.h>

#include "release/bucket_failure.hpp"

namespace magritte::release {
namespace {

TEST(BucketFailure, GsutilMissingBucket) {
  const char* err =
      "Building synchronization state...\n"
      "Caught non-retryable exception while listing gs://missing/data/: BucketNotFoundException: 404 gs://missing "
      "bucket does not exist.\n"
      "CommandException: Caught non-retryable exception - aborting rsync\n";
  EXPECT_EQ(bucket_failure(err, "missing"), BucketFailure::missing);
  EXPECT_EQ(bucket_failure(err, "miss"), BucketFailure::other);  // another bucket's name is not this one
}

TEST(BucketFailure, GcloudStorageMissingBucket) {
  EXPECT_EQ(bucket_failure("ERROR: (gcloud.storage.rsync) gs://missing not found: 404.\n", "missing"),
            BucketFailure::missing);
  // An object's 404 is not the bucket's.
  EXPECT_EQ(bucket_failure("ERROR: (gcloud.storage.rsync) gs://b/data/x not found: 404.\n", "b"),
            BucketFailure::other);
}

TEST(BucketFailure, ListingRefusedByEitherTool) {
  EXPECT_EQ(bucket_failure("Caught non-retryable exception while listing gs://b/data/: AccessDeniedException: 403 "
                           "a@b.c does not have storage.objects.list access\n",
                           "b"),
            BucketFailure::forbidden);
  EXPECT_EQ(bucket_failure("ERROR: (gcloud.storage.rsync) PERMISSION_DENIED: a@b.c does not have "
                           "storage.objects.list access\n",
                           "b"),
            BucketFailure::forbidden);
  EXPECT_EQ(bucket_failure("ERROR: (gcloud.storage.rsync) HTTPError 403: a@b.c does not have access\n", "b"),
            BucketFailure::forbidden);
}

TEST(BucketFailure, TheRefusalIsQuotedFromTheToolsOwnException) {
  EXPECT_EQ(bucket_refusal("Building synchronization state...\n"
                           "Caught non-retryable exception while listing gs://b/data/: AccessDeniedException: 403 "
                           "a@b.c may not.\nCommandException: Caught non-retryable exception - aborting rsync\n",
                           "b"),
            "AccessDeniedException: 403 a@b.c may not.");
  EXPECT_EQ(bucket_refusal("ERROR: (gcloud.storage.rsync) PERMISSION_DENIED: no.\n", "b"),
            "ERROR: (gcloud.storage.rsync) PERMISSION_DENIED: no.");
  EXPECT_EQ(bucket_refusal("ERROR: (gcloud.storage.rsync) gs://b not found: 404.\n", "b"), "");
}

TEST(BucketFailure, RefusedUploadsAreLeftToTheToolsMessage) {
  // The bucket was listed: the account may read it; the tool says which files failed.
  EXPECT_EQ(bucket_failure("Copying file://data/a.txt [Content-Type=text/plain]...\n"
                           "AccessDeniedException: 403 Access denied (injected).\n"
                           "CommandException: 1 files/objects could not be copied/removed.\n",
                           "b"),
            BucketFailure::other);
  EXPECT_EQ(bucket_failure("Copying file://data/a.txt to gs://b/data/a.txt\n"
                           "ERROR: [None] does not have permission to access b instance [b] (or it may not exist): "
                           "Access denied (injected).\n",
                           "b"),
            BucketFailure::other);
}

TEST(BucketFailure, AnythingElseIsLeftToTheToolsMessage) {
  EXPECT_EQ(bucket_failure("ERROR: (gcloud.storage.rsync) HTTPError 503: Service Unavailable\n", "b"),
            BucketFailure::other);
  EXPECT_EQ(bucket_failure("", "b"), BucketFailure::other);
}

TEST(BucketFailure, CreateOfAnExistingBucketIsNotAFailure) {
  EXPECT_TRUE(bucket_already_exists("Creating gs://b/...\nERROR: (gcloud.storage.buckets.create) ALREADY_EXISTS: "
                                    "The requested bucket name is not available.\n"));
  EXPECT_TRUE(bucket_already_exists("ERROR: (gcloud.storage.buckets.create) HTTPError 409: Your previous request "
                                    "to create the named bucket succeeded and you already own it.\n"));
  EXPECT_FALSE(bucket_already_exists("ERROR: (gcloud.storage.buckets.create) HTTPError 403: denied\n"));
}

}  // namespace
}  // namespace magritte::release
