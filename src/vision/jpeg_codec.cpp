#include "vision/jpeg_codec.hpp"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>

#include <jpeglib.h>

#ifndef JCS_EXTENSIONS
#error "libjpeg-turbo's colour space extensions (JCS_EXT_BGR) are needed: install libjpeg62-turbo-dev"
#endif

namespace magritte::vision {
namespace {

// libjpeg reports errors through error_exit, which must not return: it longjmps back to
// the one function that called into libjpeg, with libjpeg's message kept here.
struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void jump_back(j_common_ptr cinfo) {
  auto* errors = reinterpret_cast<ErrorManager*>(cinfo->err);  // NOLINT: pub is the first member
  (*cinfo->err->format_message)(cinfo, errors->message);
  std::longjmp(errors->jump, 1);
}

// Warnings (e.g. "Corrupt JPEG data: 3 extraneous bytes") would go to stderr: predict's
// stderr is for its own messages; OpenCV ignores them as well.
void stay_silent(j_common_ptr /*cinfo*/) {}

void use_error_manager(jpeg_error_mgr& pub) {
  jpeg_std_error(&pub);
  pub.error_exit = jump_back;
  pub.output_message = stay_silent;
}

// Adobe's inverted CMYK to BGR, the arithmetic OpenCV uses (so both decoders agree).
void cmyk_row_to_bgr(const JSAMPLE* cmyk, int width, std::uint8_t* bgr) {
  for (int x = 0; x < width; ++x, cmyk += 4, bgr += 3) {
    const int k = cmyk[3];
    bgr[0] = static_cast<std::uint8_t>(k - ((255 - cmyk[2]) * k >> 8));
    bgr[1] = static_cast<std::uint8_t>(k - ((255 - cmyk[1]) * k >> 8));
    bgr[2] = static_cast<std::uint8_t>(k - ((255 - cmyk[0]) * k >> 8));
  }
}

struct DecodeJob {
  std::string_view bytes;
  int reduction = 1;
  cv::Mat* bgr = nullptr;
  ErrorManager errors{};
  jpeg_decompress_struct cinfo{};  // zeroed: jpeg_destroy_decompress is safe even if never created
};

// Every libjpeg call of a decode happens here, and an error longjmps back here. Nothing in
// this frame has a destructor (the state lives in `job`, owned by the caller), so the jump
// skips only libjpeg's own C frames. cv::Mat::create may throw std::bad_alloc: an ordinary
// exception out of ordinary C++ frames.
bool run_decode(DecodeJob& job) {
  if (setjmp(job.errors.jump) != 0) return false;
  jpeg_decompress_struct& cinfo = job.cinfo;
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(job.bytes.data()),
               static_cast<unsigned long>(job.bytes.size()));
  jpeg_read_header(&cinfo, TRUE);
  cinfo.scale_num = 1;
  cinfo.scale_denom = static_cast<unsigned int>(job.reduction);
  // libjpeg-turbo writes BGR itself (greyscale expanded); it cannot convert CMYK to RGB.
  const bool cmyk = cinfo.num_components == 4;
  cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_BGR;
  jpeg_start_decompress(&cinfo);
  job.bgr->create(static_cast<int>(cinfo.output_height), static_cast<int>(cinfo.output_width), CV_8UC3);
  // Freed with the decompressor (libjpeg's image pool).
  JSAMPARRAY cmyk_row =
      cmyk ? (*cinfo.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&cinfo), JPOOL_IMAGE, cinfo.output_width * 4, 1)
           : nullptr;
  while (cinfo.output_scanline < cinfo.output_height) {
    auto* row = job.bgr->ptr<std::uint8_t>(static_cast<int>(cinfo.output_scanline));
    JSAMPROW direct[] = {row};
    // With the whole file in memory libjpeg never suspends: no row means it gave up.
    if (jpeg_read_scanlines(&cinfo, cmyk ? cmyk_row : direct, 1) != 1) {
      std::snprintf(job.errors.message, sizeof job.errors.message, "no data for row %u", cinfo.output_scanline);
      return false;
    }
    if (cmyk) cmyk_row_to_bgr(cmyk_row[0], static_cast<int>(cinfo.output_width), row);
  }
  jpeg_finish_decompress(&cinfo);
  return true;
}

struct EncodeJob {
  const cv::Mat* bgr = nullptr;
  int quality = 90;
  ErrorManager errors{};
  jpeg_compress_struct cinfo{};
  unsigned char* buffer = nullptr;  // malloc'ed by jpeg_mem_dest; the caller frees it
  unsigned long size = 0;
};

// As run_decode: every libjpeg call of an encode, and the only frame an error jumps to.
bool run_encode(EncodeJob& job) {
  if (setjmp(job.errors.jump) != 0) return false;
  jpeg_compress_struct& cinfo = job.cinfo;
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &job.buffer, &job.size);
  cinfo.image_width = static_cast<JDIMENSION>(job.bgr->cols);
  cinfo.image_height = static_cast<JDIMENSION>(job.bgr->rows);
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_EXT_BGR;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, job.quality, TRUE);  // TRUE: baseline tables, as OpenCV asks
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    // libjpeg only reads the row; its API is not const-correct.
    JSAMPROW rows[] = {const_cast<JSAMPLE*>(job.bgr->ptr<JSAMPLE>(static_cast<int>(cinfo.next_scanline)))};  // NOLINT
    jpeg_write_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_compress(&cinfo);
  return true;
}

}  // namespace

Status decode_jpeg(std::string_view bytes, int reduction, cv::Mat& bgr) {
  DecodeJob job;
  job.bytes = bytes;
  job.reduction = reduction;
  job.bgr = &bgr;
  job.cinfo.err = &job.errors.pub;
  use_error_manager(job.errors.pub);
  struct Destroy {
    jpeg_decompress_struct& cinfo;
    ~Destroy() { jpeg_destroy_decompress(&cinfo); }
  } destroy{job.cinfo};
  if (!run_decode(job)) {
    bgr.release();
    return {false, std::string("cannot decode JPEG: ") + job.errors.message};
  }
  return {};
}

Status encode_jpeg(const cv::Mat& bgr, int quality, std::string& out) {
  if (bgr.type() != CV_8UC3 || bgr.empty()) return {false, "cannot encode JPEG: not an 8-bit BGR image"};
  EncodeJob job;
  job.bgr = &bgr;
  job.quality = std::clamp(quality, 0, 100);
  job.cinfo.err = &job.errors.pub;
  use_error_manager(job.errors.pub);
  struct Release {
    EncodeJob& job;
    ~Release() {
      jpeg_destroy_compress(&job.cinfo);
      std::free(job.buffer);  // NOLINT(cppcoreguidelines-no-malloc): libjpeg malloc'ed it
    }
  } release{job};
  if (!run_encode(job)) return {false, std::string("cannot encode JPEG: ") + job.errors.message};
  out.assign(reinterpret_cast<const char*>(job.buffer), job.size);
  return {};
}

}  // namespace magritte::vision
