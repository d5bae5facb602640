// The small text helpers the config loader and predict share.
#include <gtest/gtest.h>

#include "magritte/text.hpp"

namespace magritte {
namespace {

TEST(TrimSpace, RemovesWhiteSpaceAtBothEndsOnly) {
  EXPECT_EQ(trim_space(" \t\r\n a b \v\f"), "a b");
  EXPECT_EQ(trim_space(""), "");
  EXPECT_EQ(trim_space("   "), "");
}

TEST(AsciiLower, LowersAsciiLettersAndLeavesEveryOtherByte) {
  EXPECT_EQ(ascii_lower("Proxy_Type AZaz09-_.JPG"), "proxy_type azaz09-_.jpg");
  EXPECT_EQ(ascii_lower(""), "");
  // UTF-8 bytes are not letters here: "ÉTÉ" keeps its accented capitals, whatever the locale.
  EXPECT_EQ(ascii_lower("\xC3\x89T\xC3\x89"), "\xC3\x89t\xC3\x89");
  EXPECT_EQ(ascii_lower("@[`{"), "@[`{");  // the neighbours of A-Z and a-z
}

}  // namespace
}  // namespace magritte
