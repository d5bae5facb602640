// Models and their versions, in memory (lists answer in microseconds) and on disk (one
// document per model and per version, written on every change). One mutex guards it all:
// the emulator's HTTP threads and the version deployer call in concurrently.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/state.hpp"

namespace magritte::emulator::ml {

// What the deployer found at a version's origin (see origin.hpp).
enum class OriginKind { none, onnx, saved_model };

struct DeployOutcome {
  bool ok = false;
  OriginKind kind = OriginKind::none;
  std::string error;  // the operation's error message when !ok
};

// Everything predict needs about one version, copied out of the registry.
struct ServingVersion {
  std::string project, model, version;
  std::string state;  // READY, CREATING, FAILED
  OriginKind kind = OriginKind::none;
};

class ModelRegistry {
public:
  explicit ModelRegistry(DocumentStore& store);

  nlohmann::json create_model(const std::string& project, const nlohmann::json& body);
  nlohmann::json get_model(const std::string& project, const std::string& model) const;
  std::vector<nlohmann::json> list_models(const std::string& project) const;
  void delete_model(const std::string& project, const std::string& model);
  // updateMask: comma-separated "labels", "description".
  nlohmann::json patch_model(const std::string& project, const std::string& model,
                             const nlohmann::json& body, const std::string& update_mask);

  // A new version in state CREATING; the deployer then calls finish_version.
  nlohmann::json add_version(const std::string& project, const std::string& model,
                             const nlohmann::json& body);
  // READY or FAILED; the first READY version of a model becomes its default.
  nlohmann::json finish_version(const std::string& project, const std::string& model,
                                const std::string& version, const DeployOutcome& outcome);
  nlohmann::json get_version(const std::string& project, const std::string& model,
                             const std::string& version) const;
  std::vector<nlohmann::json> list_versions(const std::string& project,
                                            const std::string& model) const;
  nlohmann::json set_default(const std::string& project, const std::string& model,
                             const std::string& version);
  void delete_version(const std::string& project, const std::string& model,
                      const std::string& version);
  nlohmann::json patch_version(const std::string& project, const std::string& model,
                               const std::string& version, const nlohmann::json& body,
                               const std::string& update_mask);

  // The named version, or the model's default when `version` is empty; throws ApiError.
  ServingVersion serving_version(const std::string& project, const std::string& model,
                                 const std::string& version) const;
  // Versions left in CREATING by a previous run (their deployment must be redone).
  std::vector<ServingVersion> creating_versions() const;

private:
  // The state store's collections (emulator/state.hpp) of models and of versions.
  static constexpr std::string_view kModels = "models";
  static constexpr std::string_view kVersions = "versions";

  struct Version {
    std::string project, model, name;
    nlohmann::json resource;  // API fields, isDefault excepted
    OriginKind kind = OriginKind::none;
  };
  struct Model {
    std::string project, name;
    nlohmann::json resource;  // API fields, defaultVersion excepted
    std::string default_version;
    std::map<std::string, Version> versions;
  };

  Model& model_locked(const std::string& project, const std::string& model);
  const Model& model_locked(const std::string& project, const std::string& model) const;
  static Version& version_locked(Model& model, const std::string& version);
  // Refuses a version that is not READY (FAILED_PRECONDITION).
  void make_default_locked(Model& model, const std::string& version);
  nlohmann::json model_json(const Model& model) const;
  nlohmann::json version_json(const Model& model, const Version& version) const;
  void save(const Model& model);
  void save(const Version& version);
  void load();

  DocumentStore& store_;
  mutable std::mutex mutex_;
  std::map<std::string, Model> models_;  // key: document_id({project, model})
};

std::string to_string(OriginKind kind);
OriginKind origin_kind_from(const std::string& text);

}  // namespace magritte::emulator::ml
