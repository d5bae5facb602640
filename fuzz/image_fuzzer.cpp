// libFuzzer target: predict's image path (header sniffing, pixel limit, reduced decoding,
// EXIF orientation, resize, JPEG/tensor encoding) on arbitrary bytes. OpenCV and its codecs
// are not instrumented (Debian's build): coverage guides through magritte's own code (the
// sniffer, the EXIF and TIFF readers, the decoding decisions), and ASan still catches what
// the codecs do to memory magritte handed them.
//
// The first input byte picks the options (fit, colour order, which outputs), the rest is
// the file. A finding is a crash or a sanitizer report; preprocess_image never throws.
// The pixel limit is lowered to 4 MP so that the fuzzer explores formats instead of
// spending seconds decoding one large valid image.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>

#include "vision/image_header.hpp"
#include "vision/preprocess.hpp"

namespace {

magritte::vision::PreprocessOptions options_from(std::uint8_t choice) {
  using namespace magritte::vision;
  PreprocessOptions options;
  options.width = 16 + (choice & 0x0F);
  options.height = 16 + ((choice >> 2) & 0x0F);
  options.fit = (choice & 0x10) ? Fit::center_crop : Fit::stretch;
  options.color_order = (choice & 0x20) ? ColorOrder::bgr : ColorOrder::rgb;
  options.want_tensor = (choice & 0x40) != 0;
  options.want_jpeg = !options.want_tensor || (choice & 0x80) != 0;
  options.scaling = static_cast<Scaling>(choice % 4);
  options.max_pixels = 4'000'000;
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
  cv::setNumThreads(1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto options = options_from(data[0]);
  const std::string_view file(reinterpret_cast<const char*>(data + 1), size - 1);

  const auto header = magritte::vision::read_image_header(file);
  if (header.ok && (header.header.width <= 0 || header.header.height <= 0)) std::abort();  // ok means a size

  const auto image = magritte::vision::preprocess_image(file, options);
  if (image.status.ok) {
    // A success must deliver what was asked, at the asked size.
    if (options.want_jpeg && image.jpeg.empty()) std::abort();
    const auto expected = static_cast<std::size_t>(options.width) * options.height * 3;
    if (options.want_tensor && image.tensor.size() != expected) std::abort();
  } else if (image.status.message.empty()) {
    std::abort();  // every refusal says why
  }
  return 0;
}
