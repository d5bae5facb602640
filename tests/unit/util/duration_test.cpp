// Durations as users type them (--timeout, wait.timeout) and as magritte prints them.
#include <gtest/gtest.h>

#include "magritte/duration.hpp"

namespace magritte {
namespace {

using std::chrono::seconds;

TEST(ParseDuration, AcceptsUnitsLargestFirst) {
  EXPECT_EQ(parse_duration("0"), seconds(0));
  EXPECT_EQ(parse_duration("90"), seconds(90));
  EXPECT_EQ(parse_duration("90s"), seconds(90));
  EXPECT_EQ(parse_duration("15m"), seconds(900));
  EXPECT_EQ(parse_duration("2h"), seconds(7200));
  EXPECT_EQ(parse_duration("1d"), seconds(86400));
  EXPECT_EQ(parse_duration("1h30m"), seconds(5400));
  EXPECT_EQ(parse_duration("2m30s"), seconds(150));
  EXPECT_EQ(parse_duration("1d2h3m4s"), seconds(93784));
}

TEST(ParseDuration, RefusesWhatIsAmbiguousOrNotADuration) {
  for (const char* text : {"", "s", "m5", "1h30", "30m1h", "5m5m", "1.5h", "-5s", "5 m", "5x",
                           "99999999999999999999", "5000000d"}) {
    EXPECT_EQ(parse_duration(text), std::nullopt) << text;
  }
}

TEST(FormatDuration, ShortestReadableForm) {
  EXPECT_EQ(format_duration(seconds(0)), "0s");
  EXPECT_EQ(format_duration(seconds(-3)), "0s");
  EXPECT_EQ(format_duration(seconds(59)), "59s");
  EXPECT_EQ(format_duration(seconds(65)), "1m 05s");
  EXPECT_EQ(format_duration(seconds(3599)), "59m 59s");
  EXPECT_EQ(format_duration(seconds(3600 + 120 + 7)), "1h 02m");
  EXPECT_EQ(format_duration(seconds(2 * 86400 + 3 * 3600)), "2d 03h");
}

}  // namespace
}  // namespace magritte
