// magritte-vision.so: the Api implementation and its one exported entry point.
#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>

#include "magritte/vision.hpp"
#include "vision/onnx_model.hpp"
#include "vision/preprocess.hpp"

namespace magritte::vision {
namespace {

class OpenCvApi : public Api {
public:
  OpenCvApi() {
    // Failures come back as Status messages; OpenCV's own log lines would only repeat
    // them on stderr in a different voice.
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
  }

  PreprocessedImage preprocess(std::string_view file_bytes, const PreprocessOptions& options) const override {
    return preprocess_image(file_bytes, options);
  }

  std::unique_ptr<Model> load_model(const std::filesystem::path& model_dir, const Signature& signature,
                                    Status& status) const override {
    return load_onnx_model(model_dir, signature, status);
  }

  void set_num_threads(int threads) const override { cv::setNumThreads(threads); }
};

}  // namespace
}  // namespace magritte::vision

extern "C" __attribute__((visibility("default"))) const magritte::vision::Api* magritte_vision_api(int abi_version) {
  if (abi_version != magritte::vision::kAbiVersion) return nullptr;
  static const magritte::vision::OpenCvApi api;
  return &api;
}
