#include "emulator/router.hpp"

#include <optional>
#include <string_view>

namespace magritte::emulator {
// One piece of a pattern segment: "{model}:predict" is {param "model"} then {literal ":predict"}.
// Outside the anonymous namespace: Router::Route holds them.
struct SegmentPattern {
  std::string prefix;  // literal text before the parameter (or the whole segment)
  std::string param;   // "" for a literal segment
  std::string suffix;  // literal text after the parameter (":predict")
  bool rest = false;   // {name+}: matches the rest of the path, slashes included
};

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

SegmentPattern parse_segment(std::string_view text) {
  SegmentPattern segment;
  const auto open = text.find('{');
  const auto close = text.find('}');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    segment.prefix = std::string(text);
    return segment;
  }
  segment.prefix = std::string(text.substr(0, open));
  std::string_view name = text.substr(open + 1, close - open - 1);
  if (!name.empty() && name.back() == '+') {
    segment.rest = true;
    name.remove_suffix(1);
  }
  segment.param = std::string(name);
  segment.suffix = std::string(text.substr(close + 1));
  return segment;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

struct Router::Route {
  std::string method;
  std::vector<SegmentPattern> segments;
  Handler handler;

  // On a match: the parameters and the number of literal characters matched (the score).
  std::optional<std::size_t> match(std::string_view path,
                                   std::map<std::string, std::string>& params) const;
};

std::optional<std::size_t> Router::Route::match(std::string_view path,
                                                std::map<std::string, std::string>& params) const {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::size_t score = 0;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const SegmentPattern& pattern = segments[i];
    const bool last = i + 1 == segments.size();
    std::string_view segment = path;
    if (!pattern.rest) {
      const auto slash = path.find('/');
      segment = path.substr(0, slash);
      path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
      if (slash == std::string_view::npos && !last) return std::nullopt;
      if (slash != std::string_view::npos && last) return std::nullopt;
    } else if (!last) {
      return std::nullopt;  // {name+} only makes sense at the end
    }
    if (pattern.param.empty()) {
      if (segment != pattern.prefix) return std::nullopt;
      score += pattern.prefix.size() + 1;
      continue;
    }
    if (!starts_with(segment, pattern.prefix) || !ends_with(segment, pattern.suffix)) {
      return std::nullopt;
    }
    const std::size_t literal = pattern.prefix.size() + pattern.suffix.size();
    if (segment.size() <= literal) return std::nullopt;  // parameters are never empty
    params[pattern.param] =
        std::string(segment.substr(pattern.prefix.size(), segment.size() - literal));
    score += literal + 1;
  }
  return score;
}

Router::Router() = default;
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::add(std::string method, std::string pattern, Handler handler) {
  Route route;
  route.method = std::move(method);
  for (std::string_view segment : split_path(pattern)) route.segments.push_back(parse_segment(segment));
  route.handler = std::move(handler);
  routes_.push_back(std::move(route));
}

bool Router::serves(std::string_view path) const {
  std::map<std::string, std::string> params;
  for (const Route& route : routes_) {
    if (route.match(path, params)) return true;
  }
  return false;
}

Response Router::dispatch(Request& request) const {
  const Route* best = nullptr;
  std::size_t best_score = 0;
  std::map<std::string, std::string> best_params;
  bool path_matched = false;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    const auto score = route.match(request.path, params);
    if (!score) continue;
    path_matched = true;
    if (route.method != request.method) continue;
    if (best == nullptr || *score > best_score) {
      best = &route;
      best_score = *score;
      best_params = std::move(params);
    }
  }
  if (best == nullptr) {
    if (path_matched) {
      return Response::error(405, "INVALID_ARGUMENT",
                             "Method " + request.method + " is not allowed on " + request.path);
    }
    return Response::error(404, "NOT_FOUND",
                           "The emulator has no API at " + request.host + request.path);
  }
  request.params = std::move(best_params);
  return best->handler(request);
}

}  // namespace magritte::emulator
