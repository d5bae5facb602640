// The aiplatform v1 service's error wording, on top of the ApiError/guarded() machinery the
// ml v1 service uses (ml/api_error.hpp): Google's {"error": {"code", "message", "status"}}.
#pragma once

#include <string>
#include <string_view>

#include "emulator/ml/api_error.hpp"

namespace magritte::emulator::vertex {

using ml::ApiError;

// 400 INVALID_ARGUMENT "List of found errors:\t1.Field: <field>; Message: <message>\t", the
// form the service gives request validation failures.
ApiError field_error(std::string_view field, std::string_view message);
// 404 NOT_FOUND "<Kind> `<resource name>` not found." ("Endpoint `projects/...` not found.")
ApiError resource_missing(std::string_view kind, std::string_view resource_name);

}  // namespace magritte::emulator::vertex
