// The smoke test guarding promote, rollback and run: promote.smoke_images are predicted by
// THE version about to become the default (not the current default), through the same
// engine as `magritte predict`, and each top-1 label must be the one promote.smoke_labels
// expects (when labels are given; otherwise every image must merely be predicted).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/context.hpp"

namespace magritte::cli {

struct SmokeResult {
  bool ran = false;                   // false: no promote.smoke_images configured
  std::vector<std::string> failures;  // "apple.jpg: expected apple, got banana (0.91)"
  nlohmann::json images = nlohmann::json::array();  // per image: image, label, score, expected, ok, error
  bool ok() const { return failures.empty(); }
};

// Throws Error(usage) when promote.smoke_labels does not match promote.smoke_images in
// length; Error(cloud_failed) when gcloud cannot be asked for the endpoint. Under --dry-run,
// prints the gcloud command and a note and returns an empty result.
SmokeResult run_smoke_test(Context& context, const std::string& version);

// Throws Error(refused) listing the failures (nothing has been changed yet).
void require_smoke_pass(Context& context, const std::string& version, const SmokeResult& result);

}  // namespace magritte::cli
