// How keys and values are described to users: env names, types, "how to set", TOML inline
// rendering, and the public schema listing.
#include <cctype>

#include "config/layers.hpp"
#include "config/schema.hpp"
#include "config/suggest.hpp"

namespace magritte::config {
namespace {

std::string upper(std::string_view text) {
  std::string result;
  for (char c : text) result += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return result;
}

bool is_bare_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string quoted = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (c == '\n') {
      quoted += "\\n";
    } else if (c == '\t') {
      quoted += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      quoted += "\\u00";
      quoted += kHex[byte >> 4];
      quoted += kHex[byte & 0xf];
    } else {
      quoted += c;
    }
  }
  return quoted + "\"";
}

struct ValueFormatter {
  bool quote_strings;
  std::string operator()(const std::string& text) const {
    return quote_strings ? toml_string(text) : text;
  }
  std::string operator()(const StringList& list) const {
    std::string text = "[";
    for (const auto& item : list) text += (text.size() > 1 ? ", " : "") + toml_string(item);
    return text + "]";
  }
  std::string operator()(const StringMap& map) const {
    if (map.empty()) return "{}";
    std::string text = "{ ";
    for (const auto& [key, value] : map) {
      if (text.size() > 2) text += ", ";
      text += (is_bare_key(key) ? key : toml_string(key)) + " = " + toml_string(value);
    }
    return text + " }";
  }
  std::string operator()(std::int64_t number) const { return std::to_string(number); }
  std::string operator()(bool flag) const { return flag ? "true" : "false"; }
};

}  // namespace

std::string magritte_env_name(std::string_view key) {
  std::string name = "MAGRITTE_" + upper(key);
  name[name.find('.')] = '_';
  return name;
}

std::string type_phrase(ValueType type) {
  switch (type) {
    case ValueType::string: return "a string";
    case ValueType::string_list: return "an array of strings";
    case ValueType::string_map: return "a table of strings";
    case ValueType::integer: return "an integer";
    case ValueType::boolean: return "a boolean (true or false)";
  }
  return "a value";
}

std::string how_to_set(const KeySpec& spec) {
  std::string text = "set [" + std::string(spec.section()) + "] " + std::string(spec.name()) +
                     " in magritte.toml, ";
  if (auto seed = seed_variable_for(spec.key); !seed.empty()) text += std::string(seed) + ", ";
  text += magritte_env_name(spec.key) + " or ";
  text += spec.flag.empty() ? "--set " + std::string(spec.key) + "=VALUE" : std::string(spec.flag);
  return text;
}

std::string accepted_text(const KeySpec& spec) {
  if (!spec.choices.empty()) {
    return join(std::vector<std::string>(spec.choices.begin(), spec.choices.end()));
  }
  if (spec.format != nullptr) return std::string(spec.format->accepted);
  if (spec.type != ValueType::integer) return "";
  const std::string low = spec.min ? std::to_string(*spec.min) : "";
  const std::string high = spec.max ? std::to_string(*spec.max) : "";
  if (spec.min && spec.max) return "an integer from " + low + " to " + high;
  if (spec.min) return "an integer >= " + low;
  return "an integer";
}

std::string format_value(const Value& value, bool quote_strings) {
  return std::visit(ValueFormatter{quote_strings}, value);
}

std::vector<KeyInfo> schema() {
  std::vector<KeyInfo> keys;
  for (const auto& spec : key_specs()) {
    KeyInfo info{std::string(spec.key), spec.type, std::nullopt,          std::string(spec.help),
                 accepted_text(spec),   {},        std::string(spec.flag)};
    if (spec.default_text) info.default_value = convert_text(spec, *spec.default_text, "schema");
    if (auto seed = seed_variable_for(spec.key); !seed.empty()) info.env.emplace_back(seed);
    info.env.push_back(magritte_env_name(spec.key));
    if (info.flag.empty()) info.flag = "--set " + info.key + "=VALUE";
    keys.push_back(std::move(info));
  }
  return keys;
}

}  // namespace magritte::config
