#include "test_images.hpp"

#include <cstdlib>

#include <jpeglib.h>
#include <opencv2/imgcodecs.hpp>
#include <png.h>

namespace magritte::vision::test {
namespace {

void put_be32(std::string& out, std::uint32_t v) {
  for (int shift : {24, 16, 8, 0}) out += static_cast<char>((v >> shift) & 0xFF);
}

void append_png_bytes(png_structp png, png_bytep data, std::size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

// A deterministic sample for (x, y, channel) in 0..max.
unsigned sample(int x, int y, int channel, unsigned max) {
  return static_cast<unsigned>((x * 7 + y * 13 + channel * 61 + (x * y) % 17) * 2654435761U % (max + 1));
}

}  // namespace

std::string png_with_layout(int width, int height, int color_type, int bit_depth, bool interlaced) {
  std::string out;
  // No setjmp: an error in libpng (a bad layout asked by a test) aborts the test program.
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  png_set_write_fn(png, &out, append_png_bytes, nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), bit_depth, color_type,
               interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  if (color_type == PNG_COLOR_TYPE_PALETTE) {
    std::vector<png_color> palette(256);
    std::vector<png_byte> alpha(256);
    for (int i = 0; i < 256; ++i) {
      palette[i] = {static_cast<png_byte>(i), static_cast<png_byte>(255 - i), static_cast<png_byte>(i * 3)};
      alpha[i] = static_cast<png_byte>(i);
    }
    png_set_PLTE(png, info, palette.data(), 1 << bit_depth);
    png_set_tRNS(png, info, alpha.data(), 1 << bit_depth, nullptr);
  }
  png_write_info(png, info);
  if (bit_depth == 16) png_set_swap(png);  // rows below are host (little-endian) 16-bit samples
  const int channels = png_get_channels(png, info);
  const unsigned max = (1U << bit_depth) - 1;
  const std::size_t row_bytes = png_get_rowbytes(png, info);
  std::vector<png_byte> row(row_bytes);
  const int passes = png_set_interlace_handling(png);
  for (int pass = 0; pass < passes; ++pass) {
    for (int y = 0; y < height; ++y) {
      std::fill(row.begin(), row.end(), 0);
      for (int x = 0; x < width; ++x) {
        for (int c = 0; c < channels; ++c) {
          const unsigned value = sample(x, y, c, max);
          const int index = x * channels + c;
          if (bit_depth == 16) {
            row[2 * index] = static_cast<png_byte>(value & 0xFF);
            row[2 * index + 1] = static_cast<png_byte>(value >> 8);
          } else if (bit_depth == 8) {
            row[index] = static_cast<png_byte>(value);
          } else {  // 1, 2, 4 bits: packed from the high bits of each byte
            const int bit = index * bit_depth;
            row[bit / 8] |= static_cast<png_byte>(value << (8 - bit_depth - bit % 8));
          }
        }
      }
      png_write_row(png, row.data());
    }
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

std::string cmyk_jpeg(int width, int height) {
  jpeg_compress_struct cinfo{};
  jpeg_error_mgr errors{};
  cinfo.err = jpeg_std_error(&errors);  // default error_exit: exit(), fine for a test's own image
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = static_cast<JDIMENSION>(width);
  cinfo.image_height = static_cast<JDIMENSION>(height);
  cinfo.input_components = 4;
  cinfo.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, 90, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  std::vector<JSAMPLE> row(static_cast<std::size_t>(width) * 4);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < 4; ++c) row[x * 4 + c] = static_cast<JSAMPLE>(sample(x, y, c, 255));
    }
    JSAMPROW rows[] = {row.data()};
    jpeg_write_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  std::string out(reinterpret_cast<const char*>(buffer), size);
  std::free(buffer);  // NOLINT(cppcoreguidelines-no-malloc): libjpeg malloc'ed it
  return out;
}

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
