// Settings: typed, origin-aware access to the resolved configuration.
#include <stdexcept>

#include "config/layers.hpp"
#include "magritte/error.hpp"

namespace magritte::config {
namespace {

[[noreturn]] void wrong_type(std::string_view key, const KeySpec& spec, ValueType asked) {
  throw std::logic_error("config key '" + std::string(key) + "' is " + type_phrase(spec.type) +
                         ", not " + type_phrase(asked));
}

}  // namespace

std::string Origin::describe() const {
  switch (kind) {
    case Kind::default_value: return "default";
    case Kind::file: return "file " + where;
    case Kind::env: return "env " + where;
    case Kind::flag: return "flag " + where;
  }
  return where;
}

std::string Origin::message_prefix() const {
  switch (kind) {
    case Kind::default_value: return "default";
    case Kind::env: return "env " + where;
    case Kind::file:
    case Kind::flag: return where;
  }
  return where;
}

Settings::Settings(std::vector<Setting> settings) : settings_(std::move(settings)) {}

Settings::Settings(std::vector<Setting> settings, std::vector<Unresolved> unresolved,
                   std::optional<std::filesystem::path> config_file)
    : settings_(std::move(settings)),
      unresolved_(std::move(unresolved)),
      config_file_(std::move(config_file)) {}

const Setting* Settings::find(std::string_view key) const {
  spec_or_throw(key);
  for (const auto& setting : settings_) {
    if (setting.key == key) return &setting;
  }
  return nullptr;
}

bool Settings::has(std::string_view key) const { return find(key) != nullptr; }

const Settings::Unresolved* Settings::find_unresolved(std::string_view key) const {
  spec_or_throw(key);
  for (const auto& entry : unresolved_) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

const Setting* Settings::lookup(std::string_view key, ValueType type) const {
  const KeySpec& spec = spec_or_throw(key);
  if (spec.type != type) wrong_type(key, spec, type);
  return find(key);
}

// The value, or a usage error telling how to set it (or what it waits for).
const Setting& Settings::require(std::string_view key, ValueType type) const {
  if (const Setting* setting = lookup(key, type)) return *setting;
  if (const Unresolved* entry = find_unresolved(key)) {
    throw usage_error(std::string(key) + " = '" + format_value(entry->raw) + "' (" +
                      entry->origin.describe() + ") needs " + entry->missing_key +
                      ", which is not set: " + how_to_set(spec_or_throw(entry->missing_key)));
  }
  throw usage_error(std::string(key) + " is not set: " + how_to_set(spec_or_throw(key)));
}

const std::string& Settings::str(std::string_view key) const {
  return std::get<std::string>(require(key, ValueType::string).value);
}

std::int64_t Settings::integer(std::string_view key) const {
  return std::get<std::int64_t>(require(key, ValueType::integer).value);
}

std::optional<std::string> Settings::opt_str(std::string_view key) const {
  if (const Setting* setting = lookup(key, ValueType::string)) {
    return std::get<std::string>(setting->value);
  }
  return std::nullopt;
}

std::optional<std::int64_t> Settings::opt_integer(std::string_view key) const {
  if (const Setting* setting = lookup(key, ValueType::integer)) {
    return std::get<std::int64_t>(setting->value);
  }
  return std::nullopt;
}

bool Settings::boolean(std::string_view key) const {
  const Setting* setting = lookup(key, ValueType::boolean);
  return setting != nullptr && std::get<bool>(setting->value);
}

StringList Settings::list(std::string_view key) const {
  const Setting* setting = lookup(key, ValueType::string_list);
  return setting != nullptr ? std::get<StringList>(setting->value) : StringList{};
}

StringMap Settings::map(std::string_view key) const {
  const Setting* setting = lookup(key, ValueType::string_map);
  return setting != nullptr ? std::get<StringMap>(setting->value) : StringMap{};
}

}  // namespace magritte::config
