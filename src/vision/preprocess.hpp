// One image file's bytes → the model input predict sends: checked, decoded at the lowest
// sufficient scale, upright, fitted to the target size, in the model's colour order, then
// JPEG-encoded and/or scaled to floats.
#pragma once

#include <string_view>

#include "magritte/vision.hpp"

namespace magritte::vision {

// Never throws; problems with the image are reported in the result's status.
PreprocessedImage preprocess_image(std::string_view file_bytes, const PreprocessOptions& options);

}  // namespace magritte::vision
