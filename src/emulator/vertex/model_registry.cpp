#include "emulator/vertex/model_registry.hpp"

#include <algorithm>
#include <set>

#include "magritte/timestamp.hpp"
#include "emulator/ml/etag.hpp"
#include "emulator/vertex/errors.hpp"

namespace magritte::emulator::vertex {

namespace {

constexpr std::string_view kModelsCollection = "vertex_models";

// Fields of an uploaded Model that belong to the version; the rest is output only.
const std::set<std::string> kVersionFields = {"displayName", "description", "versionDescription",
                                              "labels", "artifactUri", "containerSpec", "metadata",
                                              "metadataSchemaUri", "predictSchemata", "explanationSpec",
                                              "encryptionSpec", "pipelineJob"};

std::string now_text() { return rfc3339_now(FractionDigits::nano); }

void remove_alias(std::vector<std::string>& aliases, const std::string& alias) {
  std::erase(aliases, alias);
}

void add_alias(Model& model, ModelVersion& version, const std::string& alias) {
  for (auto& [number, other] : model.versions) {
    if (other.id != version.id) remove_alias(other.aliases, alias);  // an alias moves
  }
  if (std::find(version.aliases.begin(), version.aliases.end(), alias) == version.aliases.end()) {
    version.aliases.push_back(alias);
  }
}

void touch(ModelVersion& version) {
  version.fields["versionUpdateTime"] = now_text();
  version.fields["etag"] = ml::new_etag();
}

}  // namespace

const ModelVersion* Model::with_alias(const std::string& alias) const {
  for (const auto& [number, version] : versions) {
    if (std::find(version.aliases.begin(), version.aliases.end(), alias) != version.aliases.end()) return &version;
  }
  return nullptr;
}

ModelRegistry::ModelRegistry(DocumentStore& store) : store_(store) {
  for (const auto& document : store_.list(kModelsCollection)) {
    Model model;
    model.where = {document.at("project"), document.at("location")};
    model.id = document.at("model");
    model.create_time = document.value("createTime", "");
    model.next_version = document.value("nextVersion", 1);
    for (const auto& stored : document.value("versions", nlohmann::json::array())) {
      ModelVersion version;
      version.id = stored.at("id");
      version.aliases = stored.value("aliases", std::vector<std::string>{});
      version.fields = stored.at("fields");
      version.kind = ml::origin_kind_from(stored.value("origin_kind", "none"));
      model.versions.emplace(std::stoi(version.id), std::move(version));
    }
    models_.emplace(key_of(model.where, model.id), std::move(model));
  }
}

void ModelRegistry::save(const Model& model) {
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& [number, version] : model.versions) {
    versions.push_back({{"id", version.id},
                        {"aliases", version.aliases},
                        {"fields", version.fields},
                        {"origin_kind", ml::to_string(version.kind)}});
  }
  store_.put(kModelsCollection, key_of(model.where, model.id),
             {{"project", model.where.project},
              {"location", model.where.location},
              {"model", model.id},
              {"createTime", model.create_time},
              {"nextVersion", model.next_version},
              {"versions", versions}});
}

bool ModelRegistry::contains(const Location& where, const std::string& model) const {
  return models_.count(key_of(where, model)) != 0;
}

std::string ModelRegistry::add_version(const Location& where, const std::string& model_id,
                                       const nlohmann::json& body, ml::OriginKind kind) {
  auto [entry, created] = models_.try_emplace(key_of(where, model_id));
  Model& model = entry->second;
  if (created) {
    model.where = where;
    model.id = model_id;
    model.create_time = now_text();
  }
  ModelVersion version;
  version.id = std::to_string(model.next_version++);
  version.kind = kind;
  version.fields = nlohmann::json::object();
  for (const auto& [field, value] : body.items()) {
    if (kVersionFields.count(field) != 0 && !value.is_null()) version.fields[field] = value;
  }
  version.fields["versionCreateTime"] = now_text();
  touch(version);
  ModelVersion& stored = model.versions.emplace(std::stoi(version.id), std::move(version)).first->second;
  // The first version of a model is its default, as on the service.
  if (model.versions.size() == 1) stored.aliases.push_back(kDefaultAlias);
  for (const auto& alias : body.value("versionAliases", nlohmann::json::array())) {
    add_alias(model, stored, alias.get<std::string>());
  }
  save(model);
  return stored.id;
}

