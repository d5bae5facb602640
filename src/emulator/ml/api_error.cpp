#include "emulator/ml/api_error.hpp"

#include <nlohmann/json.hpp>

namespace magritte::emulator::ml {

ApiError invalid_argument(const std::string& message) {
  return ApiError(400, "INVALID_ARGUMENT", message);
}

ApiError failed_precondition(const std::string& message) {
  return ApiError(400, "FAILED_PRECONDITION", message);
}

ApiError already_exists(const std::string& message) {
  return ApiError(409, "ALREADY_EXISTS", message);
}

ApiError not_found(const std::string& message) { return ApiError(404, "NOT_FOUND", message); }

ApiError resource_not_found(std::string_view kind, std::string_view resource_name) {
  return not_found("Field: name Error: The " + std::string(kind) + " resource \"" +
                   std::string(resource_name) + "\" was not found.");
}

Handler guarded(Handler handler) {
  return [handler = std::move(handler)](Request& request) -> Response {
    try {
      return handler(request);
    } catch (const ApiError& error) {
      return error.to_response();
    } catch (const nlohmann::json::parse_error& error) {
      return Response::error(400, "INVALID_ARGUMENT",
                             std::string("Invalid JSON payload received. ") + error.what());
    } catch (const nlohmann::json::type_error& error) {
      return Response::error(400, "INVALID_ARGUMENT",
                             std::string("Invalid JSON payload received. ") + error.what());
    } catch (const std::exception& error) {
      return Response::error(500, "INTERNAL", std::string("Internal error: ") + error.what());
    }
  };
}

}  // namespace magritte::emulator::ml
