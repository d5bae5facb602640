#include "vision/decode.hpp"

#include <opencv2/imgcodecs.hpp>

namespace magritte::vision {
namespace {

int imread_flags(int reduction) {
  switch (reduction) {
    case 2: return cv::IMREAD_REDUCED_COLOR_2;
    case 4: return cv::IMREAD_REDUCED_COLOR_4;
    case 8: return cv::IMREAD_REDUCED_COLOR_8;
    default: return cv::IMREAD_COLOR;
  }
}

// libjpeg only warns on a truncated file and fills the missing rows with grey; a model
// would then classify half a photo. Entropy-coded data cannot contain FF D9, so a
// complete file has an end-of-image marker after its frame header.
bool jpeg_is_complete(std::string_view bytes, const ImageHeader& header) {
  const auto end_marker = bytes.rfind("\xFF\xD9");
  return end_marker != std::string_view::npos && end_marker > header.frame_offset;
}

// libpng prints its own "incomplete buffer" line on stderr before OpenCV gives up; catch
// the common case (a cut file) first, with a clearer message and no noise.
bool png_is_complete(std::string_view bytes) {
  return bytes.rfind(std::string_view("IEND\xAE\x42\x60\x82", 8)) != std::string_view::npos;
}

Status failed(std::string message) { return {false, std::move(message)}; }

}  // namespace

Status decode_bgr(std::string_view bytes, const ImageHeader& header, int reduction, cv::Mat& image) {
  const std::string kind(format_name(header.format));
  if (header.format == ImageFormat::jpeg && !jpeg_is_complete(bytes, header)) {
    return failed("truncated JPEG (no end-of-image marker)");
  }
  if (header.format == ImageFormat::png && !png_is_complete(bytes)) {
    return failed("truncated PNG (no IEND chunk)");
  }
  try {
    // imdecode only reads the buffer; the const_cast is for Mat's constructor signature.
    const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8UC1,
                         const_cast<char*>(bytes.data()));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    // IMREAD_COLOR (and the REDUCED_COLOR flags) apply the EXIF orientation: see the
    // EXIF unit test, which pins this for OpenCV 4.6.
    image = cv::imdecode(buffer, imread_flags(header.format == ImageFormat::jpeg ? reduction : 1));
  } catch (const cv::Exception& e) {
    return failed("cannot decode " + kind + ": " + e.err);
  }
  if (image.empty()) return failed("cannot decode " + kind + " (corrupt or truncated data)");
  return {};
}

}  // namespace magritte::vision
