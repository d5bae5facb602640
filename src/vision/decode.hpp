// Decoding to 8-bit BGR: JPEG (reduced scale, EXIF orientation) and PNG with libjpeg-turbo and
// libpng, other formats with OpenCV's imgcodecs loaded on demand; truncation checks first.
#pragma once

#include <string_view>

#include <opencv2/core/mat.hpp>

#include "magritte/vision.hpp"
#include "vision/image_header.hpp"

namespace magritte::vision {

// Decodes `bytes` (whose header has been read) to 8-bit BGR, shrunk by `reduction` (1, 2,
// 4 or 8; JPEG only, by libjpeg's DCT scaling) and turned upright per its EXIF
// orientation; the pixels are the ones cv::imdecode(IMREAD_COLOR / IMREAD_REDUCED_COLOR_n)
// gives. A corrupt or truncated image gives a Status; only std::bad_alloc is thrown.
Status decode_bgr(std::string_view bytes, const ImageHeader& header, int reduction, cv::Mat& image);

}  // namespace magritte::vision
