#include "vision/geometry.hpp"

#include <gtest/gtest.h>

namespace magritte::vision {
namespace {

TEST(FitRegion, StretchKeepsEverything) {
  EXPECT_EQ(fit_region(400, 300, 299, 299, Fit::stretch), (Rect{0, 0, 400, 300}));
}

TEST(FitRegion, CenterCropKeepsTheCentralRegionWithTheTargetAspect) {
  EXPECT_EQ(fit_region(400, 300, 299, 299, Fit::center_crop), (Rect{50, 0, 300, 300}));
  EXPECT_EQ(fit_region(300, 400, 299, 299, Fit::center_crop), (Rect{0, 50, 300, 300}));
  EXPECT_EQ(fit_region(600, 300, 200, 100, Fit::center_crop), (Rect{0, 0, 600, 300}));
  EXPECT_EQ(fit_region(1000, 1000, 200, 100, Fit::center_crop), (Rect{0, 250, 1000, 500}));
}

TEST(ChooseReduction, PicksTheLargestThatStillCoversTheTarget) {
  EXPECT_EQ(choose_reduction(4000, 3000, 299, 299, Fit::stretch), 8);  // 500x375
  EXPECT_EQ(choose_reduction(2400, 1800, 299, 299, Fit::stretch), 4);  // 600x450; /8 = 225 rows
  EXPECT_EQ(choose_reduction(600, 600, 299, 299, Fit::stretch), 2);    // exactly 300
  EXPECT_EQ(choose_reduction(597, 597, 299, 299, Fit::stretch), 2);    // /2 rounds up to 299: enough
  EXPECT_EQ(choose_reduction(500, 500, 299, 299, Fit::stretch), 1);
  EXPECT_EQ(choose_reduction(200, 100, 299, 299, Fit::stretch), 1);    // smaller than the target
}

TEST(ChooseReduction, CenterCropLooksAtTheKeptRegion) {
  // A panorama: the crop keeps 1000x1000; /2 leaves 500x500, /4 250x250 < 299.
  EXPECT_EQ(choose_reduction(4000, 1000, 299, 299, Fit::center_crop), 2);
  // Wide target from a tall image: the crop keeps 1200x600 of 1200x2400; /4 = 300x150 >= 299x149.
  EXPECT_EQ(choose_reduction(1200, 2400, 299, 149, Fit::center_crop), 4);
}

TEST(ChooseReduction, UsesLibjpegRoundingUp) {
  EXPECT_EQ(reduced_side(1001, 2), 501);
  EXPECT_EQ(reduced_side(1001, 8), 126);
}

}  // namespace
}  // namespace magritte::vision
