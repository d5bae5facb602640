// ${section.key} references, resolved against the effective values (after every layer),
// so VERSION=v3 also changes the default job name. `$$` is a literal `$`.
#include <algorithm>

#include "config/layers.hpp"
#include "config/suggest.hpp"
#include "magritte/error.hpp"

namespace magritte::config {
namespace {

struct Missing {
  std::string key;  // the unset key that a reference leads to
};
using Expansion = std::variant<std::string, Missing>;

class Resolver {
public:
  explicit Resolver(const RawValues& values) : values_(values) {}

  // The effective value of a string key, or the unset key it needs.
  Expansion resolve_key(const std::string& key) {
    if (auto found = done_.find(key); found != done_.end()) return found->second;
    if (auto loop = std::find(stack_.begin(), stack_.end(), key); loop != stack_.end()) {
      std::string chain;
      for (auto it = loop; it != stack_.end(); ++it) chain += *it + " -> ";
      throw usage_error(prefix(*loop) + ": cycle in ${...} references: " + chain + key);
    }
    stack_.push_back(key);
    Expansion result = expand(std::get<std::string>(values_.at(key).raw), key);
    stack_.pop_back();
    done_.emplace(key, result);
    return result;
  }

  // Expands one string found in `owner`'s value.
  Expansion expand(const std::string& text, const std::string& owner) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      if (text.compare(i, 2, "$$") == 0) {
        out += '$';
        i += 2;
      } else if (text.compare(i, 2, "${") == 0) {
        const std::size_t close = text.find('}', i + 2);
        if (close == std::string::npos) {
          throw usage_error(prefix(owner) + ": " + owner + " has an unterminated '${' in '" + text +
                            "'; write $$ for a literal $");
        }
        Expansion value = reference(text.substr(i + 2, close - i - 2), owner);
        if (std::holds_alternative<Missing>(value)) return value;
        out += std::get<std::string>(value);
        i = close + 1;
      } else {
        out += text[i++];  // includes a lone '$' not followed by '{' or '$'
      }
    }
    return out;
  }

private:
  Expansion reference(const std::string& ref, const std::string& owner) {
    const KeySpec* spec = find_spec(ref);
    if (spec == nullptr) {
      std::string message = prefix(owner) + ": " + owner + " refers to unknown key '" + ref + "'";
      if (auto guess = nearest(ref, all_keys())) message += "; did you mean '" + *guess + "'?";
      throw usage_error(message);
    }
    if (spec->type != ValueType::string) {
      throw usage_error(prefix(owner) + ": " + owner + " refers to " + ref + ", which is " +
                        type_phrase(spec->type) + "; only string keys can be referenced");
    }
    if (!values_.contains(ref)) return Missing{ref};
    return resolve_key(ref);
  }

  std::string prefix(const std::string& key) const {
    return values_.at(key).origin.message_prefix();
  }

  const RawValues& values_;
  std::map<std::string, Expansion> done_;
  std::vector<std::string> stack_;  // keys being resolved, to report cycles
};

// Each element (list) or value (map) expanded; the first missing reference wins.
template <typename Container, typename Project>
std::optional<Missing> expand_each(Resolver& resolver, Container& items, const std::string& key,
                                   Project text_of) {
  for (auto& item : items) {
    std::string& text = text_of(item);
    Expansion value = resolver.expand(text, key);
    if (auto* missing = std::get_if<Missing>(&value)) return *missing;
    text = std::get<std::string>(value);
  }
  return std::nullopt;
}

}  // namespace

Resolved interpolate(const RawValues& values) {
  Resolver resolver(values);
  Resolved resolved;
  for (const auto& spec : key_specs()) {
    const std::string key(spec.key);
    const auto found = values.find(key);
    if (found == values.end()) continue;
    const RawValue& raw = found->second;
    Value value = raw.raw;
    std::optional<Missing> missing;
    if (spec.type == ValueType::string) {
      Expansion expansion = resolver.resolve_key(key);
      if (auto* gap = std::get_if<Missing>(&expansion)) {
        missing = *gap;
      } else {
        value = std::get<std::string>(expansion);
      }
    } else if (auto* list = std::get_if<StringList>(&value)) {
      missing =
          expand_each(resolver, *list, key, [](std::string& item) -> std::string& { return item; });
    } else if (auto* map = std::get_if<StringMap>(&value)) {
      missing = expand_each(resolver, *map, key,
                            [](auto& entry) -> std::string& { return entry.second; });
    }
    if (missing) {
      resolved.unresolved.push_back({key, raw.raw, raw.origin, missing->key});
    } else {
      resolved.settings.push_back({key, raw.raw, std::move(value), raw.origin});
    }
  }
  return resolved;
}

}  // namespace magritte::config
