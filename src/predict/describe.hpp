// Human descriptions of a predict run: the request plan (--dry-run) and the summary.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "predict/pipeline.hpp"

namespace magritte::predict {

struct PlanFacts {
  std::size_t images = 0;
  std::size_t skipped = 0;
  std::string region;
  std::optional<std::string> project;  // project.id, when set (else gcloud's core/project)
  std::string model;
  std::optional<std::string> version;  // --version; else the model's default version
  std::string labels;                  // labels source
  std::optional<std::string> endpoint;  // Vertex AI: the endpoint's display name (deploy.endpoint)
};

// The lines --dry-run prints after the gcloud commands (as "# " comments).
std::vector<std::string> describe_plan(const PlanFacts& facts, const PipelineOptions& options);

// "predicted 198 of 200 images in 5 requests (4.1 s, 48.3 images/s, 29.8 KB sent per image); 2 failed"
std::string describe_stats(const RunStats& stats);

std::string request_format_name(RequestFormat format);

}  // namespace magritte::predict
