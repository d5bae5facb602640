#include "plan/vertex_pools.hpp"

#include <cctype>
#include <map>

#include "magritte/error.hpp"

namespace magritte::plan {
namespace {

// AI Platform's legacy machine names and the Compute Engine types they stood for (the
// service's "legacy machine types" table); GPU ones carried their accelerator with them.
struct LegacyMachine {
  const char* machine_type;
  const char* accelerator;  // AI Platform's spelling, or nullptr
  int accelerator_count;
};
const std::map<std::string, LegacyMachine>& legacy_machines() {
  static const std::map<std::string, LegacyMachine> table = {
      {"standard", {"n1-standard-4", nullptr, 0}},
      {"large_model", {"n1-highmem-8", nullptr, 0}},
      {"complex_model_s", {"n1-highcpu-8", nullptr, 0}},
      {"complex_model_m", {"n1-highcpu-16", nullptr, 0}},
      {"complex_model_l", {"n1-highcpu-32", nullptr, 0}},
      {"standard_gpu", {"n1-standard-8", "nvidia-tesla-k80", 1}},
      {"complex_model_m_gpu", {"n1-standard-16", "nvidia-tesla-k80", 4}},
      {"complex_model_l_gpu", {"n1-standard-32", "nvidia-tesla-k80", 8}},
      {"standard_p100", {"n1-standard-8", "nvidia-tesla-p100", 1}},
      {"complex_model_m_p100", {"n1-standard-16", "nvidia-tesla-p100", 4}},
      {"standard_v100", {"n1-standard-8", "nvidia-tesla-v100", 1}},
      {"large_model_v100", {"n1-highmem-8", "nvidia-tesla-v100", 1}},
      {"complex_model_m_v100", {"n1-standard-16", "nvidia-tesla-v100", 4}},
      {"complex_model_l_v100", {"n1-standard-32", "nvidia-tesla-v100", 8}},
  };
  return table;
}

// One pool from a role's keys (train.<role>_machine_type, _accelerator_type/_count).
WorkerPool pool_from_keys(const config::Settings& settings, const std::string& role, std::int64_t replicas,
                          std::vector<std::string>& notes) {
  WorkerPool pool;
  const auto machine = settings.str("train." + role + "_machine_type");
  pool.machine_type = vertex_machine_type(machine);
  pool.replica_count = replicas;
  const auto own_type = settings.opt_str("train." + role + "_accelerator_type");
  // The legacy machine's accelerator only when the role names none (an unused K80 needs no note).
  if (const auto legacy = legacy_machines().find(machine);
      !own_type && legacy != legacy_machines().end() && legacy->second.accelerator != nullptr) {
    pool.accelerator = vertex_accelerator(legacy->second.accelerator, &notes);
    pool.accelerator_count = legacy->second.accelerator_count;
  }
  if (pool.machine_type != machine) {
    notes.push_back("train." + role + "_machine_type '" + machine + "' is an AI Platform legacy name: " +
                    pool.machine_type + " on Vertex");
  }
  if (own_type) {
    pool.accelerator = vertex_accelerator(*own_type, &notes);
    pool.accelerator_count = settings.opt_integer("train." + role + "_accelerator_count").value_or(1);
  }
  return pool;
}

// The tiers' machines, from AI Platform's scale-tier table (docs/vertex.md).
WorkerPools pools_of_tier(const std::string& tier) {
  WorkerPools result;
  if (tier == "basic-gpu") {
    result.pools = {{"n1-standard-8", 1, "NVIDIA_TESLA_T4", 1}};
    result.notes.push_back("train.scale_tier 'basic-gpu' ran on one NVIDIA K80, which Vertex AI no longer offers: "
                           "one NVIDIA T4 instead (the smallest GPU Vertex offers, faster than a K80)");
  } else if (tier == "basic-tpu") {
    result.pools = {{"cloud-tpu", 1, "TPU_V2", 8}};
  } else if (tier == "standard-1") {
    result.pools = {{"n1-highcpu-8", 1, std::nullopt, 0},
                    {"n1-highcpu-8", 4, std::nullopt, 0},
                    {"n1-standard-4", 3, std::nullopt, 0}};
  } else if (tier == "premium-1") {
    result.pools = {{"n1-highcpu-16", 1, std::nullopt, 0},
                    {"n1-highcpu-16", 19, std::nullopt, 0},
                    {"n1-highmem-8", 11, std::nullopt, 0}};
  } else {  // basic, and no tier at all
    result.pools = {{"n1-standard-4", 1, std::nullopt, 0}};
  }
  return result;
}

}  // namespace

std::string vertex_machine_type(const std::string& ai_platform_name) {
  const auto legacy = legacy_machines().find(ai_platform_name);
  return legacy == legacy_machines().end() ? ai_platform_name : legacy->second.machine_type;
}

std::string vertex_accelerator(const std::string& ai_platform_name, std::vector<std::string>* notes) {
  if (ai_platform_name == "nvidia-tesla-k80") {
    if (notes != nullptr) {
      notes->push_back("NVIDIA K80 GPUs are no longer offered by Vertex AI: NVIDIA T4 instead");
    }
    return "NVIDIA_TESLA_T4";
  }
  std::string name = ai_platform_name;
  for (char& c : name) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

WorkerPools worker_pools(const config::Settings& settings) {
  const auto tier = settings.opt_str("train.scale_tier");
  if (!settings.has("train.master_machine_type")) {
    if (tier == "custom") throw usage_error("train.scale_tier = \"custom\" requires train.master_machine_type");
    return pools_of_tier(tier.value_or("basic"));
  }
  WorkerPools result;
  result.pools.push_back(pool_from_keys(settings, "master", 1, result.notes));
  const auto workers = settings.opt_integer("train.worker_count").value_or(0);
  const auto servers = settings.opt_integer("train.parameter_server_count").value_or(0);
  if (servers > 0 && workers == 0) {
    throw usage_error("train.parameter_server_count is " + std::to_string(servers) +
                          " but there are no workers: Vertex AI's pool 2 (parameter servers) needs pool 1 (workers)",
                      "set train.worker_machine_type and train.worker_count, or drop the parameter servers");
  }
  if (workers > 0) result.pools.push_back(pool_from_keys(settings, "worker", workers, result.notes));
  if (servers > 0) result.pools.push_back(pool_from_keys(settings, "parameter_server", servers, result.notes));
  if (tier && *tier != "custom") {
    result.notes.push_back("train.scale_tier '" + *tier + "' is ignored: train.master_machine_type is set");
  }
  return result;
}

}  // namespace magritte::plan
