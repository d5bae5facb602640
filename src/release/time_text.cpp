#include "release/time_text.hpp"

#include <cstdio>
#include <ctime>

namespace magritte::release {
namespace {

bool read_number(std::string_view text, std::size_t& at, std::size_t digits, int& value) {
  if (at + digits > text.size()) return false;
  value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = text[at + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  at += digits;
  return true;
}

bool expect(std::string_view text, std::size_t& at, char wanted) {
  if (at >= text.size() || (text[at] != wanted && !(wanted == 'T' && text[at] == 't'))) return false;
  ++at;
  return true;
}

// Nanoseconds from ".123456789" (any number of digits; extra precision dropped).
std::int64_t read_fraction(std::string_view text, std::size_t& at) {
  if (at >= text.size() || text[at] != '.') return 0;
  ++at;
  std::int64_t nanos = 0;
  int digits = 0;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
    if (digits < 9) {
      nanos = nanos * 10 + (text[at] - '0');
      ++digits;
    }
    ++at;
  }
  for (; digits < 9; ++digits) nanos *= 10;
  return nanos;
}

// Seconds east of UTC from "Z", "+01:00" or "-05:30"; nullopt when malformed.
std::optional<int> read_offset(std::string_view text, std::size_t& at) {
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
    return 0;
  }
  if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return std::nullopt;
  const int sign = text[at++] == '-' ? -1 : 1;
  int hours = 0;
  int minutes = 0;
  if (!read_number(text, at, 2, hours) || !expect(text, at, ':') || !read_number(text, at, 2, minutes)) {
    return std::nullopt;
  }
  return sign * (hours * 3600 + minutes * 60);
}

}  // namespace

std::optional<SystemTime> parse_rfc3339(std::string_view text) {
  std::size_t at = 0;
  std::tm parts{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  const bool ok = read_number(text, at, 4, year) && expect(text, at, '-') &&
                  read_number(text, at, 2, month) && expect(text, at, '-') &&
                  read_number(text, at, 2, day) && expect(text, at, 'T') &&
                  read_number(text, at, 2, hour) && expect(text, at, ':') &&
                  read_number(text, at, 2, minute) && expect(text, at, ':') &&
                  read_number(text, at, 2, second);
  if (!ok || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  const std::int64_t nanos = read_fraction(text, at);
  const auto offset = read_offset(text, at);
  if (!offset || at != text.size()) return std::nullopt;
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  const std::time_t utc = timegm(&parts) - *offset;
  return std::chrono::system_clock::from_time_t(utc) +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::nanoseconds(nanos));
}

std::string format_rfc3339(SystemTime time) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  long fraction = static_cast<long>(micros % 1000000);
  if (fraction < 0) {
    fraction += 1000000;
    --seconds;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%06ldZ", fraction);
  return text;
}

std::string format_local_time(SystemTime time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %z", &local);
  return text;
}

}  // namespace magritte::release
