#include "emulator/ml/etag.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>

#include "magritte/base64.hpp"

namespace magritte::emulator::ml {

std::string new_etag() {
  static std::atomic<std::uint64_t> counter{0};
  const auto now = std::chrono::system_clock::now().time_since_epoch().count();
  const std::uint64_t value = static_cast<std::uint64_t>(now) ^ (counter.fetch_add(1) * 0x9E3779B97F4A7C15ULL);
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((value >> (56 - 8 * i)) & 0xFF);
  return base64_encode(bytes);
}

}  // namespace magritte::emulator::ml
