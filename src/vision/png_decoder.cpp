#include "vision/png_decoder.hpp"

#include <cstring>
#include <string>

#include <png.h>

namespace magritte::vision {
namespace {

struct ReadJob {
  std::string_view bytes;
  std::size_t offset = 0;
  cv::Mat* bgr = nullptr;
  char error_text[128] = {};  // libpng's message, copied: its own buffer dies with the struct
  png_structp png = nullptr;
  png_infop info = nullptr;
};

void read_bytes(png_structp png, png_bytep data, std::size_t length) {
  auto* job = static_cast<ReadJob*>(png_get_io_ptr(png));
  if (length > job->bytes.size() - job->offset) png_error(png, "unexpected end of data");
  std::memcpy(data, job->bytes.data() + job->offset, length);
  job->offset += length;
}

// Called by png_error and libpng's own errors; must not return (png_longjmp does not).
[[noreturn]] void keep_message_and_jump(png_structp png, png_const_charp message) {
  auto* job = static_cast<ReadJob*>(png_get_error_ptr(png));
  std::strncpy(job->error_text, message, sizeof job->error_text - 1);
  png_longjmp(png, 1);
}

// Warnings ("iCCP: known incorrect sRGB profile") would go to stderr, which is predict's.
void stay_silent(png_structp /*png*/, png_const_charp /*message*/) {}

// Every libpng call of a decode happens here, and an error longjmps back here. Nothing in
// this frame has a destructor (the state lives in `job`, owned by the caller), so the jump
// skips only libpng's own C frames.
bool run_decode(ReadJob& job) {
  png_structp png = job.png;
  png_infop info = job.info;
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  png_set_read_fn(png, &job, read_bytes);
  png_read_info(png, info);
  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  const int bit_depth = png_get_bit_depth(png, info);
  const int color_type = png_get_color_type(png, info);
  // The calls OpenCV's PngDecoder makes for an 8-bit, 3-channel result.
  if (bit_depth == 16) png_set_strip_16(png);
  png_set_strip_alpha(png);
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if ((color_type & PNG_COLOR_MASK_COLOR) == 0 && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if ((color_type & PNG_COLOR_MASK_COLOR) != 0) {
    png_set_bgr(png);
  } else {
    png_set_gray_to_rgb(png);
  }
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  job.bgr->create(static_cast<int>(height), static_cast<int>(width), CV_8UC3);
  // Row by row, each pass over every row: libpng merges the passes of an interlaced image.
  for (int pass = 0; pass < passes; ++pass) {
    for (png_uint_32 y = 0; y < height; ++y) png_read_row(png, job.bgr->ptr<png_byte>(static_cast<int>(y)), nullptr);
  }
  png_read_end(png, nullptr);
  return true;
}

}  // namespace

Status decode_png(std::string_view bytes, cv::Mat& bgr) {
  ReadJob job;
  job.bytes = bytes;
  job.bgr = &bgr;
  job.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &job, keep_message_and_jump, stay_silent);
  if (job.png != nullptr) job.info = png_create_info_struct(job.png);
  struct Destroy {
    ReadJob& job;
    ~Destroy() { png_destroy_read_struct(&job.png, job.info ? &job.info : nullptr, nullptr); }
  } destroy{job};
  if (job.png == nullptr || job.info == nullptr) return {false, "cannot decode PNG: out of memory"};
  if (!run_decode(job)) {
    bgr.release();
    return {false, std::string("cannot decode PNG: ") + job.error_text};
  }
  return {};
}

}  // namespace magritte::vision
