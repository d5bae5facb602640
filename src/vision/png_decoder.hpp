// PNG with libpng directly, with the transformations OpenCV's imgcodecs asks of libpng for
// IMREAD_COLOR, so that the pixels are the ones cv::imdecode gives (unit tests compare them)
// without loading imgcodecs (see cmake/Dependencies.cmake for why).
#pragma once

#include <string_view>

#include <opencv2/core/mat.hpp>

#include "magritte/vision.hpp"

namespace magritte::vision {

// Decodes into `bgr` (CV_8UC3): 16-bit samples truncated to 8, alpha dropped (not blended),
// palette and greyscale expanded, interlacing undone. libpng's warnings (a bad ancillary
// chunk) are not errors; its errors come back as a Status with libpng's message.
Status decode_png(std::string_view bytes, cv::Mat& bgr);

}  // namespace magritte::vision
