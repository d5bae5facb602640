#include "vision/image_header.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "vision/tiff_reader.hpp"

namespace magritte::vision {
namespace {

constexpr int kMaxSide = 1 << 30;  // larger sides are corrupt headers, not images

unsigned byte_at(std::string_view b, std::size_t i) { return static_cast<unsigned char>(b[i]); }
std::uint32_t be16(std::string_view b, std::size_t i) { return byte_at(b, i) << 8 | byte_at(b, i + 1); }
std::uint32_t le16(std::string_view b, std::size_t i) { return byte_at(b, i) | byte_at(b, i + 1) << 8; }
std::uint32_t le24(std::string_view b, std::size_t i) { return le16(b, i) | byte_at(b, i + 2) << 16; }
std::uint32_t le32(std::string_view b, std::size_t i) { return le16(b, i) | le16(b, i + 2) << 16; }
std::uint32_t be32(std::string_view b, std::size_t i) { return be16(b, i) << 16 | be16(b, i + 2); }

HeaderResult failure(std::string message) { return {false, {}, std::move(message)}; }

HeaderResult truncated(ImageFormat format) {
  return failure("truncated " + std::string(format_name(format)) + " header");
}

HeaderResult sized(ImageFormat format, std::int64_t width, std::int64_t height, int orientation = 1) {
  if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide) {
    return failure("corrupt " + std::string(format_name(format)) + " header (size " +
                   std::to_string(width) + "x" + std::to_string(height) + ")");
  }
  if (orientation < 1 || orientation > 8) orientation = 1;  // unknown values mean "as stored"
  return {true, {format, static_cast<int>(width), static_cast<int>(height), orientation}, {}};
}

bool starts_with(std::string_view b, std::string_view prefix) { return b.substr(0, prefix.size()) == prefix; }

// Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range.
bool is_start_of_frame(unsigned marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

bool is_standalone_marker(unsigned marker) {
  return marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
}

int exif_orientation(std::string_view app1) {
  static constexpr std::string_view kExif("Exif\0\0", 6);
  if (!starts_with(app1, kExif)) return 1;
  const auto value = tiff_ifd0_value(app1.substr(kExif.size()), kTiffOrientation);
  return value ? static_cast<int>(*value) : 1;
}

// Walks the marker segments up to the frame header; EXIF (APP1) comes before it.
HeaderResult read_jpeg(std::string_view b) {
  int orientation = 1;
  std::size_t pos = 2;
  while (true) {
    if (pos >= b.size()) return truncated(ImageFormat::jpeg);
    if (byte_at(b, pos) != 0xFF) return failure("corrupt JPEG (no marker at byte " + std::to_string(pos) + ")");
    while (pos < b.size() && byte_at(b, pos) == 0xFF) ++pos;  // fill bytes
    if (pos >= b.size()) return truncated(ImageFormat::jpeg);
    const unsigned marker = byte_at(b, pos++);
    if (is_standalone_marker(marker)) continue;
    if (marker == 0xD9 || marker == 0xDA) return failure("corrupt JPEG (no frame header)");
    if (pos + 2 > b.size()) return truncated(ImageFormat::jpeg);
    const std::size_t length = be16(b, pos);
    if (length < 2) return failure("corrupt JPEG (segment length " + std::to_string(length) + ")");
    if (is_start_of_frame(marker)) {
      if (pos + 7 > b.size()) return truncated(ImageFormat::jpeg);
      HeaderResult result = sized(ImageFormat::jpeg, be16(b, pos + 5), be16(b, pos + 3), orientation);
      result.header.frame_offset = pos;
      return result;
    }
    if (marker == 0xE1) orientation = exif_orientation(b.substr(pos + 2, length - 2));
    pos += length;
  }
}

HeaderResult read_png(std::string_view b) {
  if (b.size() < 24) return truncated(ImageFormat::png);
  if (b.substr(12, 4) != "IHDR") return failure("corrupt PNG (first chunk is not IHDR)");
  return sized(ImageFormat::png, be32(b, 16), be32(b, 20));
}

HeaderResult read_bmp(std::string_view b) {
  if (b.size() < 26) return truncated(ImageFormat::bmp);
  if (le32(b, 14) == 12) return sized(ImageFormat::bmp, le16(b, 18), le16(b, 20));  // OS/2 v1
  const auto height = static_cast<std::int32_t>(le32(b, 22));  // negative: top-down rows
  return sized(ImageFormat::bmp, static_cast<std::int32_t>(le32(b, 18)), std::abs(std::int64_t{height}));
}

HeaderResult read_webp(std::string_view b) {
  if (b.size() < 30) return truncated(ImageFormat::webp);
  const std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8X") return sized(ImageFormat::webp, le24(b, 24) + 1, le24(b, 27) + 1);
  if (chunk == "VP8L") {
    const std::uint32_t bits = le32(b, 21);
    return sized(ImageFormat::webp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
  }
  if (chunk == "VP8 ") return sized(ImageFormat::webp, le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
  return failure("corrupt WebP (unknown chunk)");
}

HeaderResult read_tiff(std::string_view b) {
  const auto width = tiff_ifd0_value(b, kTiffImageWidth);
  const auto height = tiff_ifd0_value(b, kTiffImageLength);
  if (!width || !height) return truncated(ImageFormat::tiff);
  const auto orientation = tiff_ifd0_value(b, kTiffOrientation);
  return sized(ImageFormat::tiff, *width, *height, orientation ? static_cast<int>(*orientation) : 1);
}

// "P6\n# comment\n640 480\n255\n": whitespace and comments between the numbers.
std::optional<std::int64_t> pnm_number(std::string_view b, std::size_t& pos) {
  while (pos < b.size()) {
    const char c = b[pos];
    if (c == '#') {
      while (pos < b.size() && b[pos] != '\n') ++pos;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++pos;
    } else {
      break;
    }
  }
  std::int64_t value = 0;
  const std::size_t start = pos;
  while (pos < b.size() && b[pos] >= '0' && b[pos] <= '9' && pos - start < 11) value = value * 10 + (b[pos++] - '0');
  if (pos == start || pos >= b.size()) return std::nullopt;  // a number must be followed by more
  return value;
}

HeaderResult read_pnm(std::string_view b) {
  std::size_t pos = 2;
  const auto width = pnm_number(b, pos);
  const auto height = width ? pnm_number(b, pos) : std::nullopt;
  if (!height) return truncated(ImageFormat::pnm);
  return sized(ImageFormat::pnm, *width, *height);
}

}  // namespace

std::string_view format_name(ImageFormat format) {
  switch (format) {
    case ImageFormat::jpeg: return "JPEG";
    case ImageFormat::png: return "PNG";
    case ImageFormat::bmp: return "BMP";
    case ImageFormat::webp: return "WebP";
    case ImageFormat::tiff: return "TIFF";
    case ImageFormat::pnm: return "PNM";
    case ImageFormat::gif: return "GIF";
    case ImageFormat::unknown: break;
  }
  return "unknown";
}

HeaderResult read_image_header(std::string_view b) {
  if (b.empty()) return failure("empty file (0 bytes)");
  if (starts_with(b, "\xFF\xD8\xFF")) return read_jpeg(b);
  if (starts_with(b, "\x89PNG\r\n\x1A\n")) return read_png(b);
  if (starts_with(b, "BM")) return read_bmp(b);
  if (starts_with(b, "RIFF") && b.size() >= 12 && b.substr(8, 4) == "WEBP") return read_webp(b);
  if (is_tiff_header(b)) return read_tiff(b);
  if (b.size() >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6') return read_pnm(b);
  if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) {
    return failure("GIF is not supported (OpenCV cannot decode it); convert the image to PNG or JPEG");
  }
  return failure("not an image (unrecognised format; accepted: JPEG, PNG, BMP, WebP, TIFF, PNM)");
}

std::string describe_size(int width, int height) {
  const double megapixels = static_cast<double>(width) * height / 1e6;
  char text[64];
  std::snprintf(text, sizeof text, megapixels >= 100 ? "%dx%d (%.0f MP)" : "%dx%d (%.1f MP)", width,
                height, megapixels);
  return text;
}

}  // namespace magritte::vision
