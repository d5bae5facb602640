#include "magritte/duration.hpp"

#include <cstdint>
#include <cstdio>

namespace magritte {
namespace {

constexpr std::int64_t kMaxSeconds = 100LL * 365 * 24 * 3600;

std::int64_t unit_seconds(char unit) {
  switch (unit) {
    case 's': return 1;
    case 'm': return 60;
    case 'h': return 3600;
    case 'd': return 86400;
    default: return 0;
  }
}

std::string two_digits(std::int64_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "%02lld", static_cast<long long>(value));
  return text;
}

}  // namespace

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::int64_t previous_unit = 0;  // units must come largest first, each once
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t number = 0;
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      number = number * 10 + (text[i] - '0');
      if (number > kMaxSeconds) return std::nullopt;
      ++i;
    }
    if (i == start) return std::nullopt;
    std::int64_t unit = 1;
    if (i < text.size()) {
      unit = unit_seconds(text[i++]);
      if (unit == 0) return std::nullopt;
    } else if (previous_unit != 0) {
      return std::nullopt;  // "1h30": ambiguous, refuse
    }
    if (previous_unit != 0 && unit >= previous_unit) return std::nullopt;
    previous_unit = unit;
    total += number * unit;
    if (total > kMaxSeconds) return std::nullopt;
  }
  return std::chrono::seconds(total);
}

std::string format_duration(std::chrono::seconds duration) {
  std::int64_t s = duration.count();
  if (s < 0) s = 0;
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m " + two_digits(s % 60) + "s";
  if (s < 86400) return std::to_string(s / 3600) + "h " + two_digits(s % 3600 / 60) + "m";
  return std::to_string(s / 86400) + "d " + two_digits(s % 86400 / 3600) + "h";
}

}  // namespace magritte
