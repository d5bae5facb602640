// Cheap read-only commands that tell whether a machine can run the loop (`magritte doctor`),
// and the commands it suggests as fixes (creating a bucket: plan/storage.hpp). The ML
// services' list calls are next to their other commands (AiPlatformCommands::list_models,
// VertexCommands::list_models).
#pragma once

#include <string>

#include "magritte/command.hpp"

namespace magritte::plan {

// `gcloud version --format=json`: the SDK's and every component's version (gsutil among
// them) in one process.
Command gcloud_version();

// `gcloud storage buckets describe gs://B --format=json`: exists and readable, or 404/403.
Command describe_bucket(const std::string& bucket);

// `gsutil ls -b gs://B`: the bucket itself through gsutil (its own boto config and TLS).
Command gsutil_list_bucket(const std::string& bucket);

}  // namespace magritte::plan
