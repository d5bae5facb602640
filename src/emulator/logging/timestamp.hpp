// RFC 3339 timestamps as the Google APIs write them. Log entries carry nanoseconds, always
// nine digits, so that string order equals time order (gcloud's stream-logs compares the
// timestamp strings of entries it has seen); resource times (createTime...) carry seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace magritte::emulator {

using UnixNanos = std::int64_t;  // nanoseconds since 1970-01-01T00:00:00Z

UnixNanos now_nanos();

// "2026-11-26T11:08:31.123456789Z"
std::string format_rfc3339_nanos(UnixNanos time);
// "2026-11-26T11:08:31Z"
std::string format_rfc3339_seconds(UnixNanos time);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)" (also a lowercase t/z and a space
// instead of T); nullopt when malformed.
std::optional<UnixNanos> parse_rfc3339(std::string_view text);

}  // namespace magritte::emulator
