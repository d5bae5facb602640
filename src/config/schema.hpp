// The schema: every key magritte knows, its type, default, checks and the ways to set it.
// One table (schema.cpp) drives the file, env and flag layers, validation and `config show`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "magritte/config.hpp"

namespace magritte::config {

// A format for string values. `check` returns what is wrong with a value, or nullopt.
struct StringFormat {
  std::string_view accepted;  // for docs: "a letter, then letters, digits or underscores"
  std::optional<std::string> (*check)(std::string_view value);
};

struct KeySpec {
  std::string_view key{};  // "section.key"
  ValueType type{};
  // Written like an env value of the key's type ("8470", "true", "[]"); nullopt: no default.
  std::optional<std::string_view> default_text{};
  std::string_view help{};
  const StringFormat* format = nullptr;     // strings; each element of lists; values of maps
  const StringFormat* map_keys = nullptr;   // maps: format of the keys
  std::vector<std::string_view> choices{};  // enums: the exact spellings accepted
  std::optional<std::int64_t> min{};        // integers
  std::optional<std::int64_t> max{};
  std::string_view flag{};   // a named flag ("--model"), if any
  bool allow_empty = false;  // strings: "" is a legal value (else a validation error)

  std::string_view section() const { return key.substr(0, key.find('.')); }
  std::string_view name() const { return key.substr(key.find('.') + 1); }
};

const std::vector<KeySpec>& key_specs();  // schema order
const KeySpec* find_spec(std::string_view key);
// Throws std::logic_error: asking for a key outside the schema is a bug in magritte.
const KeySpec& spec_or_throw(std::string_view key);

std::vector<std::string> section_names();  // in schema order
bool is_section(std::string_view section);
std::vector<std::string> key_names_in(std::string_view section);  // names without section
std::vector<std::string> all_keys();                              // "section.key"

// MAGRITTE_TRAIN_MODULE_NAME for train.module_name.
std::string magritte_env_name(std::string_view key);
// "a string", "an array of strings", "a table of strings", "an integer", "a boolean".
std::string type_phrase(ValueType type);
// How a user sets a key: "set [model] name in magritte.toml, MODEL_NAME, MAGRITTE_MODEL_NAME
// or --model".
std::string how_to_set(const KeySpec& spec);
// What a key accepts, for docs and messages: choices, range or format ("" if anything goes).
std::string accepted_text(const KeySpec& spec);

}  // namespace magritte::config
