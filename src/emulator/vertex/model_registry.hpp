// The Vertex model registry: models with numbered versions ("1", "2", ... in upload order)
// and aliases. Each version is a Model resource of its own (artifacts, container, labels,
// display name); a model's default version is the one holding the `default` alias, which the
// first version gets and which can move but never disappear. Aliases are unique within a
// model: adding one that another version holds moves it (as the service does). Persisted as
// one document per model, written on every change.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/ml/model_registry.hpp"  // OriginKind
#include "emulator/state.hpp"
#include "emulator/vertex/names.hpp"

namespace magritte::emulator::vertex {

inline constexpr const char* kDefaultAlias = "default";

struct ModelVersion {
  std::string id;                    // "1", "2", ...
  std::vector<std::string> aliases;  // in the order they were added
  nlohmann::json fields;             // the version's own API fields (displayName, artifactUri...)
  ml::OriginKind kind = ml::OriginKind::none;  // what its deployed copy holds
};

struct Model {
  Location where;
  std::string id;
  std::string create_time;
  int next_version = 1;
  std::map<int, ModelVersion> versions;  // by version number

  std::string path() const { return model_path(where, id); }
  const ModelVersion* with_alias(const std::string& alias) const;
};

// Not thread-safe: VertexService::Parts' mutex guards it.
class ModelRegistry {
public:
  explicit ModelRegistry(DocumentStore& store);

  bool contains(const Location& where, const std::string& model) const;
  // A new version of `model` (created with it when new) from an upload's `model` body: its
  // versionAliases (validated) are added, `default` too for a first version. Returns its id.
  std::string add_version(const Location& where, const std::string& model, const nlohmann::json& body,
                          ml::OriginKind kind);

  struct Found {
    const Model* model = nullptr;
    const ModelVersion* version = nullptr;
  };
  // M (the default version), M@<version id>, M@<alias>; 404 otherwise.
  Found resolve(const ModelRef& ref) const;
  // The version-specific Model resource (without deployedModels, which endpoints know).
  nlohmann::json view(const Model& model, const ModelVersion& version) const;
  std::vector<const Model*> models(const Location& where) const;
  const ModelVersion& default_version(const Model& model) const;

  // `-alias` removes; aliases held elsewhere move here; `default` only moves. Returns the
  // version's id.
  std::string merge_aliases(const ModelRef& ref, const nlohmann::json& aliases);
  // Refuses the default version while others exist; the last version takes the model along.
  void delete_version(const ModelRef& ref);
  void delete_model(const Location& where, const std::string& model);

  std::vector<std::string> model_ids() const;

private:
  Model& model_for_update(const ModelRef& ref);
  void save(const Model& model);

  DocumentStore& store_;
  std::map<std::string, Model> models_;  // by key_of(where, id)
};

}  // namespace magritte::emulator::vertex
