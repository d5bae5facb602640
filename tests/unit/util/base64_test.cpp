// The one base64 codec: predict's request bodies, Cloud Storage's digests and page tokens,
// ml's instances and etags.
#include <gtest/gtest.h>

#include "magritte/base64.hpp"

namespace magritte {
namespace {

TEST(Base64, MatchesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, UrlSafeAlphabetReplacesPlusAndSlashKeepsPadding) {
  const std::string bytes("\xFB\xFF\xBF", 3);  // 111110 111111 111110 111111
  EXPECT_EQ(base64_encode(bytes), "+/+/");
  EXPECT_EQ(base64_encode(bytes, Base64Alphabet::url_safe), "-_-_");
  EXPECT_EQ(base64_encode("\xFB", Base64Alphabet::url_safe), "-w==");  // like Python's urlsafe_b64encode
}

TEST(Base64, AppendsToWhatIsThere) {
  std::string body = R"({"b64":")";
  append_base64(body, "foob");
  body += "\"}";
  EXPECT_EQ(body, R"({"b64":"Zm9vYg=="})");
  EXPECT_EQ(base64_size(0), 0u);
  EXPECT_EQ(base64_size(4), 8u);
}

TEST(Base64, RoundTripsEveryLengthAndByteInBothAlphabets) {
  std::string data;
  for (int i = 0; i < 300; ++i) {
    for (const auto alphabet : {Base64Alphabet::standard, Base64Alphabet::url_safe}) {
      const std::string encoded = base64_encode(data, alphabet);
      EXPECT_EQ(encoded.size(), base64_size(data.size()));
      EXPECT_EQ(base64_decode(encoded), data) << i;
    }
    data += static_cast<char>(255 - i % 256);
  }
}

TEST(Base64, DecodesWhatClientsSend) {
  const std::string bytes("\xfb\xff\x00\x01\x02", 5);
  EXPECT_EQ(base64_encode(bytes), "+/8AAQI=");
  EXPECT_EQ(base64_decode("+/8AAQI="), bytes);
  EXPECT_EQ(base64_decode("-_8AAQI"), bytes);      // URL-safe, no padding
  EXPECT_EQ(base64_decode("+/8A\nAQI=\r\n"), bytes);  // wrapped lines
  EXPECT_EQ(base64_decode(" +/8A\tAQI= "), bytes);
  EXPECT_EQ(base64_decode(""), "");
}

TEST(Base64, RefusesWhatNoEncoderWrites) {
  EXPECT_FALSE(base64_decode("+/8AAQI=x"));  // data after padding
  EXPECT_FALSE(base64_decode("abcde"));      // 4n+1 symbols: 6 bits cannot end a byte
  EXPECT_FALSE(base64_decode("a"));
  EXPECT_FALSE(base64_decode("ab*d"));
  EXPECT_FALSE(base64_decode("a*b"));
  EXPECT_FALSE(base64_decode(std::string("ab\0d", 4)));
  EXPECT_FALSE(base64_decode("ab\xC3\xA9"));  // non-ASCII
}

}  // namespace
}  // namespace magritte
