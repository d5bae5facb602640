// The pixel size of a PNG or JPEG from its header, without decoding it: predict refuses an
// image of the wrong size before handing it to OpenCV, and says both sizes.
#pragma once

#include <optional>
#include <string_view>

namespace magritte::emulator::ml {

struct ImageSize {
  int width = 0;
  int height = 0;
};

// nullopt when the bytes are neither a PNG nor a JPEG with a frame header.
std::optional<ImageSize> image_size(std::string_view bytes);

}  // namespace magritte::emulator::ml