ModelRegistry::Found ModelRegistry::resolve(const ModelRef& ref) const {
  auto found = models_.find(key_of(ref.where, ref.model));
  if (found == models_.end()) throw resource_missing("Model", model_path(ref.where, ref.model));
  const Model& model = found->second;
  const ModelVersion* version = nullptr;
  if (ref.version.empty()) {
    version = &default_version(model);
  } else if (is_version_id(ref.version)) {
    auto number = model.versions.find(std::stoi(ref.version));
    if (number != model.versions.end()) version = &number->second;
  } else {
    version = model.with_alias(ref.version);
  }
  if (version == nullptr) throw resource_missing("Model", ref.path());
  return {&model, version};
}

const ModelVersion& ModelRegistry::default_version(const Model& model) const {
  const ModelVersion* version = model.with_alias(kDefaultAlias);
  return version != nullptr ? *version : model.versions.begin()->second;
}

nlohmann::json ModelRegistry::view(const Model& model, const ModelVersion& version) const {
  nlohmann::json view = version.fields;
  view["name"] = model.path();
  view["versionId"] = version.id;
  view["versionAliases"] = version.aliases;
  view["createTime"] = model.create_time;
  view["updateTime"] = version.fields.value("versionUpdateTime", model.create_time);
  // gcloud's deploy-model reads this to choose the resources it sends.
  view["supportedDeploymentResourcesTypes"] = {"DEDICATED_RESOURCES"};
  return view;
}

std::vector<const Model*> ModelRegistry::models(const Location& where) const {
  std::vector<const Model*> found;
  const std::string prefix = key_of(where, "");
  for (auto it = models_.lower_bound(prefix); it != models_.end() && it->first.starts_with(prefix); ++it) {
    found.push_back(&it->second);
  }
  return found;
}

Model& ModelRegistry::model_for_update(const ModelRef& ref) {
  resolve(ref);  // 404
  return models_.at(key_of(ref.where, ref.model));
}

std::string ModelRegistry::merge_aliases(const ModelRef& ref, const nlohmann::json& aliases) {
  if (ref.version.empty()) {
    throw field_error("name", "The model version must be named (" + ref.path() + "@<version id>).");
  }
  if (!aliases.is_array() || aliases.empty()) {
    throw field_error("version_aliases", "Required field is not set.");
  }
  // Adding and removing the same alias in one request cancel out (the API's documented rule).
  std::vector<std::string> added, removed;
  for (const auto& entry : aliases) {
    const std::string text = entry.is_string() ? entry.get<std::string>() : "";
    const bool removal = text.starts_with("-");
    const std::string alias = removal ? text.substr(1) : text;
    check_alias(alias, "version_aliases");
    if (removal && alias == kDefaultAlias) {
      throw field_error("version_aliases", "The default alias cannot be removed: every model has exactly one "
                                           "default version. Add `default` to another version to move it.");
    }
    (removal ? removed : added).push_back(alias);
  }
  Model& model = model_for_update(ref);
  const std::string id = resolve(ref).version->id;
  ModelVersion& version = model.versions.at(std::stoi(id));
  for (const auto& alias : added) {
    if (std::find(removed.begin(), removed.end(), alias) == removed.end()) add_alias(model, version, alias);
  }
  for (const auto& alias : removed) {
    if (std::find(added.begin(), added.end(), alias) == added.end()) remove_alias(version.aliases, alias);
  }
  touch(version);
  save(model);
  return version.id;
}

void ModelRegistry::delete_version(const ModelRef& ref) {
  Model& model = model_for_update(ref);
  const ModelVersion& version = *resolve(ref).version;
  const bool is_default = model.with_alias(kDefaultAlias) == &version;
  if (is_default && model.versions.size() > 1) {
    throw ml::failed_precondition("Model version " + version.id + " of " + model.path() +
                                  " holds the default alias and the model has other versions. Move "
                                  "the default alias to another version first (mergeVersionAliases).");
  }
  model.versions.erase(std::stoi(version.id));
  if (model.versions.empty()) {  // the last version takes its model along
    delete_model(model.where, model.id);
    return;
  }
  save(model);
}

void ModelRegistry::delete_model(const Location& where, const std::string& model) {
  store_.remove(kModelsCollection, key_of(where, model));
  models_.erase(key_of(where, model));
}

std::vector<std::string> ModelRegistry::model_ids() const {
  std::vector<std::string> ids;
  for (const auto& [key, model] : models_) ids.push_back(model.id);
  return ids;
}

}  // namespace magritte::emulator::vertex
