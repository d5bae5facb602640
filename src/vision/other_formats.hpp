// BMP, WebP, TIFF and PNM: decoded by OpenCV's imgcodecs, loaded only when such an image
// comes along.
//
// Why not linked: Debian's libopencv_imgcodecs links GDAL and brings 139 shared libraries
// (~120 ms to load), which a run of JPEG and PNG photos (nearly every run) should not pay.
// It is dlopen()ed by its soname on first use and cv::imdecode looked up by its symbol;
// both are fixed by the OpenCV this module is built against (the unit tests check that
// the symbol found is cv::imdecode).
#pragma once

#include <string_view>

#include <opencv2/core/mat.hpp>

#include "magritte/vision.hpp"

namespace magritte::vision {

// cv::imdecode(bytes, IMREAD_COLOR): 8-bit BGR, with whatever EXIF handling OpenCV applies to
// the format. `kind` names the format in messages ("BMP").
Status decode_other_format(std::string_view bytes, std::string_view kind, cv::Mat& bgr);

// The soname and symbol looked up, for the unit test that pins them.
inline constexpr const char* kImgcodecsSoname = MAGRITTE_OPENCV_IMGCODECS_SONAME;
inline constexpr const char* kImdecodeSymbol = "_ZN2cv8imdecodeERKNS_11_InputArrayEi";

}  // namespace magritte::vision
