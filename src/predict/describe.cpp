#include "predict/describe.hpp"

#include <cstdio>

#include "predict/endpoint.hpp"

namespace magritte::predict {
namespace {

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string instance_shape(const PipelineOptions& options) {
  const std::string key = "\"" + options.input_key + "\"";
  switch (options.request_format) {
    case RequestFormat::seed: return "{" + key + ": \"<urlsafe base64 JPEG>\"}";
    case RequestFormat::b64: return "{" + key + ": {\"b64\": \"<base64 JPEG>\"}}";
    case RequestFormat::tensor: return "{" + key + ": [[[r, g, b], ...]]}";
  }
  return {};
}

}  // namespace

std::string request_format_name(RequestFormat format) {
  switch (format) {
    case RequestFormat::seed: return "seed";
    case RequestFormat::b64: return "b64";
    case RequestFormat::tensor: return "tensor";
  }
  return {};
}

std::vector<std::string> describe_plan(const PlanFacts& facts, const PipelineOptions& options) {
  const std::string project = facts.project.value_or("<gcloud core/project>");
  std::vector<std::string> lines;
  lines.push_back("the access token is asked only when gcloud's auth/disable_credentials is not true");
  lines.push_back("then, over HTTPS (libcurl, gcloud's proxy and CA file), without gcloud:");
  if (facts.endpoint) {
    const auto api = regional_aiplatform_endpoint(std::nullopt, facts.region, false);
    const auto host = regional_aiplatform_endpoint(std::nullopt, facts.region, true);
    lines.push_back("GET " + api + "v1/projects/" + project + "/locations/" + facts.region +
                    "/endpoints?filter=display_name=\"" + *facts.endpoint + "\"  (the model's endpoint)" +
                    (facts.version ? "; " + *facts.version + " must have all its traffic" : ""));
    lines.push_back("POST " + endpoint_predict_url(host, project, facts.region, "ENDPOINT_ID") +
                    "  (each request served by the deployed model the traffic split picks)");
    lines.push_back("  hosts: unless gcloud's api_endpoint_overrides/aiplatform is set (region prefixed to its host)");
  } else {
    const std::string endpoint = regional_ml_endpoint(std::nullopt, facts.region);
    lines.push_back("POST " + predict_url(endpoint, project, facts.model, facts.version) +
                    (facts.version ? "" : "  (the model's default version)"));
    lines.push_back("  host: " + endpoint + " unless gcloud's api_endpoint_overrides/ml is set (region prefixed to its host)");
  }
  lines.push_back("  " + std::to_string(facts.images) + " image(s)" +
                  (facts.skipped ? ", " + std::to_string(facts.skipped) + " non-image file(s) skipped" : "") + ", each " +
                  std::to_string(options.image.width) + "x" + std::to_string(options.image.height) +
                  (options.request_format == RequestFormat::tensor
                       ? " as a float tensor"
                       : " as JPEG quality " + std::to_string(options.image.jpeg_quality)));
  lines.push_back("  instances " + instance_shape(options) + " (request_format " +
                  request_format_name(options.request_format) + ")");
  lines.push_back("  batches of at most " + std::to_string(options.max_instances) + " instances and " +
                  std::to_string(options.max_request_bytes) + " bytes, " + std::to_string(options.in_flight) +
                  " in flight, " + std::to_string(options.retry.retries) + " retries on 429/5xx");
  lines.push_back("  top " + std::to_string(options.top) + " labels from " + facts.labels);
  return lines;
}

std::string describe_stats(const RunStats& stats) {
  std::string text = "predicted " + std::to_string(stats.predicted) + " of " + std::to_string(stats.images) +
                     " image(s) in " + std::to_string(stats.requests) + " request(s) (" + fixed(stats.seconds, 2) + " s";
  if (stats.seconds > 0) text += ", " + fixed(static_cast<double>(stats.predicted) / stats.seconds, 1) + " images/s";
  if (stats.sent_images > 0) {
    text += ", " + fixed(static_cast<double>(stats.body_bytes) / static_cast<double>(stats.sent_images) / 1024.0, 1) +
            " KB sent per image";
  }
  text += ")";
  if (stats.bad_inputs > 0) text += "; " + std::to_string(stats.bad_inputs) + " bad input(s)";
  if (stats.failed_requests > 0) text += "; " + std::to_string(stats.failed_requests) + " failed in requests";
  return text;
}

}  // namespace magritte::predict
