#include "vision/other_formats.hpp"

#include <string>
#include <type_traits>

#include <dlfcn.h>

// Only for cv::imdecode's declaration (the static_assert below): nothing here links imgcodecs.
#include <opencv2/imgcodecs.hpp>

namespace magritte::vision {
namespace {

using Imdecode = cv::Mat (*)(const cv::_InputArray&, int);
// The symbol is looked up by name: the header must agree on the type we call it with.
static_assert(std::is_same_v<decltype(static_cast<cv::Mat (*)(cv::InputArray, int)>(&cv::imdecode)), Imdecode>);

struct Imgcodecs {
  Imdecode imdecode = nullptr;
  std::string error;  // why it could not be loaded
};

Imgcodecs open_imgcodecs() {
  Imgcodecs result;
  void* library = dlopen(kImgcodecsSoname, RTLD_NOW | RTLD_LOCAL);  // kept for the process's life
  if (library == nullptr) {
    result.error = dlerror();
    return result;
  }
  void* symbol = dlsym(library, kImdecodeSymbol);
  if (symbol == nullptr) {
    result.error = std::string(kImgcodecsSoname) + " has no cv::imdecode(" + kImdecodeSymbol + ")";
    return result;
  }
  result.imdecode = reinterpret_cast<Imdecode>(symbol);  // NOLINT: dlsym's void* to a function
  return result;
}

const Imgcodecs& imgcodecs() {
  static const Imgcodecs loaded = open_imgcodecs();  // once, thread-safe
  return loaded;
}

}  // namespace

Status decode_other_format(std::string_view bytes, std::string_view kind, cv::Mat& bgr) {
  const Imgcodecs& codecs = imgcodecs();
  const std::string what(kind);
  if (codecs.imdecode == nullptr) {
    return {false, "cannot decode " + what + ": OpenCV's image codecs cannot be loaded (" + codecs.error + ")"};
  }
  try {
    // imdecode only reads the buffer; the const_cast is for Mat's constructor signature.
    const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8UC1,
                         const_cast<char*>(bytes.data()));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    bgr = codecs.imdecode(buffer, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    return {false, "cannot decode " + what + ": " + e.err};
  }
  if (bgr.empty()) return {false, "cannot decode " + what + " (corrupt or truncated data)"};
  return {};
}

}  // namespace magritte::vision
