// `gsutil -m rsync -r -J` and `gcloud storage rsync --recursive` (what `magritte sync` runs)
// against the emulator, with the real CLIs also used as observers (ls, cat).
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "harness/emulator_test.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kBucket = "magritte-test";

class StorageSync : public EmulatorTest {
protected:
  // Spaces, unicode, nesting, an empty file and binary bytes: what image folders hold.
  const std::map<std::string, std::string> files_ = {
      {"apple.txt", "apple\n"},
      {"pear 2.txt", "pear"},
      {"sub/été.txt", "unicode name"},
      {"sub/deep/blob.bin", std::string("\0\x01\xff\r\n binary", 13)},
      {"empty.txt", ""},
  };

  void write_dataset() {
    for (const auto& [name, content] : files_) write_file("data/" + name, content);
  }

  std::set<std::string> expected_uris() const {
    std::set<std::string> uris;
    for (const auto& [name, content] : files_) uris.insert(std::string("gs://") + kBucket + "/data/" + name);
    return uris;
  }

  static std::set<std::string> lines(const std::string& text) {
    std::set<std::string> result;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) {
      if (!line.empty()) result.insert(line);
    }
    return result;
  }

  CommandResult gsutil_rsync() { return gsutil({"-m", "rsync", "-r", "-J", "data", std::string("gs://") + kBucket + "/data/"}); }
  CommandResult gcloud_rsync() {
    return gcloud({"storage", "rsync", "--recursive", "data", std::string("gs://") + kBucket + "/data/"});
  }

  // Every object listed by both CLIs, and each one's content read back through gcloud.
  void expect_bucket_holds_dataset() {
    const CommandResult gsutil_ls = gsutil({"ls", std::string("gs://") + kBucket + "/data/**"});
    ASSERT_TRUE(gsutil_ls.ok()) << gsutil_ls.describe();
    EXPECT_EQ(lines(gsutil_ls.out), expected_uris());
    const CommandResult gcloud_ls = gcloud({"storage", "ls", std::string("gs://") + kBucket + "/data/**"});
    ASSERT_TRUE(gcloud_ls.ok()) << gcloud_ls.describe();
    EXPECT_EQ(lines(gcloud_ls.out), expected_uris());
    const CommandResult cat = gcloud({"storage", "cat", std::string("gs://") + kBucket + "/data/sub/été.txt"});
    ASSERT_TRUE(cat.ok()) << cat.describe();
    EXPECT_EQ(cat.out, files_.at("sub/été.txt"));
  }
};

TEST_F(StorageSync, GsutilRsyncUploadsOnceThenNothingAndGcloudAgrees) {
  write_dataset();
  std::uint64_t seq = last_request_seq();
  const CommandResult first = gsutil_rsync();
  ASSERT_TRUE(first.ok()) << first.describe();
  EXPECT_EQ(uploads_since(seq).size(), files_.size());
  expect_bucket_holds_dataset();

  seq = last_request_seq();
  const CommandResult second = gsutil_rsync();
  ASSERT_TRUE(second.ok()) << second.describe();
  EXPECT_TRUE(uploads_since(seq).empty()) << "a second gsutil rsync uploaded again";
  const CommandResult gcloud_after = gcloud_rsync();
  ASSERT_TRUE(gcloud_after.ok()) << gcloud_after.describe();
  EXPECT_TRUE(uploads_since(seq).empty()) << "gcloud storage rsync after gsutil uploaded again";

  // A changed file (new content, new mtime) is uploaded again, alone.
  write_file("data/pear 2.txt", "a riper pear");
  fs::last_write_time(work_dir() / "data" / "pear 2.txt", fs::file_time_type::clock::now() + std::chrono::seconds(5));
  seq = last_request_seq();
  const CommandResult third = gsutil_rsync();
  ASSERT_TRUE(third.ok()) << third.describe();
  EXPECT_EQ(uploads_since(seq).size(), 1u);
  const CommandResult cat = gsutil({"cat", std::string("gs://") + kBucket + "/data/pear 2.txt"});
  EXPECT_EQ(cat.out, "a riper pear");
}

