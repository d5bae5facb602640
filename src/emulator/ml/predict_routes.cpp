// projects.predict on a model (its default version) or on a version.
#include "emulator/ml/api_error.hpp"
#include "emulator/ml/api_request.hpp"
#include "emulator/ml/ml_parts.hpp"

namespace magritte::emulator::ml {

namespace {

// The service's documented limit on an online prediction request (1.5 MB, counted in MiB).
constexpr std::size_t kMaxPredictBytes = 1'572'864;

Response predict(MlService::Parts& parts, Request& request, const std::string& version) {
  if (request.body.size() > kMaxPredictBytes) {
    throw invalid_argument("Request payload size exceeds the limit: 1572864 bytes.");
  }
  const auto body = json_body(request);
  const auto serving =
      parts.registry.serving_version(request.param("project"), request.param("model"), version);
  if (serving.state != "READY") {
    throw failed_precondition("Field: name Error: Online prediction is unavailable for this "
                              "version. Please verify that CreateVersion has completed "
                              "successfully (version " + serving.version + " is " +
                              serving.state + ").");
  }
  const ServedModel served{parts.served_directory(serving.project, serving.model, serving.version),
                           "version " + serving.version + " of model " + serving.model, serving.kind};
  const auto instances = body.value("instances", nlohmann::json());
  Response response = Response::json(200, parts.predictor.predict(served, instances));
  response.log_note = "version=" + serving.version +
                      " instances=" + std::to_string(instances.size());
  return response;
}

Response predict_default(MlService::Parts& parts, Request& request) {
  return predict(parts, request, "");
}

Response predict_version(MlService::Parts& parts, Request& request) {
  return predict(parts, request, request.param("version"));
}

}  // namespace

void add_predict_routes(Router& router, MlService::Parts& parts) {
  auto bind = [&parts](PartsHandler handler) { return bind_handler(parts, handler); };
  router.add("POST", "/v1/projects/{project}/models/{model}:predict", bind(predict_default));
  router.add("POST", "/v1/projects/{project}/models/{model}/versions/{version}:predict",
             bind(predict_version));
}

}  // namespace magritte::emulator::ml
