// The model and its versions as the release commands need them: describe calls that say
// clearly what is missing, the default version, the recorded history, and waiting for a
// version to leave CREATING.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "cli/waiting.hpp"
#include "plan/ml_backend.hpp"
#include "release/history.hpp"
#include "release/version_list.hpp"

namespace magritte::cli {

// Runs a describe command: the parsed resource, or null when gcloud says NOT_FOUND.
nlohmann::json describe_or_null(Runner& runner, const Command& command);
inline nlohmann::json describe_or_null(Context& context, const Command& command) {
  return describe_or_null(context.runner(), command);
}

struct ModelState {
  std::string name;
  std::string default_version;          // "" when the model has none
  release::Labels labels;
  std::vector<std::string> history;     // read_history(labels)
  nlohmann::json resource;
};

// Throws Error(refused) when the model does not exist (nothing to promote, roll back...).
// The reads go through `runner` when given (prune --dry-run asks gcloud for real).
ModelState read_model(Context& context, const plan::MlBackend& backend, Runner* runner = nullptr);

// The version, or nullopt when it does not exist.
std::optional<release::VersionInfo> read_version(Context& context, const plan::MlBackend& backend,
                                                 const std::string& version);

// All versions, newest first, is_default set from `model` too.
std::vector<release::VersionInfo> read_versions(Context& context, const plan::MlBackend& backend,
                                                const ModelState& model, Runner* runner = nullptr);

struct FollowedVersion {
  release::WatchOutcome outcome;
  release::VersionInfo version;
};

// Polls `versions describe` until the version is READY or FAILED (or timeout/signal).
FollowedVersion follow_version(Context& context, const plan::MlBackend& backend, const std::string& version,
                               const WaitOptions& wait);

// Returns for READY; throws Error(cloud_failed) with the version's errorMessage for FAILED,
// Error(timeout/interrupted/terminated) with how to carry on.
void check_version_end(const FollowedVersion& followed, const std::string& model, const std::string& version,
                       const WaitOptions& wait);

}  // namespace magritte::cli
