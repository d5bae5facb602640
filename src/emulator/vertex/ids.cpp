#include "emulator/vertex/ids.hpp"

#include <algorithm>
#include <charconv>

#include "magritte/timestamp.hpp"

namespace magritte::emulator::vertex {

void IdAllocator::observe(std::string_view id) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), value);
  if (error != std::errc() || end != id.data() + id.size()) return;
  std::lock_guard lock(mutex_);
  last_ = std::max(last_, value);
}

std::string IdAllocator::next() {
  // Microseconds since the epoch times 1000: 19 digits until the year 2286.
  const auto from_clock = static_cast<std::uint64_t>(unix_nanos(std::chrono::system_clock::now()) / 1000) * 1000;
  std::lock_guard lock(mutex_);
  last_ = std::max(last_ + 1, from_clock);
  return std::to_string(last_);
}

}  // namespace magritte::emulator::vertex
