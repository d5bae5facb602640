// Pure arithmetic of fitting an image to the model's input: which part of the source is
// kept (center-crop) and how much libjpeg may shrink it while decoding. No OpenCV here, so
// the choices are unit-tested exactly.
#pragma once

#include "magritte/vision.hpp"

namespace magritte::vision {

struct Rect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
  bool operator==(const Rect&) const = default;
};

// The region of a width x height image that becomes the target: all of it for stretch;
// for center-crop the largest central region with the target's aspect ratio.
Rect fit_region(int width, int height, int target_width, int target_height, Fit fit);

// The largest libjpeg DCT scale denominator (1, 2, 4 or 8) such that the kept region,
// decoded at 1/denominator (libjpeg rounds sizes up), still covers the target on both
// sides: shrinking by DCT scaling is much cheaper than decoding everything, and never
// goes below the resolution the resize needs. `width`/`height` are as displayed (after
// EXIF orientation).
int choose_reduction(int width, int height, int target_width, int target_height, Fit fit);

// Size libjpeg produces for a side decoded at 1/denominator.
constexpr int reduced_side(int side, int denominator) { return (side + denominator - 1) / denominator; }

}  // namespace magritte::vision
