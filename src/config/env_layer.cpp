// The env layer: the seed tutorial's shell variables, then MAGRITTE_<SECTION>_<KEY>.
#include <algorithm>

#include "config/layers.hpp"
#include "config/suggest.hpp"
#include "magritte/error.hpp"
#include "magritte/text.hpp"

namespace magritte::config {
namespace {

struct SeedVariable {
  std::string_view name;
  std::string_view key;
};

// The variables the seed tutorial exports (../shared/seed/tutorial-fr.md), so a shell set
// up for it keeps working. OUTPUT_PATH is the seed's name for the job directory.
constexpr SeedVariable kSeedVariables[] = {
    {"PROJECT_ID", "project.id"},   {"REGION", "project.region"},
    {"BUCKET", "storage.bucket"},   {"DATA_PATH", "storage.data_path"},
    {"MODEL_NAME", "model.name"},   {"VERSION", "model.version"},
    {"JOB_NAME", "train.job_name"}, {"OUTPUT_PATH", "train.job_dir"},
};

constexpr std::string_view kPrefix = "MAGRITTE_";

void set_from_env(const KeySpec& spec, const std::string& variable, const std::string& text,
                  RawValues& values) {
  values[std::string(spec.key)] = {convert_text(spec, text, "env " + variable),
                                   Origin{Origin::Kind::env, variable}};
}

// MAGRITTE_<known section>_<unknown key> is a typo worth stopping for; other MAGRITTE_
// variables (MAGRITTE_CONFIG, MAGRITTE_VISION_MODULE...) belong to someone else.
void check_for_typos(const std::vector<std::string>& names) {
  for (const auto& name : names) {
    if (!name.starts_with(kPrefix)) continue;
    for (const auto& section : section_names()) {
      const std::string section_prefix = magritte_env_name(section + ".");
      if (!name.starts_with(section_prefix) || name.size() == section_prefix.size()) continue;
      std::vector<std::string> known;
      for (const auto& key : key_names_in(section)) {
        known.push_back(magritte_env_name(section + "." + key));
      }
      if (std::find(known.begin(), known.end(), name) != known.end()) break;
      std::string message = "env " + name + ": unknown key '" +
                            ascii_lower(name.substr(section_prefix.size())) + "' in [" + section + "]";
      if (auto guess = nearest(name, known)) {
        message += "; did you mean " + *guess + "?";
      } else {
        message += "; variables for [" + section + "]: " + join(known);
      }
      throw usage_error(message);
    }
  }
}

}  // namespace

std::string_view seed_variable_for(std::string_view key) {
  for (const auto& seed : kSeedVariables) {
    if (seed.key == key) return seed.name;
  }
  return {};
}

void apply_env(const LoadOptions& options, RawValues& values) {
  if (!options.getenv) return;  // no environment injected: nothing to read
  if (options.env_names) {
    auto names = options.env_names();
    std::sort(names.begin(), names.end());  // the same first error whatever the env order
    check_for_typos(names);
  }
  // The seed's variables first, so that MAGRITTE_<SECTION>_<KEY> wins when both are set:
  // the specific name is the more deliberate one.
  for (const auto& seed : kSeedVariables) {
    const std::string variable(seed.name);
    if (auto text = options.getenv(variable)) {
      set_from_env(spec_or_throw(seed.key), variable, *text, values);
    }
  }
  for (const auto& spec : key_specs()) {
    const std::string variable = magritte_env_name(spec.key);
    if (auto text = options.getenv(variable)) set_from_env(spec, variable, *text, values);
  }
}

}  // namespace magritte::config
