#include "emulator/ml/predictor.hpp"

#include <charconv>
#include <system_error>

#include "emulator/state.hpp"
#include "magritte/error.hpp"
#include "emulator/ml/api_error.hpp"
#include "emulator/ml/instances.hpp"
#include "emulator/ml/signature.hpp"

namespace magritte::emulator::ml {

namespace {

// Scores as the shortest decimal that reads back as the same float ("0.25", not
// "0.25000000372529")—what a float32 model really produced.
double shortest(float value) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  double result = 0.0;
  std::from_chars(buffer, end, result);
  return result;
}

ApiError prediction_failed(std::size_t index, const std::string& message) {
  return invalid_argument("Prediction failed: instance " + std::to_string(index) + ": " + message);
}

}  // namespace

Predictor::Predictor(const vision::Api* vision) : vision_(vision) {}

void Predictor::forget(const std::filesystem::path& directory) {
  std::lock_guard lock(mutex_);
  loaded_.erase(directory);
  std::error_code ignored;
  std::filesystem::remove_all(directory, ignored);
}

const vision::Api& Predictor::vision_api() {
  if (vision_ == nullptr) {
    try {
      vision_ = &vision::load();
    } catch (const magritte::Error& error) {
      throw ApiError(500, "INTERNAL",
                     std::string("The emulator cannot run ONNX models: ") + error.what());
    }
  }
  return *vision_;
}

std::shared_ptr<Predictor::Loaded> Predictor::load(const ServedModel& served) {
  const auto& dir = served.directory;
  std::lock_guard lock(mutex_);
  if (auto found = loaded_.find(dir); found != loaded_.end()) return found->second;
  const auto text = read_file(dir / std::string(kSignatureFile));
  if (!text) {
    throw failed_precondition("Prediction failed: the deployed copy of " + served.description +
                              " is missing (" + dir.string() + "); deploy it again.");
  }
  auto loaded = std::make_shared<Loaded>();
  loaded->signature = parse_signature(*text).signature;
  vision::Status status;
  loaded->model = vision_api().load_model(dir, loaded->signature, status);
  if (!status.ok || !loaded->model) {
    throw failed_precondition("Prediction failed: the model of " + served.description +
                              " could not be loaded: " + status.message);
  }
  loaded_[dir] = loaded;
  return loaded;
}

nlohmann::json Predictor::predict(const ServedModel& served, const nlohmann::json& instances) {
  if (served.kind == OriginKind::saved_model) {
    throw failed_precondition(
        "Prediction failed: " + served.description +
        " holds a TensorFlow SavedModel, which the magritte emulator cannot execute. It serves "
        "ONNX models: export model.onnx with a signature.json (docs/model-signature.md) and "
        "deploy a new version from that directory.");
  }
  const auto loaded = load(served);
  const auto decoded = decode_instances(instances, loaded->signature);

  // One batch per kind, results put back in request order.
  std::vector<std::string> images;
  std::vector<std::vector<float>> tensors;
  std::vector<std::pair<bool, std::size_t>> slots;  // (is_image, index in its batch)
  for (const auto& instance : decoded) {
    if (const auto* image = std::get_if<std::string>(&instance)) {
      slots.emplace_back(true, images.size());
      images.push_back(*image);
    } else {
      slots.emplace_back(false, tensors.size());
      tensors.push_back(std::get<std::vector<float>>(instance));
    }
  }
  const auto image_results = images.empty() ? std::vector<vision::Prediction>{}
                                            : loaded->model->predict_images(images);
  const auto tensor_results = tensors.empty() ? std::vector<vision::Prediction>{}
                                              : loaded->model->predict_tensors(tensors);
  nlohmann::json predictions = nlohmann::json::array();
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const auto& results = slots[i].first ? image_results : tensor_results;
    if (slots[i].second >= results.size()) throw prediction_failed(i, "the model gave no output");
    const auto& result = results[slots[i].second];
    if (!result.status.ok) throw prediction_failed(i, result.status.message);
    nlohmann::json scores = nlohmann::json::array();
    for (float score : result.outputs) scores.push_back(shortest(score));
    predictions.push_back({{loaded->signature.output_key, std::move(scores)}});
  }
  return {{"predictions", std::move(predictions)}};
}

}  // namespace magritte::emulator::ml
