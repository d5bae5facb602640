// Reading a prediction response: {"predictions": [...]}, one per instance; Vertex AI adds
// "deployedModelId", the deployed model that answered (the traffic split chose it).
#pragma once

#include <string>
#include <vector>

#include "predict/transport.hpp"

namespace magritte::predict {

struct ParsedPredictions {
  std::string error;                        // empty on success: the whole batch failed otherwise
  std::vector<std::vector<double>> scores;  // one score vector per instance, in order
  std::string deployed_model_id;            // Vertex AI: who answered ("" for ml v1)
};

// A prediction is a bare list of numbers, or an object whose "outputs" (the signature's
// output key) or only key holds that list. A count different from `instances` is an error,
// as is a non-200 status (with Google's error message) or the service's 200 {"error": ...}.
ParsedPredictions parse_predictions(const HttpResponse& response, std::size_t instances);

}  // namespace magritte::predict
