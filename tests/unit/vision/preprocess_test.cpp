#include "vision/preprocess.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "test_images.hpp"

namespace magritte::vision {
namespace {

using test::encode;

const cv::Scalar kRed{0, 0, 255};  // BGR
const cv::Scalar kGreen{0, 255, 0};
const cv::Scalar kBlue{255, 0, 0};

PreprocessOptions tensor_options(int width, int height, ColorOrder order = ColorOrder::rgb) {
  PreprocessOptions options;
  options.width = width;
  options.height = height;
  options.color_order = order;
  options.want_jpeg = false;
  options.want_tensor = true;
  options.scaling = Scaling::raw;
  return options;
}

std::vector<float> pixel(const PreprocessedImage& image, int x, int y, int width) {
  const auto* p = image.tensor.data() + (static_cast<std::size_t>(y) * width + x) * 3;
  return {p[0], p[1], p[2]};
}

TEST(Preprocess, StretchGivesExactPixelsInTheModelColourOrder) {
  const std::string png = encode(test::bands(4, 2, {kRed, kBlue}), ".png");
  const auto rgb = preprocess_image(png, tensor_options(2, 1));
  ASSERT_TRUE(rgb.status.ok) << rgb.status.message;
  EXPECT_EQ(rgb.tensor, (std::vector<float>{255, 0, 0, 0, 0, 255}));
  const auto bgr = preprocess_image(png, tensor_options(2, 1, ColorOrder::bgr));
  EXPECT_EQ(bgr.tensor, (std::vector<float>{0, 0, 255, 255, 0, 0}));
}

TEST(Preprocess, ShrinkingAveragesEverySourcePixel) {
  // 0/255 columns averaged two by two: INTER_AREA gives 127.5 rounded; nearest would give 0 or 255.
  cv::Mat stripes(2, 4, CV_8UC3, cv::Scalar(0, 0, 0));
  stripes.col(1) = cv::Scalar(255, 255, 255);
  stripes.col(3) = cv::Scalar(255, 255, 255);
  const auto result = preprocess_image(encode(stripes, ".png"), tensor_options(2, 1));
  ASSERT_TRUE(result.status.ok) << result.status.message;
  EXPECT_EQ(result.tensor, (std::vector<float>{128, 128, 128, 128, 128, 128}));
}

TEST(Preprocess, CenterCropKeepsTheMiddle) {
  auto options = tensor_options(1, 1);
  options.fit = Fit::center_crop;
  const auto result = preprocess_image(encode(test::bands(6, 2, {kGreen, kRed, kBlue}), ".png"), options);
  ASSERT_TRUE(result.status.ok) << result.status.message;
  EXPECT_EQ(result.tensor, (std::vector<float>{255, 0, 0}));
}

TEST(Preprocess, EnlargesSmallImages) {
  const auto result = preprocess_image(encode(test::solid(3, 2, kGreen), ".png"), tensor_options(30, 20));
  ASSERT_TRUE(result.status.ok) << result.status.message;
  EXPECT_EQ(result.tensor.size(), 30U * 20 * 3);
  EXPECT_EQ(pixel(result, 29, 19, 30), (std::vector<float>{0, 255, 0}));
}

TEST(Preprocess, TensorScalingPresetIsApplied) {
  auto options = tensor_options(1, 1);
  options.scaling = Scaling::inception;
  const auto result = preprocess_image(encode(test::solid(2, 2, kRed), ".png"), options);
  EXPECT_EQ(result.tensor, (std::vector<float>{1, -1, -1}));
}

TEST(Preprocess, EncodesASmallJpegOfTheTargetSize) {
  PreprocessOptions options;  // 299x299, JPEG quality 90
  const auto result = preprocess_image(encode(test::photo_like(1600, 1200), ".jpg"), options);
  ASSERT_TRUE(result.status.ok) << result.status.message;
  EXPECT_GT(result.jpeg.size(), 2'000U);
  EXPECT_LT(result.jpeg.size(), 40'000U);
  const cv::Mat decoded = cv::imdecode(std::vector<uchar>(result.jpeg.begin(), result.jpeg.end()), cv::IMREAD_COLOR);
  EXPECT_EQ(decoded.cols, 299);
  EXPECT_EQ(decoded.rows, 299);
  EXPECT_EQ(result.source_width, 1600);
  EXPECT_EQ(result.source_height, 1200);
}

TEST(Preprocess, JpegQualityChangesTheSize) {
  PreprocessOptions low;
  low.jpeg_quality = 30;
  PreprocessOptions high;
  high.jpeg_quality = 95;
  const std::string photo = encode(test::photo_like(800, 600), ".jpg");
  EXPECT_LT(preprocess_image(photo, low).jpeg.size(), preprocess_image(photo, high).jpeg.size());
}

TEST(Preprocess, BgrJpegSwapsChannelsForTheServer) {
  PreprocessOptions options;
  options.width = options.height = 8;
  options.color_order = ColorOrder::bgr;
  const auto result = preprocess_image(encode(test::solid(16, 16, kRed), ".png"), options);
  const cv::Mat decoded = cv::imdecode(std::vector<uchar>(result.jpeg.begin(), result.jpeg.end()), cv::IMREAD_COLOR);
  const auto centre = decoded.at<cv::Vec3b>(4, 4);  // BGR as stored: red now reads as blue
  EXPECT_GT(centre[0], 240);
  EXPECT_LT(centre[2], 15);
}

TEST(Preprocess, LargeJpegIsDecodedAtReducedScale) {
  PreprocessOptions options;
  const auto jpeg = preprocess_image(encode(test::photo_like(2400, 1800), ".jpg"), options);
  ASSERT_TRUE(jpeg.status.ok) << jpeg.status.message;
  EXPECT_EQ(jpeg.reduction, 4);
  EXPECT_EQ(jpeg.decoded_width, 600);
  EXPECT_EQ(jpeg.decoded_height, 450);
  const auto png = preprocess_image(encode(test::photo_like(2400, 1800), ".png"), options);
  EXPECT_EQ(png.reduction, 1);  // only libjpeg can shrink while decoding
  EXPECT_EQ(png.decoded_width, 2400);
}

TEST(Preprocess, RespectsExifOrientation) {
  // Stored 100x40, red left half, blue right half; orientation 6 = rotate 90 degrees clockwise
  // to display: upright it is 40x100 with red on top.
  const std::string jpeg = test::with_exif_orientation(encode(test::bands(100, 40, {kRed, kBlue}), ".jpg"), 6);
  const auto result = preprocess_image(jpeg, tensor_options(40, 100));
  ASSERT_TRUE(result.status.ok) << result.status.message;
  EXPECT_EQ(result.decoded_width, 40);
  EXPECT_EQ(result.decoded_height, 100);
  const auto top = pixel(result, 20, 10, 40);
  const auto bottom = pixel(result, 20, 90, 40);
  EXPECT_GT(top[0], 200);  // red
  EXPECT_LT(top[2], 60);
  EXPECT_GT(bottom[2], 200);  // blue
  EXPECT_LT(bottom[0], 60);
}

TEST(Preprocess, RefusesHugeImagesBeforeDecoding) {
  const auto result = preprocess_image(test::png_header_only(30000, 30000), PreprocessOptions{});
  EXPECT_FALSE(result.status.ok);
  EXPECT_EQ(result.status.message, "image is 30000x30000 (900 MP), above the limit of 100 MP (predict.max_pixels)");
  EXPECT_EQ(result.source_width, 30000);
}

TEST(Preprocess, MaxPixelsIsConfigurable) {
  PreprocessOptions options;
  options.max_pixels = 1'000'000;
  const auto result = preprocess_image(encode(test::solid(1500, 1000, kRed), ".png"), options);
  EXPECT_EQ(result.status.message, "image is 1500x1000 (1.5 MP), above the limit of 1.0 MP (predict.max_pixels)");
}

TEST(Preprocess, BadFilesGiveClearErrorsNotCrashes) {
  const std::string jpeg = encode(test::photo_like(300, 200), ".jpg");
  const std::string png = encode(test::photo_like(300, 200), ".png");
  std::string corrupt_png = png;
  for (std::size_t i = 60; i < corrupt_png.size() - 20; i += 7) corrupt_png[i] = static_cast<char>(~corrupt_png[i]);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "empty file (0 bytes)"},
      {"%PDF-1.4 not an image", "not an image (unrecognised format; accepted: JPEG, PNG, BMP, WebP, TIFF, PNM)"},
      {jpeg.substr(0, jpeg.size() / 2), "truncated JPEG (no end-of-image marker)"},
      {png.substr(0, png.size() / 2), "truncated PNG (no IEND chunk)"},
      {corrupt_png, "cannot decode PNG: IDAT: invalid bit length repeat"},  // libpng's (zlib's) words
      {jpeg.substr(0, 12), "truncated JPEG header"},
  };
  for (const auto& [bytes, message] : cases) {
    const auto result = preprocess_image(bytes, PreprocessOptions{});
    EXPECT_FALSE(result.status.ok);
    EXPECT_EQ(result.status.message, message);
    EXPECT_TRUE(result.jpeg.empty());
  }
}

TEST(Preprocess, RecordsWhereTheTimeWent) {
  const auto result = preprocess_image(encode(test::photo_like(1200, 900), ".jpg"), PreprocessOptions{});
  EXPECT_GT(result.times.decode_ms, 0.0);
  EXPECT_GT(result.times.resize_ms, 0.0);
  EXPECT_GT(result.times.encode_ms, 0.0);
}

}  // namespace
}  // namespace magritte::vision
