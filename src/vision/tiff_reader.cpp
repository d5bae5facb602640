#include "vision/tiff_reader.hpp"

namespace magritte::vision {
namespace {

constexpr std::uint16_t kTypeShort = 3;
constexpr std::uint16_t kTypeLong = 4;
constexpr std::size_t kEntrySize = 12;

struct Reader {
  std::string_view data;
  bool little_endian;

  bool has(std::size_t offset, std::size_t size) const {
    return offset <= data.size() && size <= data.size() - offset;
  }
  std::uint32_t u16(std::size_t at) const {
    auto b = [&](std::size_t i) { return std::uint32_t{static_cast<unsigned char>(data[at + i])}; };
    return little_endian ? b(0) | b(1) << 8 : b(0) << 8 | b(1);
  }
  std::uint32_t u32(std::size_t at) const {
    return little_endian ? u16(at) | u16(at + 2) << 16 : u16(at) << 16 | u16(at + 2);
  }
};

}  // namespace

bool is_tiff_header(std::string_view data) {
  return data.size() >= 8 && (data.substr(0, 4) == std::string_view("II*\0", 4) ||
                              data.substr(0, 4) == std::string_view("MM\0*", 4));
}

std::optional<std::uint32_t> tiff_ifd0_value(std::string_view data, std::uint16_t tag) {
  if (!is_tiff_header(data)) return std::nullopt;
  const Reader reader{data, data[0] == 'I'};
  const std::size_t ifd = reader.u32(4);
  if (!reader.has(ifd, 2)) return std::nullopt;
  const std::uint32_t count = reader.u16(ifd);
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t entry = ifd + 2 + i * kEntrySize;
    if (!reader.has(entry, kEntrySize)) return std::nullopt;
    if (reader.u16(entry) != tag) continue;
    const std::uint32_t type = reader.u16(entry + 2);
    // Values that fit in 4 bytes are stored in the entry itself, left-justified.
    if (type == kTypeShort) return reader.u16(entry + 8);
    if (type == kTypeLong) return reader.u32(entry + 8);
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace magritte::vision
