// Maps method + path pattern to a handler. Patterns use {name} for one path segment and
// {name+} for the rest of the path (object names contain slashes), e.g.
// "/v1/projects/{project}/models/{model}/versions/{version}:setDefault".
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/http.hpp"

namespace magritte::emulator {

using Handler = std::function<Response(Request&)>;

class Router {
public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  void add(std::string method, std::string pattern, Handler handler);
  // 404 NOT_FOUND (Google format) when nothing matches; 405 when only the method differs.
  // When several patterns match, the one with the most literal characters wins, so
  // "/v1/{name}:predict" beats "/v1/{name}" whatever the registration order.
  Response dispatch(Request& request) const;
  // Whether some route (of any method) matches the path.
  bool serves(std::string_view path) const;

private:
  struct Route;
  std::vector<Route> routes_;
};

}  // namespace magritte::emulator
