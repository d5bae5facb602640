// Timestamps as the APIs write them (RFC 3339: createTime, log entry timestamps) and as
// magritte prints them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace magritte::release {

using SystemTime = std::chrono::system_clock::time_point;

// "2026-11-26T10:15:00Z", with optional fractional seconds (up to nanoseconds) and a "Z"
// or "+HH:MM"/"-HH:MM" offset. nullopt for anything else.
std::optional<SystemTime> parse_rfc3339(std::string_view text);

// UTC with microseconds: "2026-11-26T10:15:00.123456Z" (log filters).
std::string format_rfc3339(SystemTime time);

// Local time as gcloud's stream-logs prints it: "2026-11-26 11:08:31 +0100".
std::string format_local_time(SystemTime time);

}  // namespace magritte::release
