// Model versions as `gcloud <group> versions list/describe --format=json` prints them, in
// the order `magritte versions` shows them and `magritte prune` judges them: newest first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "magritte/timestamp.hpp"

namespace magritte::release {

struct VersionInfo {
  std::string name;            // magritte's name ("v2"): the ml v1 version, the Vertex alias
  std::string state;           // CREATING, READY, FAILED, DELETING (UNKNOWN when absent)
  std::string create_time;     // as the API wrote it
  std::optional<SystemTime> created;
  std::string origin;          // deploymentUri (ml v1), artifactUri (Vertex)
  std::string error_message;   // set when FAILED
  bool is_default = false;     // what users get: the default (ml v1), all the traffic (Vertex)
  // Vertex only: the registry's version id, its aliases, and its place on the endpoint.
  std::string id;                          // "3" (ml v1: the name)
  std::vector<std::string> aliases;
  std::optional<std::string> deployed_model_id;  // set when deployed on the endpoint
  int traffic = 0;                               // percent of the endpoint's traffic
};

VersionInfo parse_version(const nlohmann::json& version);
// Newest first by createTime; equal times (the API has one-second precision) by name, in
// natural order (v10 after v9), highest first.
std::vector<VersionInfo> parse_versions(const nlohmann::json& list);

// "projects/p/models/m/versions/v2" → "v2" (a bare name stays as it is).
std::string short_name(const std::string& resource_name);

// Natural order: digit runs compare as numbers ("v9" < "v10").
bool natural_less(const std::string& a, const std::string& b);

// What prune does with each version (in parse_versions order).
struct PruneDecision {
  VersionInfo version;
  bool remove = false;
  std::string reason;  // "among the newest 3", "default version", "rollback target (magritte-previous-1)", ...
};
// Never removed: the newest `keep`, the default, rollback targets, versions still being
// created, and (Vertex) versions that carry traffic.
std::vector<PruneDecision> plan_prune(const std::vector<VersionInfo>& newest_first, std::size_t keep,
                                      const std::vector<std::string>& history);

}  // namespace magritte::release
