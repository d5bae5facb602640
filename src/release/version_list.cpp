#include "release/version_list.hpp"

#include <algorithm>

#include "release/history.hpp"

namespace magritte::release {
namespace {

std::string string_field(const nlohmann::json& resource, const char* field) {
  if (!resource.is_object() || !resource.contains(field) || !resource[field].is_string()) return {};
  return resource[field].get<std::string>();
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool newer_version_first(const VersionInfo& a, const VersionInfo& b) {
  if (a.created && b.created && *a.created != *b.created) return *a.created > *b.created;
  if (a.created.has_value() != b.created.has_value()) return a.created.has_value();
  return natural_less(b.name, a.name);
}

}  // namespace

std::string short_name(const std::string& resource_name) {
  return resource_name.substr(resource_name.rfind('/') + 1);
}

bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      const std::size_t a_start = i;
      const std::size_t b_start = j;
      while (i < a.size() && is_digit(a[i])) ++i;
      while (j < b.size() && is_digit(b[j])) ++j;
      auto a_digits = a.substr(a_start, i - a_start);
      auto b_digits = b.substr(b_start, j - b_start);
      a_digits.erase(0, std::min(a_digits.find_first_not_of('0'), a_digits.size()));
      b_digits.erase(0, std::min(b_digits.find_first_not_of('0'), b_digits.size()));
      if (a_digits.size() != b_digits.size()) return a_digits.size() < b_digits.size();
      if (a_digits != b_digits) return a_digits < b_digits;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  if ((a.size() - i) != (b.size() - j)) return (a.size() - i) < (b.size() - j);
  return a < b;  // "v01" and "v1": any fixed order
}

VersionInfo parse_version(const nlohmann::json& version) {
  VersionInfo info;
  info.name = short_name(string_field(version, "name"));
  info.state = string_field(version, "state");
  if (info.state.empty()) info.state = "UNKNOWN";
  info.create_time = string_field(version, "createTime");
  info.created = parse_rfc3339(info.create_time);
  info.origin = string_field(version, "deploymentUri");
  info.error_message = string_field(version, "errorMessage");
  info.is_default = version.is_object() && version.value("isDefault", false);
  info.id = info.name;
  return info;
}

std::vector<VersionInfo> parse_versions(const nlohmann::json& list) {
  std::vector<VersionInfo> versions;
  if (!list.is_array()) return versions;
  for (const auto& version : list) versions.push_back(parse_version(version));
  std::stable_sort(versions.begin(), versions.end(), newer_version_first);
  return versions;
}

std::vector<PruneDecision> plan_prune(const std::vector<VersionInfo>& newest_first, std::size_t keep,
                                      const std::vector<std::string>& history) {
  std::vector<PruneDecision> decisions;
  for (std::size_t i = 0; i < newest_first.size(); ++i) {
    PruneDecision decision{newest_first[i], false, ""};
    const auto& version = newest_first[i];
    const auto in_history = std::find(history.begin(), history.end(), version.name);
    if (i < keep) {
      decision.reason = "among the newest " + std::to_string(keep);
    } else if (version.is_default) {
      decision.reason = "the default version";
    } else if (in_history != history.end()) {
      decision.reason = "a rollback target (" + std::string(kHistoryLabelPrefix) +
                        std::to_string(in_history - history.begin() + 1) + ")";
    } else if (version.traffic > 0) {
      decision.reason = "serves " + std::to_string(version.traffic) + " % of the traffic";
    } else if (version.state == "CREATING" || version.state == "DELETING") {
      decision.reason = "still " + version.state;
    } else {
      decision.remove = true;
      decision.reason = "older than the newest " + std::to_string(keep);
    }
    decisions.push_back(std::move(decision));
  }
  return decisions;
}

}  // namespace magritte::release
