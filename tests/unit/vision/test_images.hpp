// Images made in memory for the vision tests: exact pixels, chosen sizes, hand-built headers.
#pragma once

#include <string>

#include <opencv2/core/mat.hpp>

namespace magritte::vision::test {

// cv::imencode(ext, bgr) as a byte string; ext ".png", ".jpg", ".bmp", ...
std::string encode(const cv::Mat& bgr, const std::string& ext, int jpeg_quality = 95);

// A BGR image of `width` x `height` in one colour.
cv::Mat solid(int width, int height, cv::Scalar bgr);

// Vertical bands of equal width, left to right, one per colour.
cv::Mat bands(int width, int height, const std::vector<cv::Scalar>& bgr_colours);

// A photo-like image: smooth gradients plus deterministic noise (compresses like a photo).
cv::Mat photo_like(int width, int height);

// `jpeg` with an EXIF APP1 segment carrying `orientation` inserted after SOI.
std::string with_exif_orientation(const std::string& jpeg, int orientation);

// A PNG written by libpng itself, for the layouts cv::imencode cannot make: `color_type` and
// `bit_depth` as in the PNG spec (palette images get a palette of 256 colours and a tRNS
// chunk), optionally Adam7-interlaced. Samples follow photo_like's pattern.
std::string png_with_layout(int width, int height, int color_type, int bit_depth, bool interlaced);

// A CMYK JPEG as Adobe writes them (inverted values, 4 components), which cv::imencode
// cannot make.
std::string cmyk_jpeg(int width, int height);

// The first 33 bytes of a PNG (signature + IHDR) claiming width x height; no pixel data.
std::string png_header_only(std::uint32_t width, std::uint32_t height);

}  // namespace magritte::vision::test
