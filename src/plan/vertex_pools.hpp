// AI Platform's training scale (train.scale_tier, the master/worker/parameter-server keys)
// as Vertex AI worker pools: pool 0 is the chief, pool 1 the workers, pool 2 the parameter
// servers (the order Vertex's TF_CONFIG/CLUSTER_SPEC gives them). docs/vertex.md has the
// table and why each tier maps where it does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "magritte/config.hpp"

namespace magritte::plan {

struct WorkerPool {
  std::string machine_type;               // n1-standard-4
  std::int64_t replica_count = 1;
  std::optional<std::string> accelerator;  // Vertex's enum spelling: NVIDIA_TESLA_T4
  std::int64_t accelerator_count = 0;
};

struct WorkerPools {
  std::vector<WorkerPool> pools;      // 1 to 3, in Vertex's order
  std::vector<std::string> notes;     // what was mapped to something else, and why
};

// Throws Error(usage) for a combination Vertex cannot run (parameter servers without
// workers: pool 1 would be empty).
WorkerPools worker_pools(const config::Settings& settings);

// "nvidia-tesla-t4" (AI Platform's and gcloud's lowercase choice) → "NVIDIA_TESLA_T4";
// K80s are gone from Vertex: T4 instead (the note says so).
std::string vertex_accelerator(const std::string& ai_platform_name, std::vector<std::string>* notes);

// AI Platform's legacy machine names (standard, complex_model_m, ...) → Compute Engine types.
std::string vertex_machine_type(const std::string& ai_platform_name);

}  // namespace magritte::plan
