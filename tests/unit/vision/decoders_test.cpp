// magritte decodes JPEG and PNG with libjpeg-turbo and libpng itself (not imgcodecs, which is
// slow to load). These tests hold it to OpenCV's own cv::imdecode / cv::imencode: the same
// pixels for every layout we could make, the same JPEG bytes when encoding.
#include <dlfcn.h>
#include <png.h>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "test_images.hpp"
#include "vision/decode.hpp"
#include "vision/image_header.hpp"
#include "vision/jpeg_codec.hpp"
#include "vision/other_formats.hpp"
#include "vision/png_decoder.hpp"

namespace magritte::vision {
namespace {

cv::Mat opencv_decode(const std::string& bytes, int flags = cv::IMREAD_COLOR) {
  return cv::imdecode(std::vector<uchar>(bytes.begin(), bytes.end()), flags);
}

cv::Mat ours(const std::string& bytes, int reduction = 1) {
  const HeaderResult header = read_image_header(bytes);
  EXPECT_TRUE(header.ok) << header.error;
  cv::Mat image;
  const Status status = decode_bgr(bytes, header.header, reduction, image);
  EXPECT_TRUE(status.ok) << status.message;
  return image;
}

void expect_same_pixels(const cv::Mat& actual, const cv::Mat& expected) {
  ASSERT_FALSE(expected.empty());
  ASSERT_EQ(actual.type(), CV_8UC3);
  ASSERT_EQ(actual.size(), expected.size());
  EXPECT_EQ(cv::norm(actual, expected, cv::NORM_INF), 0.0);
}

int reduced_flag(int reduction) {
  switch (reduction) {
    case 2: return cv::IMREAD_REDUCED_COLOR_2;
    case 4: return cv::IMREAD_REDUCED_COLOR_4;
    case 8: return cv::IMREAD_REDUCED_COLOR_8;
    default: return cv::IMREAD_COLOR;
  }
}

TEST(JpegDecoding, MatchesOpenCvAtEveryReduction) {
  // Odd sizes: libjpeg rounds reduced sides up.
  const std::string jpeg = test::encode(test::photo_like(333, 251), ".jpg", 90);
  for (int reduction : {1, 2, 4, 8}) {
    SCOPED_TRACE(reduction);
    expect_same_pixels(ours(jpeg, reduction), opencv_decode(jpeg, reduced_flag(reduction)));
  }
}

TEST(JpegDecoding, MatchesOpenCvForGreyProgressiveAndCmyk) {
  cv::Mat grey;
  cv::extractChannel(test::photo_like(120, 80), grey, 1);
  std::vector<uchar> progressive;
  cv::imencode(".jpg", test::photo_like(120, 80), progressive, {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"greyscale", test::encode(grey, ".jpg")},
      {"progressive", std::string(progressive.begin(), progressive.end())},
      {"CMYK", test::cmyk_jpeg(64, 48)},
  };
  for (const auto& [name, bytes] : cases) {
    SCOPED_TRACE(name);
    for (int reduction : {1, 2}) expect_same_pixels(ours(bytes, reduction), opencv_decode(bytes, reduced_flag(reduction)));
  }
}

TEST(JpegDecoding, TurnsUprightForEveryExifOrientationAsOpenCvDoes) {
  for (const cv::Size size : {cv::Size(40, 24), cv::Size(32, 32)}) {  // transposing changes the shape or not
    const std::string jpeg = test::encode(test::photo_like(size.width, size.height), ".jpg", 95);
    for (int orientation = 1; orientation <= 8; ++orientation) {
      SCOPED_TRACE(std::to_string(size.width) + "x" + std::to_string(size.height) + ", orientation " +
                   std::to_string(orientation));
      const std::string oriented = test::with_exif_orientation(jpeg, orientation);
      expect_same_pixels(ours(oriented), opencv_decode(oriented));
      expect_same_pixels(ours(oriented, 2), opencv_decode(oriented, cv::IMREAD_REDUCED_COLOR_2));
    }
  }
}

TEST(JpegDecoding, ErrorsCarryLibjpegsWords) {
  std::string jpeg = test::encode(test::photo_like(64, 64), ".jpg");
  jpeg[jpeg.find("\xFF\xDB")+ 4] = 7;  // DQT table 7 does not exist
  cv::Mat image;
  const Status status = decode_jpeg(jpeg, 1, image);
  EXPECT_FALSE(status.ok);
  EXPECT_EQ(status.message.rfind("cannot decode JPEG: ", 0), 0U) << status.message;
  EXPECT_GT(status.message.size(), std::string("cannot decode JPEG: ").size());
  EXPECT_TRUE(image.empty());
}

TEST(JpegEncoding, GivesTheBytesOfOpenCvsEncoder) {
  const cv::Mat photo = test::photo_like(299, 299);
  const cv::Mat region = test::photo_like(500, 400)(cv::Rect(17, 9, 299, 299));  // rows not contiguous
  for (int quality : {30, 90, 95}) {
    SCOPED_TRACE(quality);
    for (const cv::Mat* image : {&photo, &region}) {
      std::string jpeg;
      ASSERT_TRUE(encode_jpeg(*image, quality, jpeg).ok);
      EXPECT_EQ(jpeg, test::encode(*image, ".jpg", quality));
    }
  }
}

TEST(JpegEncoding, RefusesWhatIsNotEightBitBgr) {
  std::string jpeg;
  const Status status = encode_jpeg(cv::Mat(4, 4, CV_8UC1, cv::Scalar(0)), 90, jpeg);
  EXPECT_FALSE(status.ok);
  EXPECT_EQ(status.message, "cannot encode JPEG: not an 8-bit BGR image");
}

TEST(PngDecoding, MatchesOpenCvForWhatItsEncoderMakes) {
  const cv::Mat photo = test::photo_like(75, 50);
  cv::Mat bgra, grey, deep, deep_grey;
  cv::cvtColor(photo, bgra, cv::COLOR_BGR2BGRA);
  cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
  photo.convertTo(deep, CV_16UC3, 257.3);
  grey.convertTo(deep_grey, CV_16UC1, 251.1);
  for (const auto& [name, image] : std::vector<std::pair<std::string, cv::Mat>>{
           {"BGR", photo}, {"BGRA", bgra}, {"grey", grey}, {"16-bit BGR", deep}, {"16-bit grey", deep_grey}}) {
    SCOPED_TRACE(name);
    const std::string png = test::encode(image, ".png");
    expect_same_pixels(ours(png), opencv_decode(png));
  }
}

TEST(PngDecoding, MatchesOpenCvForEveryColourTypeDepthAndInterlace) {
  struct Layout {
    int color_type;
    std::vector<int> depths;
  };
  const std::vector<Layout> layouts = {
      {PNG_COLOR_TYPE_GRAY, {1, 2, 4, 8, 16}},   {PNG_COLOR_TYPE_PALETTE, {1, 2, 4, 8}},
      {PNG_COLOR_TYPE_RGB, {8, 16}},             {PNG_COLOR_TYPE_GRAY_ALPHA, {8, 16}},
      {PNG_COLOR_TYPE_RGB_ALPHA, {8, 16}},
  };
  for (const auto& layout : layouts) {
    for (int depth : layout.depths) {
      for (bool interlaced : {false, true}) {
        SCOPED_TRACE("colour type " + std::to_string(layout.color_type) + ", " + std::to_string(depth) + " bits" +
                     (interlaced ? ", interlaced" : ""));
        const std::string png = test::png_with_layout(37, 23, layout.color_type, depth, interlaced);
        expect_same_pixels(ours(png), opencv_decode(png));
      }
    }
  }
}

TEST(PngDecoding, ErrorsCarryLibpngsWords) {
  std::string png = test::encode(test::photo_like(64, 64), ".png");
  png[png.find("IDAT") + 6] ^= 0x55;  // damage the compressed data, not the CRC's coverage check alone
  cv::Mat image;
  const Status status = decode_png(png, image);
  EXPECT_FALSE(status.ok);
  EXPECT_EQ(status.message.rfind("cannot decode PNG: ", 0), 0U) << status.message;
  EXPECT_GT(status.message.size(), std::string("cannot decode PNG: ").size());
}

TEST(OtherFormats, AreDecodedByOpenCvLoadedOnDemand) {
  const cv::Mat photo = test::photo_like(45, 30);
  for (const char* ext : {".bmp", ".tiff", ".ppm", ".webp"}) {
    SCOPED_TRACE(ext);
    const std::string bytes = test::encode(photo, ext);
    expect_same_pixels(ours(bytes), opencv_decode(bytes));
  }
}

TEST(OtherFormats, LooksUpCvImdecodeItself) {
  // This test program links imgcodecs, so the soname is loaded and the symbol is the one
  // the compiler calls: a renamed library or a changed signature fails here, not in use.
  void* library = dlopen(kImgcodecsSoname, RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(library, nullptr) << kImgcodecsSoname;
  using Imdecode = cv::Mat (*)(cv::InputArray, int);
  EXPECT_EQ(dlsym(library, kImdecodeSymbol), reinterpret_cast<void*>(static_cast<Imdecode>(&cv::imdecode)));
  dlclose(library);
}

TEST(OtherFormats, CorruptDataIsAStatus) {
  std::string bmp = test::encode(test::photo_like(8, 8), ".bmp");
  bmp.resize(40);  // header says 8x8, pixels missing
  cv::Mat image;
  const Status status = decode_other_format(bmp, "BMP", image);
  EXPECT_FALSE(status.ok);
  EXPECT_EQ(status.message, "cannot decode BMP (corrupt or truncated data)");
}

}  // namespace
}  // namespace magritte::vision
