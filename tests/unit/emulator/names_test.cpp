#include <gtest/gtest.h>

#include "emulator/storage/names.hpp"

namespace magritte::emulator::storage {
namespace {

TEST(ObjectNames, AcceptsWhatUsersReallyUpload) {
  for (const char* name : {"a", "data/apple 1.jpg", "données/été.png", "a/./b", "a..b", "..a/b..",
                           "models/magritte_v2/packages/abc/trainer-0.0.0.tar.gz"}) {
    EXPECT_EQ(object_name_problem(name), std::nullopt) << name;
  }
}

TEST(ObjectNames, RefusesNamesThatCouldEscapeOrAreInvalid) {
  EXPECT_NE(object_name_problem(""), std::nullopt);
  EXPECT_NE(object_name_problem(std::string("a\0b", 3)), std::nullopt);
  EXPECT_NE(object_name_problem("/etc/passwd"), std::nullopt);
  EXPECT_NE(object_name_problem(".."), std::nullopt);
  EXPECT_NE(object_name_problem("../x"), std::nullopt);
  EXPECT_NE(object_name_problem("a/../../x"), std::nullopt);
  EXPECT_NE(object_name_problem("a/.."), std::nullopt);
  EXPECT_NE(object_name_problem("line\nbreak"), std::nullopt);
  EXPECT_NE(object_name_problem("\xff\xfe"), std::nullopt);
  EXPECT_NE(object_name_problem(std::string(1025, 'a')), std::nullopt);
  EXPECT_NE(object_name_problem("a/../x")->find("'..'"), std::string::npos);
}

TEST(BucketNames, FollowsCloudStorageRules) {
  EXPECT_EQ(bucket_name_problem("magritte-data"), std::nullopt);
  EXPECT_EQ(bucket_name_problem("my_bucket.v2"), std::nullopt);
  EXPECT_NE(bucket_name_problem("ab"), std::nullopt);
  EXPECT_NE(bucket_name_problem("Upper"), std::nullopt);
  EXPECT_NE(bucket_name_problem("-dash"), std::nullopt);
  EXPECT_NE(bucket_name_problem("a..b"), std::nullopt);
  EXPECT_NE(bucket_name_problem("a/b"), std::nullopt);
}

}  // namespace
}  // namespace magritte::emulator::storage
