// The smoke test guarding promote, rollback and run: promote.smoke_images are predicted by
// THE version about to get the traffic (not by what serves now), through the same engine
// as `magritte predict`, and each top-1 label must be the one promote.smoke_labels expects
// (when labels are given; otherwise every image must merely be predicted). ml v1 asks the
// version's own URL; on Vertex AI the version answers through the endpoint where it holds
// a (canary) share, and only its answers count (predict/probe.hpp).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/backends/ml_backend.hpp"
#include "cli/context.hpp"

namespace magritte::cli {

struct SmokeResult {
  bool ran = false;                   // false: no promote.smoke_images configured
  std::vector<std::string> failures;  // "apple.jpg: expected apple, got banana (0.91)"
  nlohmann::json images = nlohmann::json::array();  // per image: image, label, score, expected, ok, error
  int requests = 0;                   // answered requests sent
  int answered_by_others = 0;         // Vertex: answers from other deployed models, not used
  bool ok() const { return failures.empty(); }
};

// True when promote.smoke_images names any image.
bool smoke_configured(Context& context);

// Throws Error(usage) when promote.smoke_labels does not match promote.smoke_images in
// length; Error(cloud_failed) when gcloud cannot be asked for the endpoint. Under --dry-run,
// prints the gcloud command and a note and returns an empty result. `state`: what serves
// now (Vertex: where the version's deployed model is and its share).
SmokeResult run_smoke_test(Context& context, MlBackend& backend, const ServingState& state, const std::string& version);

// Throws Error(refused) listing the failures (`changed`: what the caller has changed, for the message).
void require_smoke_pass(Context& context, const std::string& version, const SmokeResult& result,
                        const std::string& changed = "nothing was changed");

}  // namespace magritte::cli
