// ModelRegistry: versions (create, finish, default, delete, patch) and serving lookups.
#include <set>

#include "magritte/timestamp.hpp"
#include "emulator/ml/api_error.hpp"
#include "emulator/ml/api_request.hpp"
#include "emulator/ml/etag.hpp"
#include "emulator/ml/model_registry.hpp"
#include "emulator/ml/names.hpp"

namespace magritte::emulator::ml {

namespace {

// Fields the caller may not set: the service computes them.
const std::set<std::string> kOutputOnly = {"name",  "state", "createTime", "isDefault",
                                           "etag",  "errorMessage", "lastUseTime",
                                           "lastMigrationTime", "lastMigrationModelId"};
const std::set<std::string> kFrameworks = {"TENSORFLOW", "SCIKIT_LEARN", "XGBOOST"};

void check_new_version(const nlohmann::json& body) {
  validate_version_name(body.value("name", ""));
  const auto& uri = body.value("deploymentUri", "");
  if (uri.empty()) {
    throw invalid_argument("Field: version.deployment_uri Error: A deployment URI (the gs:// "
                           "directory holding the model) is required.");
  }
  if (!uri.starts_with("gs://")) {
    throw invalid_argument("Field: version.deployment_uri Error: The deployment URI must be a "
                           "Cloud Storage path (gs://bucket/path), not \"" + uri + "\".");
  }
  const std::string framework = body.value("framework", "");
  if (!framework.empty() && kFrameworks.count(framework) == 0) {
    throw invalid_argument("Field: version.framework Error: Invalid framework \"" + framework +
                           "\"; accepted: TENSORFLOW, SCIKIT_LEARN, XGBOOST.");
  }
  check_labels(body.value("labels", nlohmann::json()), "version");
}

}  // namespace

ModelRegistry::Version& ModelRegistry::version_locked(Model& model, const std::string& version) {
  auto found = model.versions.find(version);
  if (found == model.versions.end()) {
    throw resource_not_found("version", version_path(model.project, model.name, version));
  }
  return found->second;
}

nlohmann::json ModelRegistry::version_json(const Model& model, const Version& version) const {
  nlohmann::json json = version.resource;
  if (model.default_version == version.name) json["isDefault"] = true;
  return json;
}

void ModelRegistry::make_default_locked(Model& model, const std::string& version) {
  const Version& target = version_locked(model, version);
  const std::string state = target.resource.value("state", "");
  if (state != "READY") {
    throw failed_precondition("Field: name Error: Version " + version + " is in state " + state +
                              "; only a READY version can be the default version.");
  }
  model.default_version = version;
}

nlohmann::json ModelRegistry::add_version(const std::string& project, const std::string& model,
                                          const nlohmann::json& body) {
  validate_project(project);
  std::lock_guard lock(mutex_);
  Model& parent = model_locked(project, model);
  check_new_version(body);
  const std::string name = body.at("name").get<std::string>();
  if (parent.versions.count(name) != 0) {
    throw already_exists("Field: version.name Error: A version with the same name already "
                         "exists.");
  }
  Version version;
  version.project = project;
  version.model = model;
  version.name = name;
  version.resource = nlohmann::json::object();
  for (const auto& [field, value] : body.items()) {
    if (kOutputOnly.count(field) == 0 && !value.is_null()) version.resource[field] = value;
  }
  version.resource["name"] = version_path(project, model, name);
  version.resource["state"] = "CREATING";
  version.resource["createTime"] = rfc3339_now(FractionDigits::none);
  version.resource["etag"] = new_etag();
  // The service's defaults when the request leaves them out.
  if (!version.resource.contains("runtimeVersion")) version.resource["runtimeVersion"] = "1.0";
  if (!version.resource.contains("machineType")) version.resource["machineType"] = "mls1-c1-m2";
  save(version);
  auto& stored = parent.versions.emplace(name, std::move(version)).first->second;
  return version_json(parent, stored);
}

nlohmann::json ModelRegistry::finish_version(const std::string& project, const std::string& model,
                                             const std::string& version,
                                             const DeployOutcome& outcome) {
  std::lock_guard lock(mutex_);
  Model& parent = model_locked(project, model);
  Version& stored = version_locked(parent, version);
  stored.kind = outcome.kind;
  stored.resource["etag"] = new_etag();
  if (outcome.ok) {
    stored.resource["state"] = "READY";
    // The service detects the framework of a SavedModel; ONNX has no enum value, so it stays
    // unset (gcloud predict then skips its TensorFlow runtime check).
    if (outcome.kind == OriginKind::saved_model && !stored.resource.contains("framework")) {
      stored.resource["framework"] = "TENSORFLOW";
    }
  } else {
    stored.resource["state"] = "FAILED";
    stored.resource["errorMessage"] = outcome.error;
  }
  save(stored);
  if (outcome.ok && parent.default_version.empty()) {
    parent.default_version = version;  // the first deployed version becomes the default
    save(parent);
  }
  return version_json(parent, stored);
}

nlohmann::json ModelRegistry::get_version(const std::string& project, const std::string& model,
                                          const std::string& version) const {
  std::lock_guard lock(mutex_);
  auto& parent = const_cast<Model&>(model_locked(project, model));
  return version_json(parent, version_locked(parent, version));
}

std::vector<nlohmann::json> ModelRegistry::list_versions(const std::string& project,
                                                         const std::string& model) const {
  std::lock_guard lock(mutex_);
  const Model& parent = model_locked(project, model);
  std::vector<nlohmann::json> versions;
  for (const auto& [name, version] : parent.versions) {
    versions.push_back(version_json(parent, version));
  }
  return versions;
}

nlohmann::json ModelRegistry::set_default(const std::string& project, const std::string& model,
                                          const std::string& version) {
  std::lock_guard lock(mutex_);
  Model& parent = model_locked(project, model);
  make_default_locked(parent, version);
  parent.resource["etag"] = new_etag();
  save(parent);
  return version_json(parent, parent.versions.at(version));
}

void ModelRegistry::delete_version(const std::string& project, const std::string& model,
                                   const std::string& version) {
  std::lock_guard lock(mutex_);
  Model& parent = model_locked(project, model);
  const Version& stored = version_locked(parent, version);
  if (stored.resource.value("state", "") == "CREATING") {
    throw failed_precondition("Field: name Error: Version " + version +
                              " is being created; it can be deleted once creation ends.");
  }
  if (parent.default_version == version && parent.versions.size() > 1) {
    throw failed_precondition(
        "Field: name Error: Cannot delete the default version " + version + " of model " +
        model + " while the model has other versions. Set another version as the default "
        "first (gcloud ai-platform versions set-default).");
  }
  store_.remove(kVersions, document_id({project, model, version}));
  parent.versions.erase(version);
  if (parent.default_version == version) {
    parent.default_version.clear();
    save(parent);
  }
}

nlohmann::json ModelRegistry::patch_version(const std::string& project, const std::string& model,
                                            const std::string& version,
                                            const nlohmann::json& body,
                                            const std::string& update_mask) {
  const auto fields = split_update_mask(update_mask);
  if (fields.empty()) {
    throw invalid_argument("Field: update_mask Error: The update mask must name at least one "
                           "field (labels, description).");
  }
  std::lock_guard lock(mutex_);
  Model& parent = model_locked(project, model);
  Version& stored = version_locked(parent, version);
  nlohmann::json updated = stored.resource;
  for (const auto& field : fields) {
    if (field != "labels" && field != "description") {
      throw invalid_argument("Field: update_mask Error: Updating \"" + field +
                             "\" is not supported by the emulator; it updates labels and "
                             "description.");
    }
    if (body.contains(field) && !body[field].is_null()) {
      updated[field] = body[field];
    } else {
      updated.erase(field);
    }
  }
  updated["etag"] = new_etag();
  stored.resource = std::move(updated);
  save(stored);
  return version_json(parent, stored);
}

ServingVersion ModelRegistry::serving_version(const std::string& project,
                                              const std::string& model,
                                              const std::string& version) const {
  std::lock_guard lock(mutex_);
  auto& parent = const_cast<Model&>(model_locked(project, model));
  std::string name = version;
  if (name.empty()) {
    if (parent.default_version.empty()) {
      throw failed_precondition("Field: name Error: Model " + model +
                                " has no default version: deploy a version first.");
    }
    name = parent.default_version;
  }
  const Version& stored = version_locked(parent, name);
  return {project, model, name, stored.resource.value("state", ""), stored.kind};
}

std::vector<ServingVersion> ModelRegistry::creating_versions() const {
  std::lock_guard lock(mutex_);
  std::vector<ServingVersion> creating;
  for (const auto& [key, model] : models_) {
    for (const auto& [name, version] : model.versions) {
      const std::string state = version.resource.value("state", "");
      if (state == "CREATING") creating.push_back({model.project, model.name, name, state, version.kind});
    }
  }
  return creating;
}

}  // namespace magritte::emulator::ml
