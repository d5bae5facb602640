// Errors of the ml v1 API. Handlers throw ApiError; guarded() turns it into Google's error
// body {"error": {"code", "message", "status"}}, which gcloud prints as
// "ERROR: (gcloud.ai-platform.<cmd>) <STATUS>: <message>".
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "emulator/router.hpp"

namespace magritte::emulator::ml {

class ApiError : public std::runtime_error {
public:
  ApiError(int http_status, std::string google_status, const std::string& message)
      : std::runtime_error(message), http_status_(http_status),
        google_status_(std::move(google_status)) {}

  int http_status() const { return http_status_; }
  const std::string& google_status() const { return google_status_; }
  Response to_response() const { return Response::error(http_status_, google_status_, what()); }

private:
  int http_status_;
  std::string google_status_;
};

ApiError invalid_argument(const std::string& message);
ApiError failed_precondition(const std::string& message);
ApiError already_exists(const std::string& message);
ApiError not_found(const std::string& message);
// 'Field: name Error: The <kind> resource "<name>" was not found.' (the real service's text)
ApiError resource_not_found(std::string_view kind, std::string_view resource_name);

// Wraps a handler: ApiError → its response; malformed JSON or wrong JSON types → 400
// INVALID_ARGUMENT "Invalid JSON payload received. ..."; anything else → 500 INTERNAL.
Handler guarded(Handler handler);

}  // namespace magritte::emulator::ml
