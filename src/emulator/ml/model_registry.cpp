// ModelRegistry: models, loading and saving. Versions live in version_registry.cpp.
#include "emulator/ml/model_registry.hpp"


#include "magritte/timestamp.hpp"
#include "emulator/ml/api_error.hpp"
#include "emulator/ml/api_request.hpp"
#include "emulator/ml/etag.hpp"
#include "emulator/ml/names.hpp"

namespace magritte::emulator::ml {

std::string to_string(OriginKind kind) {
  switch (kind) {
    case OriginKind::onnx: return "onnx";
    case OriginKind::saved_model: return "saved_model";
    case OriginKind::none: break;
  }
  return "none";
}

OriginKind origin_kind_from(const std::string& text) {
  if (text == "onnx") return OriginKind::onnx;
  if (text == "saved_model") return OriginKind::saved_model;
  return OriginKind::none;
}

ModelRegistry::ModelRegistry(DocumentStore& store) : store_(store) { load(); }

void ModelRegistry::load() {
  for (const auto& document : store_.list(kModels)) {
    Model model;
    model.project = document.at("project").get<std::string>();
    model.name = document.at("model").get<std::string>();
    model.resource = document.at("resource");
    model.default_version = document.value("default_version", "");
    models_.emplace(document_id({model.project, model.name}), std::move(model));
  }
  for (const auto& document : store_.list(kVersions)) {
    Version version;
    version.project = document.at("project").get<std::string>();
    version.model = document.at("model").get<std::string>();
    version.name = document.at("version").get<std::string>();
    version.resource = document.at("resource");
    version.kind = origin_kind_from(document.value("origin_kind", "none"));
    auto model = models_.find(document_id({version.project, version.model}));
    if (model == models_.end()) continue;  // orphan of an interrupted model delete
    model->second.versions.emplace(version.name, std::move(version));
  }
}

void ModelRegistry::save(const Model& model) {
  store_.put(kModels, document_id({model.project, model.name}),
             {{"project", model.project},
              {"model", model.name},
              {"default_version", model.default_version},
              {"resource", model.resource}});
}

void ModelRegistry::save(const Version& version) {
  store_.put(kVersions, document_id({version.project, version.model, version.name}),
             {{"project", version.project},
              {"model", version.model},
              {"version", version.name},
              {"origin_kind", to_string(version.kind)},
              {"resource", version.resource}});
}

ModelRegistry::Model& ModelRegistry::model_locked(const std::string& project,
                                                  const std::string& model) {
  auto found = models_.find(document_id({project, model}));
  if (found == models_.end()) {
    throw not_found("Field: name Error: The model resource: \"" + model +
                    "\" was not found. Please create the AI Platform model resource first by "
                    "using 'gcloud ai-platform models create " + model + "'.");
  }
  return found->second;
}

const ModelRegistry::Model& ModelRegistry::model_locked(const std::string& project,
                                                        const std::string& model) const {
  return const_cast<ModelRegistry*>(this)->model_locked(project, model);
}

nlohmann::json ModelRegistry::model_json(const Model& model) const {
  nlohmann::json json = model.resource;
  if (!model.default_version.empty()) {
    auto version = model.versions.find(model.default_version);
    if (version != model.versions.end()) {
      json["defaultVersion"] = version_json(model, version->second);
    }
  }
  return json;
}

nlohmann::json ModelRegistry::create_model(const std::string& project,
                                           const nlohmann::json& body) {
  const std::string name = body.value("name", "");
  validate_project(project);
  validate_model_name(name);
  check_labels(body.value("labels", nlohmann::json()), "model");
  std::lock_guard lock(mutex_);
  const std::string key = document_id({project, name});
  if (models_.count(key) != 0) {
    throw already_exists("Field: model.name Error: A model with the same name already exists.");
  }
  Model model;
  model.project = project;
  model.name = name;
  model.resource = {{"name", model_path(project, name)},
                    {"regions", body.value("regions", nlohmann::json::array())},
                    {"onlinePredictionLogging", body.value("onlinePredictionLogging", false)},
                    {"onlinePredictionConsoleLogging",
                     body.value("onlinePredictionConsoleLogging", false)},
                    {"etag", new_etag()}};
  if (model.resource["regions"].empty()) model.resource["regions"] = {"us-central1"};
  for (const char* field : {"description", "labels"}) {
    if (body.contains(field) && !body[field].is_null()) model.resource[field] = body[field];
  }
  save(model);
  auto& stored = models_.emplace(key, std::move(model)).first->second;
  return model_json(stored);
}

nlohmann::json ModelRegistry::get_model(const std::string& project,
                                        const std::string& model) const {
  std::lock_guard lock(mutex_);
  return model_json(model_locked(project, model));
}

std::vector<nlohmann::json> ModelRegistry::list_models(const std::string& project) const {
  std::lock_guard lock(mutex_);
  std::vector<nlohmann::json> models;
  const std::string prefix = document_id({project, ""});
  for (auto it = models_.lower_bound(prefix); it != models_.end(); ++it) {
    if (!it->first.starts_with(prefix)) break;
    models.push_back(model_json(it->second));
  }
  return models;
}

void ModelRegistry::delete_model(const std::string& project, const std::string& model) {
  std::lock_guard lock(mutex_);
  Model& stored = model_locked(project, model);
  if (!stored.versions.empty()) {
    throw failed_precondition("Field: name Error: A model with versions cannot be deleted. "
                              "Delete its " + std::to_string(stored.versions.size()) +
                              " version(s) first (gcloud ai-platform versions delete).");
  }
  store_.remove(kModels, document_id({project, model}));
  models_.erase(document_id({project, model}));
}

nlohmann::json ModelRegistry::patch_model(const std::string& project, const std::string& model,
                                          const nlohmann::json& body,
                                          const std::string& update_mask) {
  const auto fields = split_update_mask(update_mask);
  if (fields.empty()) {
    throw invalid_argument("Field: update_mask Error: The update mask must name at least one "
                           "field (labels, description).");
  }
  check_labels(body.value("labels", nlohmann::json()), "model");
  std::lock_guard lock(mutex_);
  Model& stored = model_locked(project, model);
  Model updated = stored;
  for (const auto& field : fields) {
    if (field == "labels" || field == "description") {
      if (body.contains(field) && !body[field].is_null()) {
        updated.resource[field] = body[field];
      } else {
        updated.resource.erase(field);
      }
    } else if (field == "defaultVersion.name" || field == "default_version.name") {
      const std::string name = body.value("/defaultVersion/name"_json_pointer, "");
      make_default_locked(updated, name.substr(name.rfind('/') + 1));
    } else {
      throw invalid_argument("Field: update_mask Error: Updating \"" + field +
                             "\" is not supported; the updatable fields are labels, description "
                             "and defaultVersion.name.");
    }
  }
  updated.resource["etag"] = new_etag();
  save(updated);
  stored = std::move(updated);
  return model_json(stored);
}

}  // namespace magritte::emulator::ml
