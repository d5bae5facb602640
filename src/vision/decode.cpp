#include "vision/decode.hpp"

#include <opencv2/core.hpp>

#include "vision/jpeg_codec.hpp"
#include "vision/other_formats.hpp"
#include "vision/png_decoder.hpp"

namespace magritte::vision {
namespace {

// libjpeg only warns on a truncated file and fills the missing rows with grey; a model
// would then classify half a photo. Entropy-coded data cannot contain FF D9, so a
// complete file has an end-of-image marker after its frame header.
bool jpeg_is_complete(std::string_view bytes, const ImageHeader& header) {
  const auto end_marker = bytes.rfind("\xFF\xD9");
  return end_marker != std::string_view::npos && end_marker > header.frame_offset;
}

// A cut file is the common case of a bad PNG: say so plainly rather than with libpng's words.
bool png_is_complete(std::string_view bytes) {
  return bytes.rfind(std::string_view("IEND\xAE\x42\x60\x82", 8)) != std::string_view::npos;
}

// Turns a stored image upright per its EXIF orientation tag (what OpenCV's imdecode does
// for JPEG with IMREAD_COLOR; 2-8 are mirrorings and rotations of 1).
cv::Mat upright(const cv::Mat& stored, int orientation) {
  if (orientation < 2 || orientation > 8) return stored;
  cv::Mat image;
  if (orientation >= 5) {
    cv::transpose(stored, image);  // 5-8: rows become columns first
  } else {
    image = stored;
  }
  cv::Mat result;
  switch (orientation) {
    case 2: case 6: cv::flip(image, result, 1); break;   // mirror left-right
    case 3: case 7: cv::flip(image, result, -1); break;  // rotate 180
    case 4: case 8: cv::flip(image, result, 0); break;   // mirror top-bottom
    default: result = image; break;                     // 5: the transpose alone
  }
  return result;
}

Status failed(std::string message) { return {false, std::move(message)}; }

}  // namespace

Status decode_bgr(std::string_view bytes, const ImageHeader& header, int reduction, cv::Mat& image) {
  switch (header.format) {
    case ImageFormat::jpeg: {
      if (!jpeg_is_complete(bytes, header)) return failed("truncated JPEG (no end-of-image marker)");
      Status status = decode_jpeg(bytes, reduction, image);
      if (status.ok) image = upright(image, header.orientation);
      return status;
    }
    case ImageFormat::png:
      if (!png_is_complete(bytes)) return failed("truncated PNG (no IEND chunk)");
      return decode_png(bytes, image);
    default:
      return decode_other_format(bytes, format_name(header.format), image);
  }
}

}  // namespace magritte::vision