TEST_F(StorageSync, GcloudRsyncUploadsOnceThenNothingAndGsutilAgrees) {
  write_dataset();
  std::uint64_t seq = last_request_seq();
  const CommandResult first = gcloud_rsync();
  ASSERT_TRUE(first.ok()) << first.describe();
  EXPECT_EQ(uploads_since(seq).size(), files_.size());
  expect_bucket_holds_dataset();

  seq = last_request_seq();
  const CommandResult second = gcloud_rsync();
  ASSERT_TRUE(second.ok()) << second.describe();
  const CommandResult gsutil_after = gsutil_rsync();
  ASSERT_TRUE(gsutil_after.ok()) << gsutil_after.describe();
  EXPECT_TRUE(uploads_since(seq).empty()) << "rsync after gcloud's rsync uploaded again";
}

class StorageRestart : public StorageSync, public ::testing::WithParamInterface<StopMode> {};

TEST_P(StorageRestart, EverythingSurvivesAnEmulatorRestart) {
  write_dataset();
  const CommandResult upload = gsutil_rsync();
  ASSERT_TRUE(upload.ok()) << upload.describe();
  restart_emulator(GetParam());
  expect_bucket_holds_dataset();
  const std::uint64_t seq = last_request_seq();
  const CommandResult again = gcloud_rsync();
  ASSERT_TRUE(again.ok()) << again.describe();
  EXPECT_TRUE(uploads_since(seq).empty()) << "metadata (mtime, hashes) was lost in the restart";
}

INSTANTIATE_TEST_SUITE_P(Signals, StorageRestart, ::testing::Values(StopMode::sigterm, StopMode::sigkill),
                         [](const auto& param_info) { return param_info.param == StopMode::sigterm ? "SIGTERM" : "SIGKILL"; });

TEST_F(StorageSync, MissingBucketGivesTheRealCliErrors) {
  write_dataset();
  const CommandResult gsutil_result = gsutil({"-m", "rsync", "-r", "data", "gs://no-such-bucket/data/"});
  EXPECT_NE(gsutil_result.exit_code, 0);
  EXPECT_NE(gsutil_result.err.find("BucketNotFoundException: 404 gs://no-such-bucket bucket does not exist."),
            std::string::npos)
      << gsutil_result.describe();
  const CommandResult gcloud_result = gcloud({"storage", "cp", "data/apple.txt", "gs://no-such-bucket/x"});
  EXPECT_EQ(gcloud_result.exit_code, 1);
  EXPECT_NE(gcloud_result.err.find("gs://no-such-bucket not found: 404"), std::string::npos)
      << gcloud_result.describe();
}

TEST_F(StorageSync, InjectedUploadFailuresAreRetriedByGsutil) {
  write_dataset();
  inject_fault({{"path", "^/upload/"}, {"method", "POST"}, {"status", 503}, {"count", 1}});
  inject_fault({{"path", "^/upload/"}, {"method", "POST"}, {"mode", "drop"}, {"count", 1}});
  const std::uint64_t seq = last_request_seq();
  const CommandResult result = gsutil_rsync();
  ASSERT_TRUE(result.ok()) << result.describe();
  int failed = 0, dropped = 0, stored = 0;
  for (const json& upload : uploads_since(seq)) {
    if (upload["status"] == 503) ++failed;
    if (!upload["delivered"].get<bool>()) ++dropped;
    if (upload["status"] == 200 && upload["delivered"].get<bool>()) ++stored;
  }
  EXPECT_EQ(failed, 1);
  EXPECT_EQ(dropped, 1);
  EXPECT_EQ(stored, static_cast<int>(files_.size()));
  expect_bucket_holds_dataset();
}

}  // namespace
}  // namespace magritte::e2e
