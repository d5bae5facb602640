// `magritte sync` through both engines (gsutil, gcloud storage) against the emulator, with
// gsutil as the independent observer and the request log as the proof of "nothing uploaded";
// a bucket that is missing (named, created by --create-bucket) or refuses the caller (403).
#include <filesystem>
#include <set>
#include <sstream>

#include "harness/emulator_test.hpp"

namespace magritte::e2e {
namespace {

class SyncCommand : public EmulatorTest, public ::testing::WithParamInterface<const char*> {
protected:
  CommandResult sync() {
    return magritte({"sync", "images", "--set", "storage.bucket=magritte-test", "--set",
                     "storage.data_path=data/fruits/", "--set", std::string("storage.engine=") + GetParam()});
  }
};

TEST_P(SyncCommand, UploadsOnceThenNothing) {
  write_file("images/apple/1.jpg", "not really a jpeg");
  write_file("images/apple/2 copy.jpg", "another");
  write_file("images/pêche/1.jpg", "peach");
  std::uint64_t seq = last_request_seq();
  const CommandResult first = sync();
  ASSERT_TRUE(first.ok()) << first.describe();
  EXPECT_EQ(uploads_since(seq).size(), 3u);

  const CommandResult listed = gsutil({"ls", "gs://magritte-test/data/fruits/**"});
  ASSERT_TRUE(listed.ok()) << listed.describe();
  std::set<std::string> lines;
  std::istringstream stream(listed.out);
  for (std::string line; std::getline(stream, line);) lines.insert(line);
  EXPECT_EQ(lines, (std::set<std::string>{"gs://magritte-test/data/fruits/apple/1.jpg",
                                          "gs://magritte-test/data/fruits/apple/2 copy.jpg",
                                          "gs://magritte-test/data/fruits/pêche/1.jpg"}));

  seq = last_request_seq();
  const CommandResult second = sync();
  ASSERT_TRUE(second.ok()) << second.describe();
  EXPECT_TRUE(uploads_since(seq).empty()) << "the second sync uploaded again";
}

// Bucket creations (buckets.insert) among the requests.
int bucket_inserts(const std::vector<nlohmann::json>& requests) {
  int inserts = 0;
  for (const auto& request : requests) {
    if (request.value("method", "") == "POST" && request.value("path", "") == "/storage/v1/b") ++inserts;
  }
  return inserts;
}

class SyncToBucket : public SyncCommand {
protected:
  CommandResult sync_to(const std::string& bucket, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"sync", "images", "--set", "storage.bucket=" + bucket, "--set",
                                     "storage.data_path=data/fruits/", "--set",
                                     std::string("storage.engine=") + GetParam(), "--region", "europe-west1"};
    args.insert(args.end(), more.begin(), more.end());
    return magritte(args);
  }
};

TEST_P(SyncToBucket, MissingBucketIsNamedWithTheCommandThatCreatesIt) {
  write_file("images/apple/1.jpg", "apple");
  const CommandResult result = sync_to("not-there");
  EXPECT_EQ(result.exit_code, 3) << result.describe();
  EXPECT_TRUE(contains(result.err, "magritte: error: gs://not-there does not exist:")) << result.err;
  EXPECT_TRUE(contains(result.err, "create it with: gcloud storage buckets create gs://not-there --location "
                                   "europe-west1 --uniform-bucket-level-access"))
      << result.err;
  EXPECT_TRUE(contains(result.err, "magritte sync --create-bucket")) << result.err;
  EXPECT_FALSE(contains(result.err, "run again")) << "the hint of a transient failure: " << result.err;
  const CommandResult buckets = gcloud({"storage", "ls"});
  ASSERT_TRUE(buckets.ok()) << buckets.describe();
  EXPECT_EQ(buckets.out, "gs://magritte-test/\n") << "nothing may be created without --create-bucket";
}

TEST_P(SyncToBucket, CreateBucketCreatesItInTheRegionThenSyncsAndCostsNothingOnceItExists) {
  write_file("images/apple/1.jpg", "apple");
  write_file("images/pear/1.jpg", "pear");
  std::uint64_t seq = last_request_seq();
  const CommandResult created = sync_to("fresh-bucket", {"--create-bucket"});
  ASSERT_TRUE(created.ok()) << created.describe();
  EXPECT_TRUE(contains(created.err, "magritte: created gs://fresh-bucket (location europe-west1")) << created.err;
  EXPECT_EQ(bucket_inserts(requests_since(seq)), 1);
  const auto uploads = uploads_since(seq);
  EXPECT_EQ(uploads.size(), 2u);
  for (const auto& upload : uploads) EXPECT_TRUE(contains(upload.value("path", ""), "/b/fresh-bucket/")) << upload;

  const CommandResult described = gcloud({"storage", "buckets", "describe", "gs://fresh-bucket", "--format=json"});
  ASSERT_TRUE(described.ok()) << described.describe();
  const auto bucket = nlohmann::json::parse(described.out);
  EXPECT_EQ(bucket["location"], "EUROPE-WEST1") << described.out;
  EXPECT_EQ(bucket["uniform_bucket_level_access"], true) << described.out;

  // The bucket exists: --create-bucket asks nothing more than the sync itself.
  seq = last_request_seq();
  const CommandResult again = sync_to("fresh-bucket", {"--create-bucket"});
  ASSERT_TRUE(again.ok()) << again.describe();
  EXPECT_EQ(bucket_inserts(requests_since(seq)), 0);
  EXPECT_TRUE(uploads_since(seq).empty());
}

TEST_P(SyncToBucket, UnreadableBucketIsSaidWithTheAccountGcloudUses) {
  write_file("images/apple/1.jpg", "apple");
  inject_fault({{"path", "/b/magritte-test(/|$)"},
                {"status", 403},
                {"message", "trainer@example-project.iam.gserviceaccount.com does not have storage.objects.list "
                            "access to the Google Cloud Storage bucket."}});
  // The emulator's environment disables credentials: the message says so.
  const CommandResult disabled = sync_to("magritte-test");
  EXPECT_EQ(disabled.exit_code, 3) << disabled.describe();
  EXPECT_TRUE(contains(disabled.err, "gs://magritte-test exists but gcloud, whose credentials are disabled")) << disabled.err;

  // With an account and a token, as on a real machine.
  const std::filesystem::path token = write_file("token", "ya29.not-a-real-token\n");
  set_environment_variable("CLOUDSDK_CORE_ACCOUNT", "trainer@example-project.iam.gserviceaccount.com");
  set_environment_variable("CLOUDSDK_AUTH_DISABLE_CREDENTIALS", "false");
  set_environment_variable("CLOUDSDK_AUTH_ACCESS_TOKEN_FILE", token.string());
  const std::uint64_t seq = last_request_seq();
  const CommandResult refused = sync_to("magritte-test", {"--create-bucket"});
  EXPECT_EQ(refused.exit_code, 3) << refused.describe();
  EXPECT_TRUE(contains(refused.err, "magritte: error: gs://magritte-test exists but account "
                                    "trainer@example-project.iam.gserviceaccount.com may not read it (HTTP 403"))
      << refused.err;
  EXPECT_TRUE(contains(refused.err, "does not have storage.objects.list access")) << refused.err;  // the tool's reason
  EXPECT_TRUE(contains(refused.err, "--member serviceAccount:trainer@example-project.iam.gserviceaccount.com --role roles/storage.objectAdmin"))
      << refused.err;
  EXPECT_EQ(bucket_inserts(requests_since(seq)), 0) << "a refused bucket is not a missing one";
  EXPECT_TRUE(uploads_since(seq).empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, SyncToBucket, ::testing::Values("gsutil", "gcloud-storage"),
                         [](const auto& param_info) {
                           return std::string(param_info.param) == "gsutil" ? "gsutil" : "gcloud_storage";
                         });

INSTANTIATE_TEST_SUITE_P(Engines, SyncCommand, ::testing::Values("gsutil", "gcloud-storage"),
                         [](const auto& param_info) {
                           return std::string(param_info.param) == "gsutil" ? "gsutil" : "gcloud_storage";
                         });

}  // namespace
}  // namespace magritte::e2e
