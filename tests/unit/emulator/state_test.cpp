#include <gtest/gtest.h>

#include "emulator/state.hpp"
#include "support/process.hpp"

namespace magritte::emulator {
namespace {

namespace fs = std::filesystem;

TEST(WriteFileAtomic, CreatesParentsAndReplaces) {
  magritte::testing::TempDir dir;
  const fs::path path = dir.path() / "a" / "b" / "file.json";
  write_file_atomic(path, "one");
  write_file_atomic(path, "two");
  EXPECT_EQ(read_file(path), "two");
  // No temp file left behind.
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(path.parent_path())) {
    (void)entry;
    ++count;
  }
  EXPECT_EQ(count, 1u);
}

TEST(RemoveTempFiles, SweepsLeftoversOnly) {
  magritte::testing::TempDir dir;
  write_file_atomic(dir.path() / "x" / "keep.json", "{}");
  write_file_atomic(dir.path() / "x" / ".tmp.123.0.keep.json", "half");
  remove_temp_files(dir.path());
  EXPECT_TRUE(fs::exists(dir.path() / "x" / "keep.json"));
  EXPECT_FALSE(fs::exists(dir.path() / "x" / ".tmp.123.0.keep.json"));
}

TEST(DocumentStore, PutGetListRemove) {
  magritte::testing::TempDir dir;
  DocumentStore store(dir.path());
  store.put("models", "b", {{"name", "b"}});
  store.put("models", "a", {{"name", "a"}});
  EXPECT_EQ(store.get("models", "a")->at("name"), "a");
  EXPECT_FALSE(store.get("models", "zz"));
  const auto all = store.list("models");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["name"], "a");
  EXPECT_TRUE(store.remove("models", "a"));
  EXPECT_FALSE(store.remove("models", "a"));
  EXPECT_EQ(store.list("models").size(), 1u);
  EXPECT_TRUE(store.list("nothing").empty());
}

TEST(DocumentStore, RefusesIdsThatLeaveTheCollection) {
  magritte::testing::TempDir dir;
  DocumentStore store(dir.path());
  EXPECT_THROW(store.put("c", "../x", {}), std::invalid_argument);
  EXPECT_THROW(store.put("c", "..", {}), std::invalid_argument);
  EXPECT_THROW(store.get("c", std::string("a\0b", 3)), std::invalid_argument);
}

}  // namespace
}  // namespace magritte::emulator
