// Asking one particular model behind an endpoint: each image alone, one request at a time,
// sent again until the wanted deployed model answers. On Vertex AI a request goes where the
// traffic split sends it, so a version carrying 10 % answers about one request in ten; the
// answers of the others are counted, never used. What the smoke test of promote runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "predict/labels.hpp"
#include "predict/output.hpp"
#include "predict/pipeline.hpp"
#include "predict/transport.hpp"

namespace magritte::predict {

struct ProbeRequest {
  std::string url;
  std::optional<std::string> answer_from;  // the deployed model id that must answer; nullopt: any
  int attempts = 1;                        // requests per image at most (retries of failures aside)
};

struct ProbeResult {
  ImageResult result;          // top labels, or the error
  int requests = 0;            // answered requests sent for this image
  int answered_by_others = 0;  // answers from other deployed models (not used)
  std::string answered_by;     // the deployed model whose answer was used ("" for ml v1)
};

// Requests sent for a share of `percent` %, so that the wanted model is missed by all of
// them with a probability under one in a million: 1 at 100 %, 132 at 10 %, 1375 at 1 %.
int attempts_for_share(int percent);

// The images in order; a bad input or a failed request is that image's error. Throws only
// when the scores do not match the labels (Error(usage)): that concerns every image.
std::vector<ProbeResult> probe_images(const std::vector<std::string>& images, const Labels& labels,
                                      const PipelineOptions& options, const vision::Api& vision, Transport& transport,
                                      const ProbeRequest& request);

}  // namespace magritte::predict
