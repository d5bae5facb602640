#include "predict/response.hpp"

#include <nlohmann/json.hpp>

#include "predict/retry.hpp"

namespace magritte::predict {
namespace {

using nlohmann::json;

constexpr const char* kOutputKey = "outputs";

// {"error": {"code": 400, "message": "...", "status": "INVALID_ARGUMENT"}} → "HTTP 400 INVALID_ARGUMENT: ..."
std::string http_error(const HttpResponse& response) {
  std::string message = describe_failure(response);
  const json body = json::parse(response.body, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    const json& error = body["error"];
    if (error.contains("status") && error["status"].is_string()) message += " " + error["status"].get<std::string>();
    if (error.contains("message") && error["message"].is_string()) message += ": " + error["message"].get<std::string>();
  } else if (!response.body.empty()) {
    message += ": " + response.body.substr(0, 300);
  }
  return message;
}

bool to_scores(const json& list, std::vector<double>& scores) {
  if (!list.is_array()) return false;
  scores.clear();
  scores.reserve(list.size());
  for (const json& value : list) {
    if (!value.is_number()) return false;
    scores.push_back(value.get<double>());
  }
  return true;
}

std::string read_prediction(const json& prediction, std::vector<double>& scores) {
  if (to_scores(prediction, scores)) return {};
  if (!prediction.is_object()) return "a prediction is neither a list of numbers nor an object";
  const json* value = nullptr;
  if (prediction.contains(kOutputKey)) {
    value = &prediction[kOutputKey];
  } else if (prediction.size() == 1) {
    value = &prediction.begin().value();
  } else {
    std::string keys;
    for (const auto& item : prediction.items()) keys += (keys.empty() ? "" : ", ") + item.key();
    return "a prediction has the keys " + keys + "; expected \"outputs\" or a single key";
  }
  if (!to_scores(*value, scores)) return "a prediction's scores are not a list of numbers";
  return {};
}

}  // namespace

ParsedPredictions parse_predictions(const HttpResponse& response, std::size_t instances) {
  ParsedPredictions parsed;
  if (response.status != 200) {
    parsed.error = http_error(response);
    return parsed;
  }
  const json body = json::parse(response.body, nullptr, false);
  if (body.is_discarded()) {
    parsed.error = describe_failure(response) + ": " + response.body.substr(0, 200);
    return parsed;
  }
  if (body.is_object() && body.contains("error")) {  // the service's 200 {"error": "Prediction failed: ..."}
    parsed.error = "prediction failed: " + (body["error"].is_string() ? body["error"].get<std::string>() : body["error"].dump());
    return parsed;
  }
  if (!body.is_object() || !body.contains("predictions") || !body["predictions"].is_array()) {
    parsed.error = "the response has no \"predictions\" list: " + response.body.substr(0, 200);
    return parsed;
  }
  if (body.contains("deployedModelId") && body["deployedModelId"].is_string()) {
    parsed.deployed_model_id = body["deployedModelId"].get<std::string>();
  }
  const json& predictions = body["predictions"];
  if (predictions.size() != instances) {
    parsed.error = "the response has " + std::to_string(predictions.size()) + " predictions for " +
                   std::to_string(instances) + " instances";
    return parsed;
  }
  parsed.scores.resize(instances);
  for (std::size_t i = 0; i < instances; ++i) {
    if (std::string error = read_prediction(predictions[i], parsed.scores[i]); !error.empty()) {
      parsed.error = std::move(error);
      parsed.scores.clear();
      return parsed;
    }
  }
  return parsed;
}

}  // namespace magritte::predict
