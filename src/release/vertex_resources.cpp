#include "release/vertex_resources.hpp"

#include <algorithm>

namespace magritte::release {
namespace {

using nlohmann::json;

std::string text(const json& resource, const char* field) {
  if (!resource.is_object() || !resource.contains(field) || !resource[field].is_string()) return {};
  return resource[field].get<std::string>();
}

std::optional<SystemTime> time_of(const json& resource, const char* field) {
  const auto value = text(resource, field);
  return value.empty() ? std::nullopt : parse_rfc3339(value);
}

std::string last_segment(const std::string& name) { return name.substr(name.rfind('/') + 1); }

bool newer_job_first(const JobStatus& a, const JobStatus& b) {
  if (a.create_time && b.create_time && *a.create_time != *b.create_time) return *a.create_time > *b.create_time;
  return natural_less(b.id, a.id);
}

// Service-chosen percentages arrive as numbers, or as strings from some encoders.
int percent_of(const json& value) {
  if (value.is_number_integer()) return value.get<int>();
  if (value.is_string()) {
    try {
      return std::stoi(value.get<std::string>());
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

}  // namespace

JobStatus parse_custom_job(const json& job) {
  JobStatus status;
  if (!job.is_object()) return status;
  status.id = last_segment(text(job, "name"));
  status.name = text(job, "displayName");
  status.state = text(job, "state");
  if (status.state.starts_with("JOB_STATE_")) status.state.erase(0, 10);
  if (status.state.empty()) status.state = "UNSPECIFIED";
  if (job.contains("error") && job["error"].is_object()) status.error_message = text(job["error"], "message");
  status.create_time = time_of(job, "createTime");
  status.start_time = time_of(job, "startTime");
  status.end_time = time_of(job, "endTime");
  status.args = job.value(json::json_pointer("/jobSpec/workerPoolSpecs/0/pythonPackageSpec/args"), json::array());
  status.resource = job;
  return status;
}

std::vector<JobStatus> jobs_named(const json& list, const std::string& name, bool prefix) {
  std::vector<JobStatus> jobs;
  if (!list.is_array()) return jobs;
  for (const auto& resource : list) {
    auto job = parse_custom_job(resource);
    if (prefix ? job.name.starts_with(name) : job.name == name) jobs.push_back(std::move(job));
  }
  std::stable_sort(jobs.begin(), jobs.end(), newer_job_first);
  return jobs;
}

const DeployedModel* Endpoint::find_deployed_version(const std::string& version_id) const {
  for (const auto& model : deployed) {
    if (model.version_id == version_id) return &model;
  }
  return nullptr;
}

Endpoint parse_endpoint(const json& resource) {
  Endpoint endpoint;
  endpoint.resource = resource;
  endpoint.name = text(resource, "name");
  endpoint.id = last_segment(endpoint.name);
  endpoint.display_name = text(resource, "displayName");
  if (!resource.is_object()) return endpoint;
  static const json kNone = json::object();
  auto field = [&resource](const char* name) -> const json& {
    const auto found = resource.find(name);
    return found != resource.end() && (found->is_object() || found->is_array()) ? *found : kNone;
  };
  for (const auto& model : field("deployedModels")) {
    DeployedModel deployed{text(model, "id"), text(model, "modelVersionId"), text(model, "displayName"),
                           text(model, "createTime")};
    // A model reference may carry its version instead: .../models/M@3.
    const auto reference = text(model, "model");
    if (deployed.version_id.empty() && reference.find('@') != std::string::npos) {
      deployed.version_id = reference.substr(reference.find('@') + 1);
    }
    endpoint.deployed.push_back(std::move(deployed));
  }
  for (const auto& [id, share] : field("trafficSplit").items()) endpoint.traffic[id] = percent_of(share);
  for (const auto& [key, value] : field("labels").items()) {
    if (value.is_string()) endpoint.labels[key] = value.get<std::string>();
  }
  return endpoint;
}

std::vector<Endpoint> endpoints_named(const json& list, const std::string& display_name) {
  std::vector<Endpoint> endpoints;
  if (!list.is_array()) return endpoints;
  for (const auto& resource : list) {
    if (text(resource, "displayName") == display_name) endpoints.push_back(parse_endpoint(resource));
  }
  return endpoints;
}

std::vector<VersionInfo> parse_model_versions(const json& list, const Endpoint* endpoint) {
  std::vector<VersionInfo> versions;
  if (!list.is_array()) return versions;
  for (const auto& resource : list) {
    VersionInfo version;
    version.id = text(resource, "versionId");
    for (const auto& alias : resource.value("versionAliases", json::array())) {
      if (alias.is_string()) version.aliases.push_back(alias.get<std::string>());
    }
    version.name = version.id;
    for (const auto& alias : version.aliases) {
      if (alias != "default") {
        version.name = alias;
        break;
      }
    }
    version.state = "READY";
    version.create_time = text(resource, "versionCreateTime");
    if (version.create_time.empty()) version.create_time = text(resource, "createTime");
    version.created = parse_rfc3339(version.create_time);
    version.origin = text(resource, "artifactUri");
    if (endpoint != nullptr) {
      if (const auto* deployed = endpoint->find_deployed_version(version.id)) {
        version.deployed_model_id = deployed->id;
        const auto share = endpoint->traffic.find(deployed->id);
        version.traffic = share == endpoint->traffic.end() ? 0 : share->second;
        version.is_default = version.traffic == 100;
      }
    }
    versions.push_back(std::move(version));
  }
  std::stable_sort(versions.begin(), versions.end(), [](const VersionInfo& a, const VersionInfo& b) {
    if (a.created && b.created && *a.created != *b.created) return *a.created > *b.created;
    return natural_less(b.id, a.id);
  });
  return versions;
}

std::string serving_version(const std::vector<VersionInfo>& versions) {
  for (const auto& version : versions) {
    if (version.traffic == 100) return version.name;
  }
  return "";
}

}  // namespace magritte::release
