// A vision::Api for predict's unit tests, without OpenCV: the "JPEG" sent is the file's
// bytes, and a file whose bytes start with "bad" is not an image.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "magritte/vision.hpp"

namespace magritte::testing {

class PassThroughVision : public vision::Api {
public:
  vision::PreprocessedImage preprocess(std::string_view bytes, const vision::PreprocessOptions&) const override {
    vision::PreprocessedImage image;
    if (bytes.substr(0, 3) == "bad") {
      image.status = {false, "not an image (test)"};
    } else {
      image.jpeg = std::string(bytes);
    }
    return image;
  }
  std::unique_ptr<vision::Model> load_model(const std::filesystem::path&, const vision::Signature&,
                                            vision::Status&) const override {
    return nullptr;
  }
  void set_num_threads(int) const override {}
};

}  // namespace magritte::testing
