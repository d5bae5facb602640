// RFC 3339 timestamps, the one module for reading and writing them: what Google's APIs
// write (createTime, log entry timestamps) and what the emulator writes back to gcloud.
// Each API has its own number of fraction digits, and gcloud reads them back as text, so
// the writer takes the count explicitly:
//   nano  log entries ("...:31.123456789Z"): always nine digits, so that string order equals
//         time order (gcloud's stream-logs compares the timestamps of entries it has seen),
//         and Vertex AI's resource times;
//   micro log filters magritte sends ("timestamp<...");
//   milli Cloud Storage's timeCreated/updated and the emulator's request log;
//   none  ml v1's resource times ("2026-11-26T11:08:31Z").
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace magritte {

using SystemTime = std::chrono::system_clock::time_point;
static_assert(std::is_same_v<SystemTime::duration, std::chrono::nanoseconds>,
              "nanosecond timestamps (log entries) need a nanosecond system_clock");

enum class FractionDigits { none = 0, milli = 3, micro = 6, nano = 9 };

// UTC with a "Z": "2026-11-26T11:08:31.123Z" for milli. Extra precision is cut (floor), so a
// timestamp never reads later than the time it stands for.
std::string format_rfc3339(SystemTime time, FractionDigits digits);
std::string rfc3339_now(FractionDigits digits);

// "YYYY-MM-DD(T|t| )HH:MM:SS[.fraction](Z|z|+HH:MM|-HH:MM)": any number of fraction digits
// (beyond nanoseconds dropped), a real calendar date, second 60 allowed (leap second).
// nullopt for anything else.
std::optional<SystemTime> parse_rfc3339(std::string_view text);

// Local time as gcloud's stream-logs prints it: "2026-11-26 11:08:31 +0100".
std::string format_local_time(SystemTime time);

// Nanoseconds since 1970-01-01T00:00:00Z as a plain number (the emulator's log store keeps
// and sorts entries by it).
using UnixNanos = std::int64_t;
constexpr UnixNanos unix_nanos(SystemTime time) { return time.time_since_epoch().count(); }
constexpr SystemTime from_unix_nanos(UnixNanos nanos) { return SystemTime(std::chrono::nanoseconds(nanos)); }

}  // namespace magritte
