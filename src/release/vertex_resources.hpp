// Vertex AI's resources as `gcloud ai ... --format=json` prints them, turned into what the
// release commands reason about: custom jobs into JobStatus, registry versions and the
// endpoint's deployed models and traffic split into VersionInfo (one list, newest first).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "release/history.hpp"
#include "release/job_status.hpp"
#include "release/version_list.hpp"

namespace magritte::release {

// A CustomJob: id from its name (projects/P/locations/L/customJobs/ID), state without the
// JOB_STATE_ prefix, error.message, the chief pool's arguments.
JobStatus parse_custom_job(const nlohmann::json& job);
// The jobs of `gcloud ai custom-jobs list` whose display name is `name` (or, with `prefix`,
// starts with it), newest first.
std::vector<JobStatus> jobs_named(const nlohmann::json& list, const std::string& name, bool prefix);

struct DeployedModel {
  std::string id;            // the deployed model id (what the traffic split names)
  std::string version_id;    // the registry version it serves
  std::string display_name;  // magritte's version name
  std::string create_time;
};

struct Endpoint {
  std::string id;     // from projects/P/locations/L/endpoints/ID
  std::string name;   // the full resource name
  std::string display_name;
  std::vector<DeployedModel> deployed;
  std::map<std::string, int> traffic;  // deployed model id → percent
  Labels labels;
  nlohmann::json resource;

  const DeployedModel* find_deployed_version(const std::string& version_id) const;
};

Endpoint parse_endpoint(const nlohmann::json& endpoint);
// The endpoints of `gcloud ai endpoints list` whose display name is exactly `display_name`.
std::vector<Endpoint> endpoints_named(const nlohmann::json& list, const std::string& display_name);

// The versions of `gcloud ai models list-version`: name = the first alias other than
// "default" (else the version id), origin = artifactUri, state READY (a registry version
// exists once its upload finished). With `endpoint`, each is marked deployed, its traffic
// share filled and is_default set for the one with all the traffic. Newest first.
std::vector<VersionInfo> parse_model_versions(const nlohmann::json& list, const Endpoint* endpoint);

// The version that has all of the endpoint's traffic, "" when none or a split.
std::string serving_version(const std::vector<VersionInfo>& versions);

}  // namespace magritte::release
