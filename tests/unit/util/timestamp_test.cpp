// RFC 3339: what the APIs write (and gcloud sends in log filters) read back to the
// nanosecond; each fraction width written as gcloud reads it back.
#include <gtest/gtest.h>

#include <cstdlib>

#include "magritte/timestamp.hpp"

namespace magritte {
namespace {

using namespace std::chrono;

SystemTime at(const char* text) {
  const auto time = parse_rfc3339(text);
  if (!time) ADD_FAILURE() << "cannot parse " << text;
  return time.value_or(SystemTime());
}

TEST(Rfc3339, ParsesWhatTheApisWrite) {
  const SystemTime base = at("2026-11-26T10:15:00Z");
  EXPECT_EQ(duration_cast<seconds>(base.time_since_epoch()).count(), 1795688100);
  EXPECT_EQ(parse_rfc3339("2026-11-26T10:15:00.250Z"), base + milliseconds(250));
  EXPECT_EQ(parse_rfc3339("2026-11-26T10:15:00.123456789Z"), base + nanoseconds(123456789));
  EXPECT_EQ(parse_rfc3339("2026-11-26T10:15:00.1234567891Z"), base + nanoseconds(123456789));  // cut
  EXPECT_EQ(parse_rfc3339("2026-11-26t10:15:00z"), base);
  EXPECT_EQ(parse_rfc3339("2026-11-26 10:15:00Z"), base);  // RFC 3339 §5.6 allows a space
  EXPECT_EQ(parse_rfc3339("1970-01-01T01:00:00.000000000Z"), from_unix_nanos(3'600'000'000'000));
  EXPECT_EQ(parse_rfc3339("1969-12-31T23:59:59.5Z"), from_unix_nanos(-500'000'000));
  EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00Z"), at("2024-03-01T00:00:00Z") - days(1));
  EXPECT_EQ(parse_rfc3339("2016-12-31T23:59:60Z"), at("2017-01-01T00:00:00Z"));  // leap second
}

TEST(Rfc3339, OffsetsMoveToUtc) {
  const SystemTime base = at("2026-11-26T10:15:00Z");
  EXPECT_EQ(parse_rfc3339("2026-11-26T11:15:00+01:00"), base);
  EXPECT_EQ(parse_rfc3339("2026-11-26T05:15:00-05:00"), base);
  EXPECT_EQ(parse_rfc3339("2026-11-26T15:45:00+05:30"), base);
  EXPECT_EQ(parse_rfc3339("2026-11-27T00:14:00+13:59"), base);  // across midnight
  EXPECT_EQ(parse_rfc3339("2026-11-26T10:15:00+00:00"), base);
  EXPECT_EQ(parse_rfc3339("2026-11-26T10:15:00-00:00"), base);
  // gcloud's stream-logs upper bound: microseconds and an explicit +00:00 offset.
  EXPECT_EQ(parse_rfc3339("2026-11-26T10:15:00.250000+00:00"), base + milliseconds(250));
}

TEST(Rfc3339, RefusesTheRest) {
  for (const char* text :
       {"", "yesterday", "2026-11-26", "2026-11-26T10:15:00", "2026-11-26T10:15Z", "2026-11-26 11:08",
        "2026-13-26T10:15:00Z", "2026-00-26T10:15:00Z", "2026-11-00T10:15:00Z", "2026-02-29T10:15:00Z",
        "2026-04-31T10:15:00Z", "2026-11-26T24:00:00Z", "2026-11-26T10:60:00Z", "2026-11-26T10:15:61Z",
        "2026-11-26T10:15:00Zjunk", "2026-11-26T10:15:00.Z", "2026-11-26T10:15:00,5Z",
        "2026-11-26T10:15:00+1:00", "2026-11-26T10:15:00+0100", "2026-11-26T10:15:00+24:00",
        "2026-11-26T10:15:00+01:60", "2026-11-26X10:15:00Z", "+026-11-26T10:15:00Z", "2026-1-26T10:15:00Z",
        "2026-11-26T10:15:00 Z", " 2026-11-26T10:15:00Z", "2026-11-26T10:15:00Z\n"}) {
    EXPECT_EQ(parse_rfc3339(text), std::nullopt) << text;
  }
}

TEST(Rfc3339, WritesEachWidthAsTheApisDo) {
  const SystemTime time = from_unix_nanos(1'764'155'311'123'456'789);
  EXPECT_EQ(format_rfc3339(time, FractionDigits::nano), "2025-11-26T11:08:31.123456789Z");   // log entries
  EXPECT_EQ(format_rfc3339(time, FractionDigits::micro), "2025-11-26T11:08:31.123456Z");     // log filters
  EXPECT_EQ(format_rfc3339(time, FractionDigits::milli), "2025-11-26T11:08:31.123Z");        // Cloud Storage
  EXPECT_EQ(format_rfc3339(time, FractionDigits::none), "2025-11-26T11:08:31Z");             // ml v1
  // Fixed width: nine digits even when they are zeros, so that string order is time order.
  const SystemTime t = from_unix_nanos(1'764'155'311'000'000'005);
  EXPECT_EQ(format_rfc3339(t, FractionDigits::nano), "2025-11-26T11:08:31.000000005Z");
  EXPECT_EQ(format_rfc3339(t, FractionDigits::milli), "2025-11-26T11:08:31.000Z");
  EXPECT_EQ(format_rfc3339(SystemTime(), FractionDigits::micro), "1970-01-01T00:00:00.000000Z");
}

TEST(Rfc3339, CutsTowardThePastBeforeTheEpochToo) {
  EXPECT_EQ(format_rfc3339(from_unix_nanos(-1), FractionDigits::nano), "1969-12-31T23:59:59.999999999Z");
  EXPECT_EQ(format_rfc3339(from_unix_nanos(-1), FractionDigits::milli), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_rfc3339(from_unix_nanos(-1), FractionDigits::none), "1969-12-31T23:59:59Z");
}

TEST(Rfc3339, RoundTripsAtEveryWidth) {
  const SystemTime time = at("2026-11-26T10:15:00.123456789Z");
  EXPECT_EQ(parse_rfc3339(format_rfc3339(time, FractionDigits::nano)), time);
  EXPECT_EQ(parse_rfc3339(format_rfc3339(time, FractionDigits::micro)), time - nanoseconds(789));
  EXPECT_EQ(parse_rfc3339(format_rfc3339(time, FractionDigits::milli)), time - nanoseconds(456789));
  EXPECT_EQ(parse_rfc3339(format_rfc3339(time, FractionDigits::none)), time - nanoseconds(123456789));
  for (const char* text : {"2026-11-26T10:15:00.123456789Z", "2000-02-29T23:59:59.000000001Z",
                           "1999-12-31T00:00:00.100000000Z", "2100-03-01T12:00:00.000000000Z"}) {
    EXPECT_EQ(format_rfc3339(at(text), FractionDigits::nano), text);
  }
}

TEST(Rfc3339, NowIsNow) {
  const SystemTime before = time_point_cast<milliseconds>(system_clock::now());
  const SystemTime now = at(rfc3339_now(FractionDigits::milli).c_str());
  EXPECT_GE(now, before);
  EXPECT_LE(now, system_clock::now());
}

TEST(LocalTime, AsStreamLogsPrintsIt) {
  const char* old = std::getenv("TZ");
  const std::string saved = old ? old : "";
  setenv("TZ", "Europe/Paris", 1);
  tzset();
  EXPECT_EQ(format_local_time(at("2026-11-26T10:08:31.9Z")), "2026-11-26 11:08:31 +0100");
  if (old) setenv("TZ", saved.c_str(), 1); else unsetenv("TZ");
  tzset();
}

}  // namespace
}  // namespace magritte
