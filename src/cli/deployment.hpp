// Deploying a version, shared by deploy and run: create the model when absent, create the
// version (or find it already there with the same origin), and optionally wait until it
// is READY.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "cli/waiting.hpp"
#include "plan/ml_backend.hpp"

namespace magritte::cli {

struct Deployment {
  bool model_created = false;
  // "created", "unchanged" (READY with the same origin before we came), or "creating"
  // (exists with the same origin, not READY yet, not waited for).
  std::string version_status;
  std::string state;  // the version's state at the end ("" under --dry-run)
  std::chrono::seconds waited{0};
};

// `wait`: create with --async and follow the version to READY (Error(cloud_failed) with the
// version's error when it FAILED; timeout/interrupt errors say how to carry on). Without it,
// gcloud itself waits for the creation (the seed's way). A version that exists with another
// origin is Error(refused); one that FAILED is Error(cloud_failed).
Deployment deploy_version(Context& context, const plan::MlBackend& backend, bool wait, const WaitOptions& wait_options);

}  // namespace magritte::cli
