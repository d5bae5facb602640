// Pixel scaling presets shared by predict (tensor requests) and the emulator's model
// server, so that a tensor sent by `magritte predict` and an image decoded by the server
// become exactly the same model input.
#pragma once

#include <cstddef>
#include <cstdint>

#include "magritte/vision.hpp"

namespace magritte::vision {

// Converts `pixels` interleaved 3-channel 8-bit pixels (already in `order`) to floats:
//   raw        v                 (0..255)
//   unit       v / 255           ([0, 1])
//   inception  v / 127.5 - 1     ([-1, 1], Keras' "tf" mode, InceptionV3)
//   caffe      v - mean(colour)  (B 103.939, G 116.779, R 123.68: Keras' "caffe" mode,
//                                 which is also BGR: use it with order = bgr to match Keras)
void scale_pixels(const std::uint8_t* interleaved, std::size_t pixels, ColorOrder order, Scaling scaling,
                  float* out);

// The value scale_pixels() gives for one 8-bit value `v` of a channel holding `colour`
// (0 = red, 1 = green, 2 = blue), for tests and documentation.
float scaled_value(std::uint8_t v, int colour, Scaling scaling);

}  // namespace magritte::vision
