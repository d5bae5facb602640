#include "predict/probe.hpp"

#include <cmath>

#include "magritte/error.hpp"
#include "predict/image_job.hpp"
#include "predict/instances.hpp"
#include "predict/response.hpp"
#include "predict/retry.hpp"

namespace magritte::predict {
namespace {

ProbeResult probe_one(const std::string& image, const Labels& labels, const PipelineOptions& options,
                      const vision::Api& vision, Transport& transport, const ProbeRequest& request) {
  ProbeResult probe;
  probe.result.image = image;
  const InstanceJob job{&vision, &options.image, options.request_format, options.input_key, options.max_request_bytes};
  PreparedInstance prepared = prepare_instance(image, job);
  if (!prepared.instance) {
    probe.result.error = prepared.error;
    return probe;
  }
  const std::string body = make_body({*prepared.instance});
  for (int attempt = 0; attempt < std::max(1, request.attempts); ++attempt) {
    const SendResult sent = send_with_retry(transport, request.url, body, options.retry);
    const ParsedPredictions parsed = parse_predictions(sent.response, 1);
    ++probe.requests;
    if (!parsed.error.empty()) {
      probe.result.error = parsed.error;
      return probe;
    }
    if (request.answer_from && parsed.deployed_model_id != *request.answer_from) {
      ++probe.answered_by_others;
      continue;
    }
    Ranking ranking = rank(parsed.scores.front(), labels, options.top);
    if (!ranking.error.empty()) throw usage_error(ranking.error, "pass --labels FILE with the model's classes");
    probe.result.top = std::move(ranking.top);
    probe.answered_by = parsed.deployed_model_id;
    return probe;
  }
  probe.result.error = "deployed model " + request.answer_from.value_or("?") + " never answered (" +
                       std::to_string(probe.requests) + " requests, all served by others)";
  return probe;
}

}  // namespace

int attempts_for_share(int percent) {
  if (percent >= 100) return 1;
  if (percent <= 0) return 0;
  const double miss = 1.0 - percent / 100.0;
  return static_cast<int>(std::ceil(std::log(1e-6) / std::log(miss)));
}

std::vector<ProbeResult> probe_images(const std::vector<std::string>& images, const Labels& labels,
                                      const PipelineOptions& options, const vision::Api& vision, Transport& transport,
                                      const ProbeRequest& request) {
  std::vector<ProbeResult> results;
  results.reserve(images.size());
  for (const auto& image : images) results.push_back(probe_one(image, labels, options, vision, transport, request));
  return results;
}

}  // namespace magritte::predict
