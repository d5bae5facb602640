// Validation of the effective (interpolated) values, then the rules between keys.
// Messages: "<source>: invalid <key> '<value>' (from '<raw>'): <what is accepted>".
#include <algorithm>

#include "config/layers.hpp"
#include "config/suggest.hpp"
#include "magritte/error.hpp"

namespace magritte::config {
namespace {

class Checker {
public:
  Checker(const KeySpec& spec, const Setting& setting) : spec_(spec), setting_(setting) {}

  void check() const {
    if (const auto* text = std::get_if<std::string>(&setting_.value)) check_string(*text);
    if (const auto* list = std::get_if<StringList>(&setting_.value)) check_list(*list);
    if (const auto* map = std::get_if<StringMap>(&setting_.value)) check_map(*map);
    if (const auto* number = std::get_if<std::int64_t>(&setting_.value)) check_integer(*number);
  }

private:
  [[noreturn]] void fail(const std::string& message) const {
    throw usage_error(setting_.origin.message_prefix() + ": " + message);
  }

  // "'v-3'", plus "(from '${...}')" when interpolation changed it.
  static std::string shown(const std::string& value, const std::string& raw) {
    std::string text = "'" + value + "'";
    if (raw != value) text += " (from '" + raw + "')";
    return text;
  }

  void check_string(const std::string& value) const {
    const std::string& raw = std::get<std::string>(setting_.raw);
    const std::string key(spec_.key);
    if (value.empty()) {
      if (spec_.allow_empty) return;
      const std::string accepted = accepted_text(spec_);
      fail(key + " is empty" + (raw.empty() ? "" : " (from '" + raw + "')") + "; " +
           (accepted.empty() ? "give a value or leave it unset" : "accepted: " + accepted));
    }
    if (!spec_.choices.empty()) check_choice(value, raw);
    if (spec_.format == nullptr) return;
    if (auto problem = spec_.format->check(value)) {
      fail("invalid " + key + " " + shown(value, raw) + ": " + *problem);
    }
  }

  void check_choice(const std::string& value, const std::string& raw) const {
    if (std::find(spec_.choices.begin(), spec_.choices.end(), value) != spec_.choices.end()) {
      return;
    }
    std::string message = "invalid " + std::string(spec_.key) + " " + shown(value, raw) +
                          ": accepted: " + accepted_text(spec_);
    const std::vector<std::string> choices(spec_.choices.begin(), spec_.choices.end());
    if (auto guess = nearest(value, choices)) message += "; did you mean '" + *guess + "'?";
    fail(message);
  }

  void check_list(const StringList& list) const {
    if (spec_.format == nullptr) return;
    const auto& raw = std::get<StringList>(setting_.raw);
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (auto problem = spec_.format->check(list[i])) {
        fail("invalid " + std::string(spec_.key) + " element " + std::to_string(i + 1) + " " +
             shown(list[i], raw[i]) + ": " + *problem);
      }
    }
  }

  void check_map(const StringMap& map) const {
    for (const auto& [name, value] : map) {
      if (spec_.map_keys != nullptr) {
        if (auto problem = spec_.map_keys->check(name)) {
          fail("invalid " + std::string(spec_.key) + " key '" + name + "': " + *problem);
        }
      }
      if (spec_.format == nullptr) continue;
      if (auto problem = spec_.format->check(value)) {
        fail("invalid " + std::string(spec_.key) + " value " +
             shown(value, std::get<StringMap>(setting_.raw).at(name)) + " for '" + name +
             "': " + *problem);
      }
    }
  }

  void check_integer(std::int64_t number) const {
    if ((spec_.min && number < *spec_.min) || (spec_.max && number > *spec_.max)) {
      fail("invalid " + std::string(spec_.key) + " " + std::to_string(number) +
           ": accepted: " + accepted_text(spec_));
    }
  }

  const KeySpec& spec_;
  const Setting& setting_;
};

const Setting* find_setting(const std::vector<Setting>& settings, std::string_view key) {
  for (const auto& setting : settings) {
    if (setting.key == key) return &setting;
  }
  return nullptr;
}

// gcloud needs these together: a machine type with its count, an accelerator type with its
// count (--worker-machine-type/--worker-count are one required group; --*-accelerator
// takes type=...,count=...).
constexpr std::pair<std::string_view, std::string_view> kTogether[] = {
    {"train.master_accelerator_type", "train.master_accelerator_count"},
    {"train.worker_machine_type", "train.worker_count"},
    {"train.worker_accelerator_type", "train.worker_accelerator_count"},
    {"train.parameter_server_machine_type", "train.parameter_server_count"},
    {"train.parameter_server_accelerator_type", "train.parameter_server_accelerator_count"},
};

void require(const std::vector<Setting>& settings, const Setting& setting,
             const std::string& condition, std::string_view needed) {
  if (find_setting(settings, needed) != nullptr) return;
  throw usage_error(setting.origin.message_prefix() + ": " + condition + " requires " +
                    std::string(needed) + ": " + how_to_set(spec_or_throw(needed)));
}

void check_rules_between_keys(const std::vector<Setting>& settings) {
  // gcloud: "--master-machine-type is required if scale-tier is set to `CUSTOM`".
  if (const Setting* tier = find_setting(settings, "train.scale_tier")) {
    if (std::get<std::string>(tier->value) == "custom") {
      require(settings, *tier, "train.scale_tier = \"custom\"", "train.master_machine_type");
    }
  }
  for (const auto& [first, second] : kTogether) {
    if (const Setting* one = find_setting(settings, first)) {
      require(settings, *one, std::string(first), second);
    }
    if (const Setting* other = find_setting(settings, second)) {
      require(settings, *other, std::string(second), first);
    }
  }
}

}  // namespace

void validate(const std::vector<Setting>& settings) {
  for (const auto& setting : settings) Checker(spec_or_throw(setting.key), setting).check();
  check_rules_between_keys(settings);
}

}  // namespace magritte::config
