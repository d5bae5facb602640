// Small pieces shared by the storage route handlers.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/http.hpp"
#include "emulator/storage/disk_storage.hpp"

namespace magritte::emulator::storage {

// Runs a handler, turning StorageError, bad JSON and bad arguments into Google errors.
Response guarded(const std::function<Response()>& handler);

// The request body as a JSON object ({} when empty); throws StorageError(400) otherwise.
nlohmann::json json_body(const Request& request);
// ifGenerationMatch & co. from the query; throws StorageError(400) on a non-number.
Preconditions preconditions_from(const Request& request);
// The same as a JSON object, for resumable sessions that finish in a later request.
nlohmann::json preconditions_json(const Request& request);
Preconditions preconditions_from_json(const nlohmann::json& json);

// storage#object resource response; links built from how the client reached us.
Response object_response(const Request& request, const StoredObject& object, int status = 200);

}  // namespace magritte::emulator::storage
