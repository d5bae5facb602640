#include "magritte/timestamp.hpp"

#include <cstdio>
#include <ctime>

namespace magritte {
namespace {

using std::chrono::days;
using std::chrono::nanoseconds;
using std::chrono::seconds;

// Reads exactly `count` digits at `at`.
bool read_digits(std::string_view text, std::size_t& at, std::size_t count, int& value) {
  if (at + count > text.size()) return false;
  value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[at + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  at += count;
  return true;
}

bool expect(std::string_view text, std::size_t& at, std::string_view accepted) {
  if (at >= text.size() || accepted.find(text[at]) == std::string_view::npos) return false;
  ++at;
  return true;
}

// Nanoseconds of ".123456789" (at least one digit; beyond nine dropped), 0 when absent.
std::optional<nanoseconds> read_fraction(std::string_view text, std::size_t& at) {
  if (at >= text.size() || text[at] != '.') return nanoseconds(0);
  const std::size_t start = ++at;
  std::int64_t nanos = 0;
  for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
    if (at - start < 9) nanos = nanos * 10 + (text[at] - '0');
  }
  if (at == start) return std::nullopt;
  for (std::size_t digits = at - start; digits < 9; ++digits) nanos *= 10;
  return nanoseconds(nanos);
}

// East of UTC from "Z", "+01:00" or "-05:30"; nullopt when malformed.
std::optional<seconds> read_offset(std::string_view text, std::size_t& at) {
  if (expect(text, at, "Zz")) return seconds(0);
  if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return std::nullopt;
  const int sign = text[at++] == '-' ? -1 : 1;
  int hours = 0, minutes = 0;
  if (!read_digits(text, at, 2, hours) || !expect(text, at, ":") || !read_digits(text, at, 2, minutes) ||
      hours > 23 || minutes > 59) {
    return std::nullopt;
  }
  return seconds(sign * (hours * 3600 + minutes * 60));
}

}  // namespace

std::string format_rfc3339(SystemTime time, FractionDigits digits) {
  const auto day = std::chrono::floor<days>(time);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss clock(time - day);
  char text[64];  // room for any int fields, so the compiler sees no truncation
  int length = std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
                             static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                             static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                             static_cast<int>(clock.seconds().count()));
  if (const int count = static_cast<int>(digits); count > 0) {
    long long fraction = clock.subseconds().count();  // nanoseconds
    for (int cut = count; cut < 9; ++cut) fraction /= 10;
    length += std::snprintf(text + length, sizeof text - length, ".%0*lld", count, fraction);
  }
  std::snprintf(text + length, sizeof text - length, "Z");
  return text;
}

std::string rfc3339_now(FractionDigits digits) {
  return format_rfc3339(std::chrono::system_clock::now(), digits);
}

std::optional<SystemTime> parse_rfc3339(std::string_view text) {
  std::size_t at = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  const bool ok = read_digits(text, at, 4, year) && expect(text, at, "-") && read_digits(text, at, 2, month) &&
                  expect(text, at, "-") && read_digits(text, at, 2, day) && expect(text, at, "Tt ") &&
                  read_digits(text, at, 2, hour) && expect(text, at, ":") && read_digits(text, at, 2, minute) &&
                  expect(text, at, ":") && read_digits(text, at, 2, second);
  if (!ok || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  const auto fraction = read_fraction(text, at);
  if (!fraction) return std::nullopt;
  const auto offset = read_offset(text, at);
  if (!offset || at != text.size()) return std::nullopt;
  return SystemTime(std::chrono::sys_days(date)) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         seconds(second) + *fraction - *offset;
}

std::string format_local_time(SystemTime time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %z", &local);
  return text;
}

}  // namespace magritte
