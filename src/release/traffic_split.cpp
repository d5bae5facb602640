#include "release/traffic_split.hpp"

#include <algorithm>
#include <vector>

namespace magritte::release {

Split canary_split(const Split& current, const std::string& candidate, int percent) {
  std::vector<std::pair<std::string, int>> others;
  int total = 0;
  for (const auto& [id, share] : current) {
    if (id == candidate || share <= 0) continue;
    others.emplace_back(id, share);
    total += share;
  }
  if (others.empty() || percent >= 100) return {{candidate, 100}};
  const int rest = 100 - percent;
  Split split = {{candidate, percent}};
  struct Part {
    std::string id;
    int floor;
    int remainder;  // in units of 1/total
  };
  std::vector<Part> parts;
  int given = 0;
  for (const auto& [id, share] : others) {
    const int scaled = share * rest;
    parts.push_back({id, scaled / total, scaled % total});
    given += scaled / total;
  }
  std::stable_sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.remainder > b.remainder; });
  for (auto& part : parts) {
    if (given < rest) {
      ++part.floor;
      ++given;
    }
    if (part.floor > 0) split[part.id] = part.floor;
  }
  return split;
}

std::string largest_share(const Split& split, const std::string& except) {
  std::string best;
  int best_share = 0;
  for (const auto& [id, share] : split) {
    if (id != except && share > best_share) {
      best = id;
      best_share = share;
    }
  }
  return best;
}

}  // namespace magritte::release
