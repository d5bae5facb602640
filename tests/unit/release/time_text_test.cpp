#include <gtest/gtest.h>

#include "release/time_text.hpp"

namespace magritte::release {
namespace {

using namespace std::chrono;

TEST(Rfc3339, ParsesWhatTheApisWrite) {
  const auto base = parse_rfc3339("2026-11-26T10:15:00Z");
  ASSERT_TRUE(base);
  EXPECT_EQ(duration_cast<seconds>(base->time_since_epoch()).count(), 1795688100);
  EXPECT_EQ(parse_rfc3339("2026-11-26T10:15:00.250Z"), *base + milliseconds(250));
  EXPECT_EQ(parse_rfc3339("2026-11-26T10:15:00.123456789Z"), *base + nanoseconds(123456789));
  EXPECT_EQ(parse_rfc3339("2026-11-26T11:15:00+01:00"), base);
  EXPECT_EQ(parse_rfc3339("2026-11-26T05:15:00-05:00"), base);
}

TEST(Rfc3339, RefusesTheRest) {
  for (const char* text : {"", "2026-11-26", "2026-11-26T10:15:00", "2026-13-26T10:15:00Z",
                           "2026-11-26 10:15:00Z", "2026-11-26T10:15:00Zjunk", "yesterday"}) {
    EXPECT_EQ(parse_rfc3339(text), std::nullopt) << text;
  }
}

TEST(Rfc3339, FormatsUtcWithMicroseconds) {
  const auto time = *parse_rfc3339("2026-11-26T10:15:00.123456Z");
  EXPECT_EQ(format_rfc3339(time), "2026-11-26T10:15:00.123456Z");
  EXPECT_EQ(parse_rfc3339(format_rfc3339(time)), time);
}

}  // namespace
}  // namespace magritte::release
