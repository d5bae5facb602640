// Decoding with OpenCV: reduced-scale JPEG decoding, EXIF orientation, truncation checks.
#pragma once

#include <string_view>

#include <opencv2/core/mat.hpp>

#include "magritte/vision.hpp"
#include "vision/image_header.hpp"

namespace magritte::vision {

// Decodes `bytes` (whose header has been read) to 8-bit BGR, shrunk by `reduction` (1, 2,
// 4 or 8; JPEG only, by libjpeg's DCT scaling) and turned upright per its EXIF
// orientation. Never throws: a corrupt or truncated image gives a Status.
Status decode_bgr(std::string_view bytes, const ImageHeader& header, int reduction, cv::Mat& image);

}  // namespace magritte::vision
