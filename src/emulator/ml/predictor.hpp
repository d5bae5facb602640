// Online prediction on deployed versions: each ONNX version is loaded once (from the local
// copy made at deployment) through the vision module, then shared by concurrent requests.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "magritte/vision.hpp"
#include "emulator/ml/model_registry.hpp"

namespace magritte::emulator::ml {

class Predictor {
public:
  // `vision` null: vision::load() (dlopen of magritte-vision.so) on the first prediction, so
  // an emulator that never predicts never loads OpenCV.
  Predictor(std::filesystem::path served_root, const vision::Api* vision);

  std::filesystem::path directory_of(const std::string& project, const std::string& model,
                                     const std::string& version) const;
  // Drops the loaded model and the local copy (version deleted or redeployed).
  void forget(const std::string& project, const std::string& model, const std::string& version);

  // {"predictions": [{"<output_key>": [scores...]}, ...]}; throws ApiError.
  nlohmann::json predict(const ServingVersion& version, const nlohmann::json& instances);

private:
  struct Loaded {
    vision::Signature signature;
    std::unique_ptr<vision::Model> model;
  };
  std::shared_ptr<Loaded> load(const ServingVersion& version);
  const vision::Api& vision_api();

  std::filesystem::path served_root_;
  const vision::Api* vision_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Loaded>> loaded_;
};

}  // namespace magritte::emulator::ml
