// Reads an image's format and dimensions from its first bytes, without decoding it.
//
// Why: a 30000x30000 PNG is 90 bytes of header and 2.7 GB once decoded. predict refuses
// images above predict.max_pixels before OpenCV allocates anything, and only hands OpenCV
// the formats this sniffer recognises, so no unknown codec ever sees untrusted bytes.
// Pure C++ (no OpenCV): unit-tested on hand-made headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace magritte::vision {

enum class ImageFormat { unknown, jpeg, png, bmp, webp, tiff, pnm, gif };

std::string_view format_name(ImageFormat format);  // "JPEG", "PNG", ...

struct ImageHeader {
  ImageFormat format = ImageFormat::unknown;
  int width = 0;        // as stored; EXIF orientation 5..8 swaps them on display
  int height = 0;
  int orientation = 1;  // EXIF orientation tag (JPEG APP1 / TIFF IFD0), 1 when absent
  // JPEG: offset of the frame header. Scan data cannot contain an end-of-image marker, so
  // a file with no FF D9 after this offset is truncated (an EXIF thumbnail's comes before).
  std::size_t frame_offset = 0;

  std::int64_t pixels() const { return std::int64_t{width} * height; }
  bool transposed() const { return orientation >= 5 && orientation <= 8; }
  int oriented_width() const { return transposed() ? height : width; }
  int oriented_height() const { return transposed() ? width : height; }
};

struct HeaderResult {
  bool ok = false;
  ImageHeader header;
  std::string error;  // "empty file (0 bytes)", "not an image ...", "truncated PNG header"
};

HeaderResult read_image_header(std::string_view bytes);

// "30000x30000 (900 MP)": for messages.
std::string describe_size(int width, int height);

}  // namespace magritte::vision
