// Timestamps as Google APIs print them: RFC 3339 in UTC with milliseconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace magritte::emulator {

// "2026-11-26T11:08:31.123Z"
std::string rfc3339(std::chrono::system_clock::time_point time);
std::string rfc3339_now();
// Microseconds since the epoch (Cloud Storage generations are such numbers).
std::int64_t epoch_micros_now();

}  // namespace magritte::emulator
