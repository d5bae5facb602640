#include "vision/scaling.hpp"

#include <array>

namespace magritte::vision {
namespace {

constexpr std::array<float, 3> kCaffeMeanRgb = {123.68F, 116.779F, 103.939F};

// One lookup table per channel: 256 entries beat a multiply-add per value and keep the
// arithmetic identical between scaled_value() and scale_pixels().
using Table = std::array<float, 256>;

Table make_table(int colour, Scaling scaling) {
  Table table{};
  for (int v = 0; v < 256; ++v) table[v] = scaled_value(static_cast<std::uint8_t>(v), colour, scaling);
  return table;
}

}  // namespace

float scaled_value(std::uint8_t v, int colour, Scaling scaling) {
  const float value = v;
  switch (scaling) {
    case Scaling::raw: return value;
    case Scaling::unit: return value / 255.0F;
    case Scaling::inception: return value / 127.5F - 1.0F;
    case Scaling::caffe: return value - kCaffeMeanRgb[colour];
  }
  return value;
}

void scale_pixels(const std::uint8_t* interleaved, std::size_t pixels, ColorOrder order, Scaling scaling,
                  float* out) {
  // Channel c of the buffer holds colour c (rgb) or colour 2 - c (bgr).
  std::array<Table, 3> tables;
  for (int c = 0; c < 3; ++c) tables[c] = make_table(order == ColorOrder::rgb ? c : 2 - c, scaling);
  for (std::size_t i = 0; i < pixels; ++i) {
    for (int c = 0; c < 3; ++c) out[i * 3 + c] = tables[c][interleaved[i * 3 + c]];
  }
}

}  // namespace magritte::vision
