// An endpoint's traffic split (deployed model id → percentage) and how predictions follow it.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace magritte::emulator::vertex {

using TrafficSplit = std::map<std::string, int>;

// From the API's map (int32 values, numeric strings accepted); 400 naming `field` otherwise.
TrafficSplit traffic_from_json(const nlohmann::json& value, std::string_view field);
nlohmann::json to_json(const TrafficSplit& split);
// 400 INVALID_ARGUMENT unless the split names only `deployed` ids and adds up to 100 (an
// empty split is allowed: the endpoint then takes no traffic).
void check_traffic(const TrafficSplit& split, const std::set<std::string>& deployed, std::string_view field,
                   std::string_view endpoint_name);

// Picks the deployed model of each request by smooth weighted round robin (the nginx
// algorithm): a 90/10 split serves exactly 1 request in 10 from the 10 % model, spread out,
// so tests count shares without statistics. State is per endpoint and restarts when its
// split changes.
class TrafficRouter {
public:
  std::optional<std::string> pick(const std::string& endpoint_key, const TrafficSplit& split);

private:
  struct State {
    TrafficSplit split;
    std::map<std::string, int> current;
  };
  std::mutex mutex_;
  std::map<std::string, State> states_;
};

}  // namespace magritte::emulator::vertex
