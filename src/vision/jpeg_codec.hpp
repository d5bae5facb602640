// JPEG with libjpeg-turbo directly, the same library and settings OpenCV's imgcodecs uses,
// without loading imgcodecs (see cmake/Dependencies.cmake for why).
//
// The output is the one cv::imdecode / cv::imencode give (unit tests compare the two pixel
// for pixel and byte for byte): decoding with DCT scaling to 8-bit BGR (greyscale expanded,
// CMYK/YCCK converted as OpenCV does), encoding BGR at a quality with libjpeg's defaults.
#pragma once

#include <string>
#include <string_view>

#include <opencv2/core/mat.hpp>

#include "magritte/vision.hpp"

namespace magritte::vision {

// Decodes at 1/`reduction` (1, 2, 4 or 8) into `bgr` (CV_8UC3), as stored: EXIF orientation
// is the caller's. libjpeg's warnings (a few corrupt bytes) are not errors, as in OpenCV;
// its errors come back as a Status with libjpeg's message.
Status decode_jpeg(std::string_view bytes, int reduction, cv::Mat& bgr);

// Encodes a CV_8UC3 BGR image at `quality` (clamped to 0-100) into `out`.
Status encode_jpeg(const cv::Mat& bgr, int quality, std::string& out);

}  // namespace magritte::vision
