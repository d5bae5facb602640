#include "emulator/storage/route_helpers.hpp"

#include <charconv>
#include <stdexcept>

namespace magritte::emulator::storage {
namespace {

using nlohmann::json;

constexpr const char* kPreconditionNames[] = {"ifGenerationMatch", "ifGenerationNotMatch",
                                              "ifMetagenerationMatch", "ifMetagenerationNotMatch"};

std::optional<std::int64_t> to_int64(const std::string& name, const std::string& text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw StorageError(400, "invalid", "Invalid value '" + text + "' for " + name + ": expected an integer");
  }
  return value;
}

std::optional<std::int64_t> json_int(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  return to_int64(name, it->get<std::string>());
}

}  // namespace

Response guarded(const std::function<Response()>& handler) {
  try {
    return handler();
  } catch (const StorageError& error) {
    return Response::storage_error(error.status(), error.reason(), error.what());
  } catch (const json::exception& error) {
    return Response::storage_error(400, "parseError", std::string("Invalid JSON: ") + error.what());
  } catch (const std::invalid_argument& error) {
    return Response::storage_error(400, "invalid", error.what());
  }
}

json json_body(const Request& request) {
  if (request.body.empty()) return json::object();
  json body = json::parse(request.body);
  if (!body.is_object()) throw StorageError(400, "invalid", "The request body must be a JSON object");
  return body;
}

json preconditions_json(const Request& request) {
  json result = json::object();
  for (const char* name : kPreconditionNames) {
    if (auto value = request.query_value(name)) {
      to_int64(name, *value);  // validate now, not at the end of the upload
      result[name] = *value;
    }
  }
  return result;
}

Preconditions preconditions_from_json(const json& object) {
  Preconditions p;
  p.if_generation_match = json_int(object, "ifGenerationMatch");
  p.if_generation_not_match = json_int(object, "ifGenerationNotMatch");
  p.if_metageneration_match = json_int(object, "ifMetagenerationMatch");
  p.if_metageneration_not_match = json_int(object, "ifMetagenerationNotMatch");
  return p;
}

Preconditions preconditions_from(const Request& request) {
  return preconditions_from_json(preconditions_json(request));
}

Response object_response(const Request& request, const StoredObject& object, int status) {
  return Response::json(status, to_api_json(object, request.base_url()));
}

}  // namespace magritte::emulator::storage
