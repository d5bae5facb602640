// The flag layer: --set section.key=value and the named flags (--model, --version...).

#include "config/layers.hpp"
#include "config/suggest.hpp"
#include "magritte/error.hpp"
#include "magritte/text.hpp"

namespace magritte::config {
namespace {

// "did you mean 'model.name'?" for 'model.nmae'; for a key without its section
// ('module_name'), the key of that name, else the nearest name.
std::optional<std::string> guess_key(std::string_view key) {
  if (key.find('.') != std::string_view::npos) return nearest(key, all_keys());
  std::vector<std::string> names;
  for (const auto& spec : key_specs()) {
    if (spec.name() == key) return std::string(spec.key);
    names.emplace_back(spec.name());
  }
  if (auto name = nearest(key, names)) {
    for (const auto& spec : key_specs()) {
      if (spec.name() == *name) return std::string(spec.key);
    }
  }
  return std::nullopt;
}

const KeySpec& known_spec(const std::string& flag, std::string_view key) {
  if (const KeySpec* spec = find_spec(key)) return *spec;
  std::string message = flag + ": unknown key '" + std::string(key) + "'";
  if (auto guess = guess_key(key)) {
    message += "; did you mean '" + *guess + "'?";
  } else {
    message += "; keys are section.key, e.g. model.name; 'magritte config show' lists them";
  }
  throw usage_error(message);
}

}  // namespace

FlagOverride parse_set_flag(std::string_view text) {
  const auto equals = text.find('=');
  if (equals == std::string_view::npos) {
    throw usage_error("--set: expected section.key=value, got '" + std::string(text) + "'");
  }
  const std::string key(trim_space(text.substr(0, equals)));
  known_spec("--set", key);
  return FlagOverride{key, std::string(text.substr(equals + 1)), "--set"};
}

void apply_flags(const std::vector<FlagOverride>& flags, RawValues& values) {
  for (const auto& flag : flags) {
    const KeySpec& spec = known_spec(flag.flag, flag.key);
    values[flag.key] = {convert_text(spec, flag.value, flag.flag),
                        Origin{Origin::Kind::flag, flag.flag}};
  }
}

}  // namespace magritte::config
