#include "vision/geometry.hpp"

#include <cstdint>

namespace magritte::vision {

Rect fit_region(int width, int height, int target_width, int target_height, Fit fit) {
  if (fit == Fit::stretch || target_width <= 0 || target_height <= 0) return {0, 0, width, height};
  // Compare width/height with target_width/target_height without floating point.
  const std::int64_t lhs = std::int64_t{width} * target_height;
  const std::int64_t rhs = std::int64_t{height} * target_width;
  if (lhs > rhs) {  // wider than the target: keep the full height, cut the sides
    const int kept = static_cast<int>(std::int64_t{height} * target_width / target_height);
    return {(width - kept) / 2, 0, kept, height};
  }
  const int kept = static_cast<int>(std::int64_t{width} * target_height / target_width);
  return {0, (height - kept) / 2, width, kept};
}

int choose_reduction(int width, int height, int target_width, int target_height, Fit fit) {
  int chosen = 1;
  for (int denominator : {2, 4, 8}) {
    // The region kept from the reduced image must still be at least the target size.
    const Rect region = fit_region(reduced_side(width, denominator), reduced_side(height, denominator),
                                   target_width, target_height, fit);
    if (region.width < target_width || region.height < target_height) break;
    chosen = denominator;
  }
  return chosen;
}

}  // namespace magritte::vision
