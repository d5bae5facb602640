#include "vision/preprocess.hpp"

#include <ctime>
#include <cstdio>

#include <opencv2/imgproc.hpp>

#include "vision/decode.hpp"
#include "vision/geometry.hpp"
#include "vision/image_header.hpp"
#include "vision/jpeg_codec.hpp"
#include "vision/scaling.hpp"

namespace magritte::vision {
namespace {

// Thread CPU time: a busy machine slows the wall clock, not the work done.
double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

Status check_options(const PreprocessOptions& options) {
  if (options.width <= 0 || options.height <= 0) {
    return {false, "invalid target size " + std::to_string(options.width) + "x" + std::to_string(options.height)};
  }
  if (!options.want_jpeg && !options.want_tensor) return {false, "nothing to produce (neither JPEG nor tensor)"};
  return {};
}

Status check_pixels(const ImageHeader& header, std::int64_t max_pixels) {
  if (header.pixels() <= max_pixels) return {};
  const double limit_mp = static_cast<double>(max_pixels) / 1e6;
  char limit[32];
  std::snprintf(limit, sizeof limit, limit_mp >= 10 ? "%.0f" : "%.1f", limit_mp);
  return {false, "image is " + describe_size(header.width, header.height) + ", above the limit of " + limit +
                     " MP (predict.max_pixels)"};
}

// Shrinking uses INTER_AREA (averages every source pixel: no aliasing); Keras'
// load_img(target_size) uses nearest neighbour, which drops most pixels of a large photo.
// Enlarging (a source smaller than the target) uses bilinear.
cv::Mat fit_to_target(const cv::Mat& image, const PreprocessOptions& options) {
  const Rect region = fit_region(image.cols, image.rows, options.width, options.height, options.fit);
  const cv::Mat kept = image(cv::Rect(region.x, region.y, region.width, region.height));
  if (kept.cols == options.width && kept.rows == options.height) return kept;
  const bool shrinking = kept.cols >= options.width && kept.rows >= options.height;
  cv::Mat resized;
  cv::resize(kept, resized, cv::Size(options.width, options.height), 0, 0,
             shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
  return resized;
}

Status encode_jpeg_for_server(const cv::Mat& bgr, const PreprocessOptions& options, std::string& jpeg) {
  // The server decodes to RGB. For a model that wants BGR, swap the channels first, so
  // that the server's "RGB" array holds B, G, R.
  cv::Mat pixels = bgr;
  if (options.color_order == ColorOrder::bgr) cv::cvtColor(bgr, pixels, cv::COLOR_BGR2RGB);
  return encode_jpeg(pixels, options.jpeg_quality, jpeg);
}

std::vector<float> to_tensor(const cv::Mat& bgr, const PreprocessOptions& options) {
  cv::Mat ordered = bgr;
  if (options.color_order == ColorOrder::rgb) cv::cvtColor(bgr, ordered, cv::COLOR_BGR2RGB);
  if (!ordered.isContinuous()) ordered = ordered.clone();
  std::vector<float> tensor(ordered.total() * 3);
  scale_pixels(ordered.ptr<std::uint8_t>(), ordered.total(), options.color_order, options.scaling, tensor.data());
  return tensor;
}

}  // namespace

PreprocessedImage preprocess_image(std::string_view file_bytes, const PreprocessOptions& options) {
  PreprocessedImage result;
  if (result.status = check_options(options); !result.status.ok) return result;
  double start = thread_cpu_ms();
  const HeaderResult header = read_image_header(file_bytes);
  if (!header.ok) {
    result.status = {false, header.error};
    return result;
  }
  result.source_width = header.header.width;
  result.source_height = header.header.height;
  if (result.status = check_pixels(header.header, options.max_pixels); !result.status.ok) return result;

  if (header.header.format == ImageFormat::jpeg) {
    result.reduction = choose_reduction(header.header.oriented_width(), header.header.oriented_height(),
                                        options.width, options.height, options.fit);
  }
  cv::Mat image;
  try {
    if (result.status = decode_bgr(file_bytes, header.header, result.reduction, image); !result.status.ok) {
      return result;
    }
    result.decoded_width = image.cols;
    result.decoded_height = image.rows;
    result.times.decode_ms = thread_cpu_ms() - start;

    start = thread_cpu_ms();
    const cv::Mat fitted = fit_to_target(image, options);
    result.times.resize_ms = thread_cpu_ms() - start;

    start = thread_cpu_ms();
    if (options.want_jpeg) {
      if (result.status = encode_jpeg_for_server(fitted, options, result.jpeg); !result.status.ok) return result;
    }
    if (options.want_tensor) result.tensor = to_tensor(fitted, options);
    result.times.encode_ms = thread_cpu_ms() - start;
  } catch (const cv::Exception& e) {
    result.status = {false, "image processing failed: " + e.err};
  } catch (const std::bad_alloc&) {
    result.status = {false, "out of memory while processing the image"};
  }
  return result;
}

}  // namespace magritte::vision
