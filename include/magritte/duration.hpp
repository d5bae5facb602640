// Durations as users type them (--timeout 30m, wait.timeout = "1h30m") and as magritte
// prints them (elapsed times while waiting: "12s", "3m 05s", "1h 02m").
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace magritte {

// "90" (seconds), "90s", "15m", "2h", "1d", or units combined largest first ("1h30m",
// "2m30s"). nullopt when the text is not such a duration (or overflows 100 years).
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// What parse_duration accepts, for error messages.
inline constexpr const char* kDurationSyntax =
    "a duration such as 90s, 15m, 2h or 1h30m (a bare number means seconds)";

// "0s", "12s", "3m 05s", "1h 02m" (seconds dropped past an hour), "2d 03h".
std::string format_duration(std::chrono::seconds duration);

}  // namespace magritte
