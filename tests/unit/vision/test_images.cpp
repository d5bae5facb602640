#include "test_images.hpp"

#include <opencv2/imgcodecs.hpp>

namespace magritte::vision::test {
namespace {

void put_be32(std::string& out, std::uint32_t v) {
  for (int shift : {24, 16, 8, 0}) out += static_cast<char>((v >> shift) & 0xFF);
}

}  // namespace

std::string encode(const cv::Mat& bgr, const std::string& ext, int jpeg_quality) {
  std::vector<uchar> buffer;
  cv::imencode(ext, bgr, buffer, {cv::IMWRITE_JPEG_QUALITY, jpeg_quality});
  return {buffer.begin(), buffer.end()};
}

cv::Mat solid(int width, int height, cv::Scalar bgr) { return cv::Mat(height, width, CV_8UC3, bgr); }

cv::Mat bands(int width, int height, const std::vector<cv::Scalar>& bgr_colours) {
  cv::Mat image(height, width, CV_8UC3);
  const int band = width / static_cast<int>(bgr_colours.size());
  for (std::size_t i = 0; i < bgr_colours.size(); ++i) {
    image(cv::Rect(static_cast<int>(i) * band, 0, band, height)) = bgr_colours[i];
  }
  return image;
}

cv::Mat photo_like(int width, int height) {
  cv::Mat image(height, width, CV_8UC3);
  cv::RNG rng(42);
  for (int y = 0; y < height; ++y) {
    auto* row = image.ptr<cv::Vec3b>(y);
    for (int x = 0; x < width; ++x) {
      const int noise = rng.uniform(-12, 13);
      row[x] = cv::Vec3b(cv::saturate_cast<uchar>(255 * x / width + noise),
                         cv::saturate_cast<uchar>(255 * y / height + noise),
                         cv::saturate_cast<uchar>(128 + noise));
    }
  }
  return image;
}

std::string with_exif_orientation(const std::string& jpeg, int orientation) {
  // "Exif\0\0", then a little-endian TIFF header and an IFD0 with one SHORT entry (0x0112).
  std::string payload("Exif\0\0II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0", 24);
  payload += static_cast<char>(orientation);
  payload += std::string(3, '\0');  // rest of the value field
  payload += std::string(4, '\0');  // no next IFD
  const std::size_t length = payload.size() + 2;
  std::string app1 = "\xFF\xE1";
  app1 += static_cast<char>(length >> 8);
  app1 += static_cast<char>(length & 0xFF);
  return jpeg.substr(0, 2) + app1 + payload + jpeg.substr(2);
}

std::string png_header_only(std::uint32_t width, std::uint32_t height) {
  std::string png("\x89PNG\r\n\x1A\n", 8);
  put_be32(png, 13);
  png += "IHDR";
  put_be32(png, width);
  put_be32(png, height);
  png += std::string("\x08\x02\0\0\0", 5);  // 8-bit RGB, no interlace
  put_be32(png, 0);                          // CRC (not checked by the sniffer)
  return png;
}

}  // namespace magritte::vision::test
