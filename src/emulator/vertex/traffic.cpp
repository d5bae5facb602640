#include "emulator/vertex/traffic.hpp"

#include "emulator/vertex/errors.hpp"

namespace magritte::emulator::vertex {

TrafficSplit traffic_from_json(const nlohmann::json& value, std::string_view field) {
  TrafficSplit split;
  if (value.is_null()) return split;
  if (!value.is_object()) throw field_error(field, "The traffic split must map deployed model ids to percentages.");
  for (const auto& [id, share] : value.items()) {
    int percent = -1;
    if (share.is_number_integer()) {
      percent = share.get<int>();
    } else if (share.is_string()) {
      try {
        percent = std::stoi(share.get<std::string>());
      } catch (const std::exception&) {
      }
    }
    if (percent < 0 || percent > 100) {
      throw field_error(field, "The traffic percentage of deployed model " + id + " must be an integer from 0 to 100.");
    }
    split[id] = percent;
  }
  return split;
}

nlohmann::json to_json(const TrafficSplit& split) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [id, percent] : split) json[id] = percent;
  return json;
}

void check_traffic(const TrafficSplit& split, const std::set<std::string>& deployed, std::string_view field,
                   std::string_view endpoint_name) {
  int total = 0;
  for (const auto& [id, percent] : split) {
    if (deployed.count(id) == 0) {
      throw field_error(field, "Deployed model " + id + " named in the traffic split is not deployed on Endpoint `" +
                                   std::string(endpoint_name) + "`.");
    }
    total += percent;
  }
  if (!split.empty() && total != 100) {
    throw field_error(field, "The traffic split percentages must add up to 100, not " + std::to_string(total) + ".");
  }
}

std::optional<std::string> TrafficRouter::pick(const std::string& endpoint_key, const TrafficSplit& split) {
  std::lock_guard lock(mutex_);
  State& state = states_[endpoint_key];
  if (state.split != split) state = {split, {}};
  int total = 0;
  const std::string* best = nullptr;
  for (const auto& [id, percent] : split) {
    if (percent <= 0) continue;
    total += percent;
    int& current = state.current[id];
    current += percent;
    if (best == nullptr || current > state.current[*best]) best = &id;
  }
  if (best == nullptr) return std::nullopt;
  state.current[*best] -= total;
  return *best;
}

}  // namespace magritte::emulator::vertex
