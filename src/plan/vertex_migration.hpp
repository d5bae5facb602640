// `magritte config migrate`: an AI Platform config file rewritten for Vertex AI, as TOML.
// Keys that mean the same on both services are kept as written (${...} included); the
// runtime versions become the prebuilt image URIs the Vertex backend would pick
// (vertex_images); the machine keys are kept, as the Vertex backend maps them itself
// (vertex_pools), with a comment giving the worker pools; keys Vertex has no use for are
// dropped with the reason. docs/vertex.md, "Migrating a config".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "magritte/config.hpp"

namespace magritte::plan {

// A setting the migration changed, replaced, explained or dropped without loss.
struct MappedSetting {
  std::string key;                // the AI Platform key: "train.runtime_version"
  std::string from;               // its value as written, in TOML: "\"1.5\""
  std::optional<std::string> to;  // on Vertex: `train.executor_image = "..."`; nullopt: dropped
  std::string note;               // why, and what was approximated
};

// A setting whose meaning could not be carried over: dropped, or kept but invalid on Vertex.
struct UnmappedSetting {
  std::string key;
  std::string value;  // as written, in TOML
  std::string where;  // "magritte.toml:30"
  std::string reason;
};

struct ConfigMigration {
  std::string toml;  // the Vertex config, a valid magritte config file
  std::vector<MappedSetting> mapped;
  std::vector<UnmappedSetting> unmapped;
  std::vector<std::string> warnings;  // approximations: K80 → T4, TensorFlow 1.5 → 1.15
};

// `file`: the config file's own settings (defaults < file, no environment or flags), so that
// what is kept is what the file says. Throws Error(usage) when there is no config file or it
// is Vertex's already (gcloud.backend unset or "vertex").
ConfigMigration migrate_to_vertex(const config::Settings& file);

}  // namespace magritte::plan
