#include <gtest/gtest.h>

#include "emulator/storage/list_objects.hpp"

namespace magritte::emulator::storage {
namespace {

std::map<std::string, StoredObject> objects(std::initializer_list<const char*> names) {
  std::map<std::string, StoredObject> result;
  for (const char* name : names) result[name].name = name;
  return result;
}

std::vector<std::string> names(const ListPage& page) {
  std::vector<std::string> result;
  for (const auto& object : page.items) result.push_back(object.name);
  return result;
}

using Names = std::vector<std::string>;

TEST(ListObjects, PrefixSelectsAContiguousRange) {
  const auto all = objects({"a/1", "a/2", "ab", "b/1"});
  EXPECT_EQ(names(list_objects(all, {.prefix = "a/"})), (Names{"a/1", "a/2"}));
  EXPECT_EQ(names(list_objects(all, {})), (Names{"a/1", "a/2", "ab", "b/1"}));
}

TEST(ListObjects, DelimiterFoldsSubdirectoriesIntoPrefixes) {
  const auto all = objects({"data/x.txt", "data/sub/1", "data/sub/2", "data/tub/3", "top"});
  const ListPage page = list_objects(all, {.prefix = "data/", .delimiter = "/"});
  EXPECT_EQ(names(page), (Names{"data/x.txt"}));
  EXPECT_EQ(page.prefixes, (Names{"data/sub/", "data/tub/"}));
  const ListPage root = list_objects(all, {.delimiter = "/"});
  EXPECT_EQ(names(root), (Names{"top"}));
  EXPECT_EQ(root.prefixes, (Names{"data/"}));
}

TEST(ListObjects, PrefixWithoutSlashAsGcloudRsyncSendsIt) {
  const auto all = objects({"data/a", "data/b", "database"});
  const ListPage page = list_objects(all, {.prefix = "data", .delimiter = "/"});
  EXPECT_EQ(names(page), (Names{"database"}));
  EXPECT_EQ(page.prefixes, (Names{"data/"}));
}

TEST(ListObjects, PagesCoverEverythingOnceIncludingPrefixes) {
  const auto all = objects({"a", "b/1", "b/2", "c", "d/1", "e"});
  ListOptions options{.delimiter = "/", .max_results = 2};
  Names seen;
  for (int pages = 0; pages < 10; ++pages) {
    const ListPage page = list_objects(all, options);
    for (const auto& name : names(page)) seen.push_back(name);
    for (const auto& prefix : page.prefixes) seen.push_back(prefix);
    if (page.next_page_token.empty()) break;
    options.page_token = page.next_page_token;
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (Names{"a", "b/", "c", "d/", "e"}));
}

TEST(ListObjects, NoTokenOnAnExactlyFullLastPage) {
  const auto all = objects({"a", "b"});
  EXPECT_TRUE(list_objects(all, {.max_results = 2}).next_page_token.empty());
  EXPECT_FALSE(list_objects(all, {.max_results = 1}).next_page_token.empty());
}

TEST(ListObjects, StartAndEndOffsets) {
  const auto all = objects({"a", "b", "c", "d"});
  EXPECT_EQ(names(list_objects(all, {.start_offset = "b", .end_offset = "d"})), (Names{"b", "c"}));
}

TEST(ListObjects, TrailingDelimiterObjectsOnRequest) {
  const auto all = objects({"dir/", "dir/file"});
  EXPECT_EQ(names(list_objects(all, {.delimiter = "/"})), Names{});
  EXPECT_EQ(names(list_objects(all, {.delimiter = "/", .include_trailing_delimiter = true})), (Names{"dir/"}));
}

TEST(ListObjects, BadPageTokenThrows) {
  EXPECT_THROW(list_objects(objects({"a"}), {.page_token = "!!"}), std::invalid_argument);
}

}  // namespace
}  // namespace magritte::emulator::storage
