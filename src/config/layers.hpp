// The pieces load() assembles: each layer writes into one RawValues map, lowest first.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/schema.hpp"
#include "magritte/config.hpp"

namespace magritte::config {

// A value as a layer gave it (before interpolation) and where it came from.
struct RawValue {
  Value raw;
  Origin origin;
};
using RawValues = std::map<std::string, RawValue, std::less<>>;

// File layer (toml_layer.cpp, the only file that includes toml++). `path` is as the user
// gave it and appears as-is in messages and origins ("magritte.toml:12").
void apply_file(const std::filesystem::path& path, RawValues& values);
// The file's text; refuses directories, files over 1 MiB and files with NUL bytes.
std::string read_config_text(const std::filesystem::path& path);

// Env layer: the seed's variables, then MAGRITTE_<SECTION>_<KEY> (which win).
void apply_env(const LoadOptions& options, RawValues& values);
// The seed tutorial's variable for a key ("MODEL_NAME" for model.name), or "".
std::string_view seed_variable_for(std::string_view key);

// Flag layer: in order, the last one on a key wins.
void apply_flags(const std::vector<FlagOverride>& flags, RawValues& values);

// Converts a text value (env var, flag, schema default) to the key's type. Errors start
// with `prefix` ("env MAGRITTE_PREDICT_TOP: predict.top must be an integer, got 'x'").
Value convert_text(const KeySpec& spec, std::string_view text, const std::string& prefix);
// A TOML array or inline table literal given as text (toml_layer.cpp).
Value parse_inline_toml(const KeySpec& spec, std::string_view text, const std::string& prefix);

// Resolves ${section.key} against the effective values. Keys that refer to an unset key
// stay unresolved (reading them explains why); unknown references and cycles throw.
struct Resolved {
  std::vector<Setting> settings;  // schema order
  std::vector<Settings::Unresolved> unresolved;
};
Resolved interpolate(const RawValues& values);

// Checks every effective value and the rules between keys; throws the first error.
void validate(const std::vector<Setting>& settings);

}  // namespace magritte::config
