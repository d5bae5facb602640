// Text → typed value, for env variables, flags and the schema's defaults: the same rules
// everywhere, so `MAGRITTE_TRAIN_ARGS` and `--set train.args=...` read alike.
#include <charconv>

#include "config/layers.hpp"
#include "magritte/error.hpp"
#include "magritte/text.hpp"

namespace magritte::config {
namespace {

[[noreturn]] void throw_type_error(const KeySpec& spec, std::string_view text,
                                   const std::string& prefix, std::string_view accepted = {}) {
  std::string message = prefix + ": " + std::string(spec.key) + " must be " +
                        type_phrase(spec.type) + ", got '" + std::string(text) + "'";
  if (!accepted.empty()) message += " (accepted: " + std::string(accepted) + ")";
  throw usage_error(message);
}

// Decimal, with an optional sign; the whole text must be the number.
std::int64_t to_integer(const KeySpec& spec, std::string_view text, const std::string& prefix) {
  std::string_view digits = trim_space(text);
  if (digits.starts_with('+')) digits.remove_prefix(1);
  std::int64_t number = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) {
    throw_type_error(spec, text, prefix);
  }
  return number;
}

bool to_boolean(const KeySpec& spec, std::string_view text, const std::string& prefix) {
  const std::string word = ascii_lower(trim_space(text));
  if (word == "true" || word == "1" || word == "yes") return true;
  if (word == "false" || word == "0" || word == "no") return false;
  throw_type_error(spec, text, prefix, "true, false, 1, 0, yes, no");
}

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> items;
  if (trim_space(text).empty()) return items;
  for (std::size_t start = 0;;) {
    const std::size_t comma = text.find(',', start);
    items.push_back(trim_space(text.substr(start, comma - start)));
    if (comma == std::string_view::npos) return items;
    start = comma + 1;
  }
}

// ["a", "b"] (TOML) or a,b (commas; spaces around items dropped).
StringList to_list(const KeySpec& spec, std::string_view text, const std::string& prefix) {
  if (trim_space(text).starts_with('['))
    return std::get<StringList>(parse_inline_toml(spec, text, prefix));
  StringList list;
  for (auto item : split_commas(text)) list.emplace_back(item);
  return list;
}

// {a = "b"} (TOML) or a=b,c=d.
StringMap to_map(const KeySpec& spec, std::string_view text, const std::string& prefix) {
  if (trim_space(text).starts_with('{'))
    return std::get<StringMap>(parse_inline_toml(spec, text, prefix));
  StringMap map;
  for (auto item : split_commas(text)) {
    const auto equals = item.find('=');
    if (equals == std::string_view::npos) {
      throw usage_error(prefix + ": " + std::string(spec.key) +
                        " must be a table: key=value,key2=value2 or {key = \"value\"}, got '" +
                        std::string(text) + "'");
    }
    map[std::string(trim_space(item.substr(0, equals)))] = std::string(trim_space(item.substr(equals + 1)));
  }
  return map;
}

}  // namespace

Value convert_text(const KeySpec& spec, std::string_view text, const std::string& prefix) {
  switch (spec.type) {
    case ValueType::string: return std::string(text);
    case ValueType::string_list: return to_list(spec, text, prefix);
    case ValueType::string_map: return to_map(spec, text, prefix);
    case ValueType::integer: return to_integer(spec, text, prefix);
    case ValueType::boolean: return to_boolean(spec, text, prefix);
  }
  throw std::logic_error("unknown value type");
}

}  // namespace magritte::config
