#include "vision/scaling.hpp"

#include <gtest/gtest.h>

namespace magritte::vision {
namespace {

constexpr int kRedChannel = 0, kGreenChannel = 1, kBlueChannel = 2;

TEST(Scaling, PresetsGiveTheDocumentedValues) {
  EXPECT_FLOAT_EQ(scaled_value(200, kRedChannel, Scaling::raw), 200.0F);
  EXPECT_FLOAT_EQ(scaled_value(255, kRedChannel, Scaling::unit), 1.0F);
  EXPECT_FLOAT_EQ(scaled_value(51, kRedChannel, Scaling::unit), 0.2F);
  EXPECT_FLOAT_EQ(scaled_value(0, kRedChannel, Scaling::inception), -1.0F);
  EXPECT_FLOAT_EQ(scaled_value(255, kRedChannel, Scaling::inception), 1.0F);
  EXPECT_FLOAT_EQ(scaled_value(255, kRedChannel, Scaling::caffe), 255.0F - 123.68F);
  EXPECT_FLOAT_EQ(scaled_value(0, kGreenChannel, Scaling::caffe), -116.779F);
  EXPECT_FLOAT_EQ(scaled_value(0, kBlueChannel, Scaling::caffe), -103.939F);
}

TEST(Scaling, CaffeMeansFollowTheColourNotThePosition) {
  const std::uint8_t pixel[3] = {10, 20, 30};
  float rgb[3];
  float bgr[3];
  scale_pixels(pixel, 1, ColorOrder::rgb, Scaling::caffe, rgb);
  scale_pixels(pixel, 1, ColorOrder::bgr, Scaling::caffe, bgr);
  EXPECT_FLOAT_EQ(rgb[0], 10 - 123.68F);  // red first
  EXPECT_FLOAT_EQ(rgb[2], 30 - 103.939F);
  EXPECT_FLOAT_EQ(bgr[0], 10 - 103.939F);  // blue first (Keras caffe mode)
  EXPECT_FLOAT_EQ(bgr[2], 30 - 123.68F);
}

}  // namespace
}  // namespace magritte::vision
