#include "emulator/ml/image_size.hpp"

#include <cstdint>

namespace magritte::emulator::ml {

namespace {

std::uint32_t big_endian(std::string_view bytes, std::size_t at, int count) {
  std::uint32_t value = 0;
  for (int i = 0; i < count; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

std::optional<ImageSize> png_size(std::string_view bytes) {
  constexpr std::string_view kSignature = "\x89PNG\r\n\x1a\n";
  if (bytes.size() < 24 || bytes.substr(0, 8) != kSignature || bytes.substr(12, 4) != "IHDR") {
    return std::nullopt;
  }
  return ImageSize{static_cast<int>(big_endian(bytes, 16, 4)),
                   static_cast<int>(big_endian(bytes, 20, 4))};
}

// Start-of-frame markers carry the size: C0..CF except DHT (C4), JPG (C8) and DAC (CC).
bool is_frame_marker(unsigned char marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

std::optional<ImageSize> jpeg_size(std::string_view bytes) {
  if (bytes.size() < 4 || static_cast<unsigned char>(bytes[0]) != 0xFF ||
      static_cast<unsigned char>(bytes[1]) != 0xD8) {
    return std::nullopt;
  }
  std::size_t at = 2;
  while (at + 4 <= bytes.size()) {
    if (static_cast<unsigned char>(bytes[at]) != 0xFF) return std::nullopt;
    const auto marker = static_cast<unsigned char>(bytes[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      at += 2;  // markers without a length
      continue;
    }
    const std::uint32_t length = big_endian(bytes, at + 2, 2);
    if (is_frame_marker(marker)) {
      if (at + 9 > bytes.size()) return std::nullopt;
      return ImageSize{static_cast<int>(big_endian(bytes, at + 7, 2)),
                       static_cast<int>(big_endian(bytes, at + 5, 2))};
    }
    if (marker == 0xD9 || marker == 0xDA || length < 2) return std::nullopt;  // no frame before data
    at += 2 + length;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ImageSize> image_size(std::string_view bytes) {
  if (auto size = png_size(bytes)) return size;
  return jpeg_size(bytes);
}

}  // namespace magritte::emulator::ml
