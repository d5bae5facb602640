#include <gtest/gtest.h>

#include "emulator/storage/multipart.hpp"

namespace magritte::emulator::storage {
namespace {

TEST(MultipartBoundary, AcceptsSingleDoubleAndBareQuotes) {
  EXPECT_EQ(multipart_boundary("multipart/related; boundary='===============1234=='"), "===============1234==");
  EXPECT_EQ(multipart_boundary("multipart/related; boundary=\"abc def\""), "abc def");
  EXPECT_EQ(multipart_boundary("multipart/related; boundary=xyz; charset=utf-8"), "xyz");
  EXPECT_FALSE(multipart_boundary("multipart/related"));
}

TEST(Multipart, PythonEmailStyleWithLfLineEnds) {
  // What apitools sends for gcloud's package staging (trace doc).
  const std::string body =
      "--===============42==\n"
      "Content-Type: application/json\n"
      "MIME-Version: 1.0\n"
      "\n"
      "{\"size\": \"3\"}\n"
      "--===============42==\n"
      "Content-Type: application/gzip\n"
      "MIME-Version: 1.0\n"
      "Content-Transfer-Encoding: binary\n"
      "\n"
      "a\rb\n"
      "--===============42==--";
  const auto parts = parse_multipart(body, "===============42==");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].body, "{\"size\": \"3\"}");
  EXPECT_EQ(parts[1].headers.at("content-type"), "application/gzip");
  EXPECT_EQ(parts[1].body, "a\rb");
}

TEST(Multipart, CrlfStyleKeepsBinaryBytes) {
  const std::string media("\0\r\n\xff--b", 7);
  const std::string body = "--b\r\nContent-Type: application/json\r\n\r\n{}\r\n--b\r\n"
                           "Content-Type: application/octet-stream\r\n\r\n" + media + "\r\n--b--\r\n";
  const auto parts = parse_multipart(body, "b");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1].body, media);
}

TEST(Multipart, EmptyMediaPart) {
  const auto parts = parse_multipart("--b\n\n{}\n--b\n\n\n--b--", "b");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].body, "{}");
  EXPECT_EQ(parts[1].body, "");
}

TEST(Multipart, RejectsMalformedBodies) {
  EXPECT_THROW(parse_multipart("no boundary here", "b"), std::invalid_argument);
  EXPECT_THROW(parse_multipart("--b\nContent-Type: x\n\nbody without end", "b"), std::invalid_argument);
}

}  // namespace
}  // namespace magritte::emulator::storage
