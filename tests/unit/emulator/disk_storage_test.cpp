#include <gtest/gtest.h>

#include "emulator/state.hpp"
#include "emulator/storage/checksums.hpp"
#include "emulator/storage/disk_storage.hpp"
#include "support/process.hpp"

namespace magritte::emulator::storage {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class DiskStorageTest : public ::testing::Test {
protected:
  void SetUp() override {
    storage_ = std::make_unique<DiskStorage>(root());
    storage_->create_bucket("bucket", json::object());
  }
  fs::path root() const { return dir_.path() / "storage"; }
  void restart() { storage_ = std::make_unique<DiskStorage>(root()); }
  std::size_t blob_count() const {
    std::size_t count = 0;
    for (const auto& entry : fs::directory_iterator(root() / "blobs" / "bucket")) {
      (void)entry;
      ++count;
    }
    return count;
  }

  magritte::testing::TempDir dir_;
  std::unique_ptr<DiskStorage> storage_;
};

TEST_F(DiskStorageTest, InsertComputesRealHashes) {
  const StoredObject object = storage_->insert("bucket", "dir/a.txt", "hello", {{"contentType", "text/plain"}});
  EXPECT_EQ(object.size, 5);
  EXPECT_EQ(object.md5, md5_base64("hello"));
  EXPECT_EQ(object.crc32c, crc32c_base64(crc32c("hello")));
  EXPECT_EQ(object.content_type, "text/plain");
  EXPECT_GT(object.generation, 0);
  EXPECT_EQ(storage_->read("bucket", "dir/a.txt"), "hello");
}

TEST_F(DiskStorageTest, EverythingSurvivesARestart) {
  storage_->insert("bucket", "x", "1", {{"metadata", {{"goog-reserved-file-mtime", "1700000000"}}}});
  const StoredObject before = *storage_->get("bucket", "x");
  restart();
  EXPECT_TRUE(storage_->bucket_exists("bucket"));
  const auto after = storage_->get("bucket", "x");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->generation, before.generation);
  EXPECT_EQ(after->metadata.at("goog-reserved-file-mtime"), "1700000000");
  EXPECT_EQ(storage_->read("bucket", "x"), "1");
  // Generations keep increasing after a restart.
  EXPECT_GT(storage_->insert("bucket", "x", "2", json::object()).generation, before.generation);
}

TEST_F(DiskStorageTest, ReplaceAndDeleteLeaveNoBlobBehind) {
  storage_->insert("bucket", "x", "old", json::object());
  storage_->insert("bucket", "x", "new", json::object());
  EXPECT_EQ(blob_count(), 1u);
  EXPECT_EQ(storage_->read("bucket", "x"), "new");
  storage_->remove("bucket", "x");
  EXPECT_EQ(blob_count(), 0u);
  EXPECT_FALSE(storage_->get("bucket", "x"));
}

TEST_F(DiskStorageTest, CrashLeftoversAreSweptAtStart) {
  storage_->insert("bucket", "kept", "data", json::object());
  // A SIGKILL between the blob and the metadata: an unreferenced blob and a temp file.
  write_file_atomic(root() / "blobs" / "bucket" / "0123456789abcdef0123456789abcdef", "orphan");
  write_file_atomic(root() / "objects" / "bucket" / ".tmp.1.0.half.json", "{\"trunc");
  restart();
  EXPECT_EQ(blob_count(), 1u);
  EXPECT_FALSE(fs::exists(root() / "objects" / "bucket" / ".tmp.1.0.half.json"));
  EXPECT_EQ(storage_->read("bucket", "kept"), "data");
  EXPECT_EQ(storage_->list("bucket", std::string_view("")).size(), 1u);
}

TEST_F(DiskStorageTest, MissingBucketIs404AndWritesNothing) {
  try {
    storage_->insert("nope", "x", "data", json::object());
    FAIL() << "expected a StorageError";
  } catch (const StorageError& error) {
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.reason(), "notFound");
  }
  EXPECT_FALSE(fs::exists(root() / "blobs" / "nope"));
}

TEST_F(DiskStorageTest, EscapingNamesAreRefused) {
  for (const std::string& name : std::vector<std::string>{"../../etc/passwd", "/abs", std::string("a\0b", 3)}) {
    try {
      storage_->insert("bucket", name, "x", json::object());
      FAIL() << name;
    } catch (const StorageError& error) {
      EXPECT_EQ(error.status(), 400);
    }
  }
  EXPECT_EQ(blob_count(), 0u);
}

TEST_F(DiskStorageTest, Preconditions) {
  const auto first = storage_->insert("bucket", "x", "1", json::object(), {.if_generation_match = 0});
  EXPECT_THROW(storage_->insert("bucket", "x", "2", json::object(), {.if_generation_match = 0}), StorageError);
  EXPECT_EQ(storage_->read("bucket", "x"), "1");
  EXPECT_NO_THROW(storage_->insert("bucket", "x", "3", json::object(), {.if_generation_match = first.generation}));
  EXPECT_THROW(storage_->remove("bucket", "x", {.if_generation_match = first.generation}), StorageError);
  EXPECT_EQ(blob_count(), 1u);
}

TEST_F(DiskStorageTest, PatchMergesMetadataAndBumpsMetageneration) {
  storage_->insert("bucket", "x", "1", {{"metadata", {{"a", "1"}, {"b", "2"}}}});
  const StoredObject patched = storage_->patch("bucket", "x", {{"metadata", {{"a", nullptr}, {"c", "3"}}}}, true);
  EXPECT_EQ(patched.metageneration, 2);
  EXPECT_EQ(patched.metadata, (std::map<std::string, std::string>{{"b", "2"}, {"c", "3"}}));
  restart();
  EXPECT_EQ(storage_->get("bucket", "x")->metadata.size(), 2u);
}

TEST_F(DiskStorageTest, Buckets) {
  EXPECT_THROW(storage_->create_bucket("bucket", json::object()), StorageError);
  EXPECT_THROW(storage_->create_bucket("Bad_Name", json::object()), StorageError);
  storage_->insert("bucket", "x", "1", json::object());
  EXPECT_THROW(storage_->delete_bucket("bucket"), StorageError);
  storage_->create_bucket("other", json::object());
  EXPECT_EQ(storage_->list_buckets().size(), 2u);
  storage_->delete_bucket("other");
  restart();
  EXPECT_EQ(storage_->list_buckets().size(), 1u);
}

}  // namespace
}  // namespace magritte::emulator::storage
