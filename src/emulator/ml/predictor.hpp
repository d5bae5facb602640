// Online prediction on deployed models (ml v1 versions, Vertex model versions): each ONNX
// model is loaded once (from the local copy made at deployment) through the vision module,
// then shared by concurrent requests.
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

// One deployed model as the predictor sees it.
struct ServedModel {
  std::filesystem::path directory;  // the local copy: signature.json + its model file
  std::string description;          // in messages: "version v1 of model m"
  OriginKind kind = OriginKind::none;
};

class Predictor {
public:
  // `vision` null: vision::load() (dlopen of magritte-vision.so) on the first prediction, so
  // an emulator that never predicts never loads OpenCV.
  explicit Predictor(const vision::Api* vision);

  // Drops the loaded model and the local copy (deleted or redeployed).
  void forget(const std::filesystem::path& directory);

  // {"predictions": [{"<output_key>": [scores...]}, ...]}; throws ApiError.
  nlohmann::json predict(const ServedModel& served, const nlohmann::json& instances);

private:
  struct Loaded {
    vision::Signature signature;
    std::unique_ptr<vision::Model> model;
  };
  std::shared_ptr<Loaded> load(const ServedModel& served);
  const vision::Api& vision_api();

  const vision::Api* vision_;
  std::mutex mutex_;
  std::map<std::filesystem::path, std::shared_ptr<Loaded>> loaded_;  // by directory
};

}  // namespace magritte::emulator::ml
