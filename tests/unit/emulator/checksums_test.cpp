#include <gtest/gtest.h>

#include "emulator/storage/checksums.hpp"

namespace magritte::emulator::storage {
namespace {

TEST(Crc32c, KnownVectors) {
  EXPECT_EQ(crc32c(""), 0u);
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);            // the CRC-32C check value
  EXPECT_EQ(crc32c(std::string(32, '\0')), 0x8A9136AAu);  // RFC 3720 B.4
  EXPECT_EQ(crc32c(std::string(32, '\xFF')), 0x62A8AB43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending += static_cast<char>(i);
  EXPECT_EQ(crc32c(ascending), 0x46DD794Eu);
}

TEST(Crc32c, IncrementalEqualsOneShot) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 7);
  for (std::size_t cut : {0, 1, 7, 8, 9, 500, 999, 1000}) {
    const auto part = crc32c(std::string_view(data).substr(0, cut));
    EXPECT_EQ(crc32c(std::string_view(data).substr(cut), part), crc32c(data)) << cut;
  }
}

TEST(Crc32c, Base64IsBigEndian) {
  // gsutil's value for "hello world\n"-style checks: 0xE3069283 → bytes E3 06 92 83.
  EXPECT_EQ(crc32c_base64(0xE3069283u), "4waSgw==");
  EXPECT_EQ(crc32c_base64(0), "AAAAAA==");
}

TEST(Md5, Base64OfDigest) {
  EXPECT_EQ(md5_base64(""), "1B2M2Y8AsgTpgAmY7PhCfg==");
  EXPECT_EQ(md5_base64("hello"), "XUFAKrxLKna5cZ2REBfFkg==");
}

TEST(RandomId, Is32HexDigitsAndDiffers) {
  const auto a = random_hex_id();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, random_hex_id());
}

}  // namespace
}  // namespace magritte::emulator::storage
