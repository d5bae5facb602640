#include "vision/image_header.hpp"

#include <gtest/gtest.h>

#include "test_images.hpp"

namespace magritte::vision {
namespace {

using test::encode;
using test::solid;

HeaderResult sniff(const std::string& bytes) { return read_image_header(bytes); }

TEST(ImageHeader, ReadsJpegSizeFromFrameHeader) {
  const auto result = sniff(encode(solid(123, 45, {1, 2, 3}), ".jpg"));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.header.format, ImageFormat::jpeg);
  EXPECT_EQ(result.header.width, 123);
  EXPECT_EQ(result.header.height, 45);
  EXPECT_EQ(result.header.orientation, 1);
  EXPECT_GT(result.header.frame_offset, 2U);
}

TEST(ImageHeader, ReadsExifOrientationAndSwapsDisplayedSides) {
  const auto result = sniff(test::with_exif_orientation(encode(solid(100, 40, {}), ".jpg"), 6));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.header.orientation, 6);
  EXPECT_EQ(result.header.width, 100);
  EXPECT_EQ(result.header.oriented_width(), 40);
  EXPECT_EQ(result.header.oriented_height(), 100);
}

TEST(ImageHeader, ReadsOtherFormats) {
  for (const auto& [ext, format] : {std::pair{".png", ImageFormat::png}, {".bmp", ImageFormat::bmp},
                                    {".webp", ImageFormat::webp}, {".tiff", ImageFormat::tiff},
                                    {".ppm", ImageFormat::pnm}}) {
    const auto result = sniff(encode(solid(37, 21, {9, 9, 9}), ext));
    ASSERT_TRUE(result.ok) << ext << ": " << result.error;
    EXPECT_EQ(result.header.format, format) << ext;
    EXPECT_EQ(result.header.width, 37) << ext;
    EXPECT_EQ(result.header.height, 21) << ext;
  }
}

TEST(ImageHeader, HugePngHeaderIsReadWithoutPixels) {
  const auto result = sniff(test::png_header_only(30000, 30000));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.header.pixels(), 900'000'000);
}

TEST(ImageHeader, ExplainsWhatIsNotAnImage) {
  EXPECT_EQ(sniff("").error, "empty file (0 bytes)");
  EXPECT_EQ(sniff("hello, world\n").error,
            "not an image (unrecognised format; accepted: JPEG, PNG, BMP, WebP, TIFF, PNM)");
  EXPECT_EQ(sniff("GIF89a\x10\0\x10\0").error,
            "GIF is not supported (OpenCV cannot decode it); convert the image to PNG or JPEG");
}

TEST(ImageHeader, TruncatedHeadersAreErrors) {
  const std::string jpeg = encode(solid(64, 64, {}), ".jpg");
  EXPECT_EQ(sniff(jpeg.substr(0, 10)).error, "truncated JPEG header");
  EXPECT_EQ(sniff(test::png_header_only(10, 10).substr(0, 20)).error, "truncated PNG header");
  EXPECT_EQ(sniff("P6\n640").error, "truncated PNM header");
}

TEST(ImageHeader, ZeroSizeIsCorrupt) {
  EXPECT_EQ(sniff(test::png_header_only(0, 10)).error, "corrupt PNG header (size 0x10)");
}

TEST(ImageHeader, DescribesSizesInMegapixels) {
  EXPECT_EQ(describe_size(30000, 30000), "30000x30000 (900 MP)");
  EXPECT_EQ(describe_size(4000, 3000), "4000x3000 (12.0 MP)");
  EXPECT_EQ(describe_size(640, 480), "640x480 (0.3 MP)");
}

}  // namespace
}  // namespace magritte::vision
