// POST on an object: rewriteTo and copyTo (gcloud storage cp between buckets), compose.
#include "emulator/storage/route_helpers.hpp"
#include "emulator/storage/storage_service.hpp"
#include "emulator/url.hpp"

namespace magritte::emulator::storage {
using nlohmann::json;

namespace {

struct ObjectAction {
  std::string verb;  // "rewriteTo", "copyTo", "compose"
  std::string source_bucket, source_name;
  std::string bucket, name;  // destination
};

// Parsed from the still-encoded path, where an object name's own slashes are %2F, so
// "/o/a%2Fb/rewriteTo/b/B2/o/c" splits without ambiguity.
std::optional<ObjectAction> parse_action(const std::string& raw_path) {
  static const std::string kPrefix = "/storage/v1/b/";
  if (raw_path.rfind(kPrefix, 0) != 0) return std::nullopt;
  const std::string rest = raw_path.substr(kPrefix.size());
  const auto o = rest.find("/o/");
  if (o == std::string::npos) return std::nullopt;
  ObjectAction action;
  action.source_bucket = percent_decode(rest.substr(0, o));
  const std::string tail = rest.substr(o + 3);
  for (const char* verb : {"rewriteTo", "copyTo"}) {
    const std::string marker = std::string("/") + verb + "/b/";
    const auto at = tail.find(marker);
    if (at == std::string::npos) continue;
    const std::string destination = tail.substr(at + marker.size());
    const auto dest_o = destination.find("/o/");
    if (dest_o == std::string::npos) return std::nullopt;
    action.verb = verb;
    action.source_name = percent_decode(tail.substr(0, at));
    action.bucket = percent_decode(destination.substr(0, dest_o));
    action.name = percent_decode(destination.substr(dest_o + 3));
    return action;
  }
  static const std::string kCompose = "/compose";
  if (tail.size() > kCompose.size() && tail.compare(tail.size() - kCompose.size(), kCompose.size(), kCompose) == 0) {
    action.verb = "compose";
    action.bucket = action.source_bucket;
    action.name = percent_decode(tail.substr(0, tail.size() - kCompose.size()));
    return action;
  }
  return std::nullopt;
}

}  // namespace

Response StorageService::object_action(const Request& request) {
  return guarded([&] {
    const auto action = parse_action(request.raw_path);
    if (!action) throw StorageError(404, "notFound", "Unknown object operation: " + request.path);
    const json body = json_body(request);
    const Preconditions preconditions = preconditions_from(request);
    if (action->verb == "compose") {
      std::string data;
      for (const json& source : body.value("sourceObjects", json::array())) {
        data += storage_.read_object(action->bucket, source.at("name").get<std::string>()).second;
      }
      const json resource = body.value("destination", json::object());
      return object_response(request, storage_.insert(action->bucket, action->name, data, resource, preconditions));
    }
    auto [source, data] = storage_.read_object(action->source_bucket, action->source_name);
    json resource = to_api_json(source, "");
    for (const auto& [key, value] : body.items()) resource[key] = value;  // overrides from the body
    const StoredObject copy = storage_.insert(action->bucket, action->name, data, resource, preconditions);
    if (action->verb == "copyTo") return object_response(request, copy);
    return Response::json(200, {{"kind", "storage#rewriteResponse"},
                                {"totalBytesRewritten", std::to_string(copy.size)},
                                {"objectSize", std::to_string(copy.size)},
                                {"done", true},
                                {"resource", to_api_json(copy, request.base_url())}});
  });
}

}  // namespace magritte::emulator::storage
