// projects.locations.endpoints: create (an operation), get, list, patch (traffic split,
// labels, display name, description), delete.
#include <algorithm>

#include "magritte/timestamp.hpp"
#include "emulator/ml/api_request.hpp"
#include "emulator/vertex/errors.hpp"
#include "emulator/vertex/vertex_parts.hpp"

namespace magritte::emulator::vertex {

namespace {

Response create_endpoint(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  const auto body = ml::json_body(request);
  if (body.value("displayName", "").empty()) throw field_error("endpoint.display_name", "Required field is not set.");
  ml::check_labels(body.value("labels", nlohmann::json()), "endpoint");
  std::unique_lock lock(parts.mutex);
  std::string id = request.query_value("endpointId").value_or("");
  if (id.empty()) {
    id = parts.ids.next();
  } else {
    check_endpoint_id(id, "endpoint_id");
    if (parts.endpoints.contains(where, id) || parts.creating.count(key_of(where, id)) != 0) {
      throw ml::already_exists("Endpoint `" + endpoint_path(where, id) + "` already exists.");
    }
  }
  parts.creating.insert(key_of(where, id));
  nlohmann::json fields = {{"displayName", body["displayName"]}, {"createTime", rfc3339_now(FractionDigits::nano)}};
  for (const char* field : {"description", "labels"}) {
    if (body.contains(field) && !body[field].is_null()) fields[field] = body[field];
  }
  const std::string operation_id = parts.ids.next();
  const nlohmann::json work = {{"kind", "endpoint_create"}, {"project", where.project}, {"location", where.location},
                               {"endpoint", id},            {"fields", fields}};
  const auto operation = parts.operations.start(where, endpoint_path(where, id), operation_id,
                                                "CreateEndpointOperationMetadata", work);
  lock.unlock();
  parts.run_or_hold(HoldKind::endpoint_create, {endpoint_path(where, id), body.value("displayName", "")},
                    operation_id, work);
  return Response::json(200, operation);
}

Response get_endpoint(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  std::lock_guard lock(parts.mutex);
  return Response::json(200, parts.endpoints.get(where, request.param("endpoint")).view());
}

Response list_endpoints(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  std::vector<nlohmann::json> endpoints;
  {
    std::lock_guard lock(parts.mutex);
    for (const Endpoint* endpoint : parts.endpoints.list(where)) endpoints.push_back(endpoint->view());
  }
  auto key = [](const nlohmann::json& endpoint) {
    return endpoint.value("createTime", "") + "~" + endpoint.value("name", "");
  };
  std::sort(endpoints.begin(), endpoints.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  return Response::json(200, ml::list_page("endpoints", endpoints, key, request));
}

// updateMask names fields in snake_case (gcloud) or camelCase (client libraries).
Response patch_endpoint(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  const auto body = ml::json_body(request);
  const auto fields = ml::split_update_mask(request.query_value("updateMask").value_or(""));
  if (fields.empty()) throw field_error("update_mask", "Required field is not set.");
  std::lock_guard lock(parts.mutex);
  Endpoint& endpoint = parts.endpoints.get(where, request.param("endpoint"));
  Endpoint updated = endpoint;
  for (const auto& field : fields) {
    if (field == "traffic_split" || field == "trafficSplit") {
      updated.traffic = traffic_from_json(body.value("trafficSplit", nlohmann::json()), "endpoint.traffic_split");
      check_traffic(updated.traffic, endpoint.deployed_ids(), "endpoint.traffic_split", endpoint.path());
    } else if (field == "labels") {
      ml::check_labels(body.value("labels", nlohmann::json()), "endpoint");
      if (body.contains("labels") && !body["labels"].is_null()) {
        updated.fields["labels"] = body["labels"];
      } else {
        updated.fields.erase("labels");
      }
    } else if (field == "display_name" || field == "displayName") {
      if (body.value("displayName", "").empty()) throw field_error("endpoint.display_name", "Required field is not set.");
      updated.fields["displayName"] = body["displayName"];
    } else if (field == "description") {
      updated.fields["description"] = body.value("description", "");
    } else {
      throw field_error("update_mask", "Updating \"" + field + "\" is not supported by the magritte emulator; it "
                                       "updates traffic_split, labels, display_name and description.");
    }
  }
  endpoint = std::move(updated);
  parts.endpoints.save(endpoint);
  return Response::json(200, endpoint.view());
}

Response delete_endpoint(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  std::lock_guard lock(parts.mutex);
  const Endpoint& endpoint = parts.endpoints.get(where, request.param("endpoint"));
  if (!endpoint.deployed.empty() || !endpoint.deploying.empty()) {
    throw ml::failed_precondition("Endpoint `" + endpoint.path() + "` has deployed models; undeploy them first.");
  }
  parts.endpoints.remove(where, request.param("endpoint"));
  return Response::json(200, parts.delete_operation(where));
}

}  // namespace

void add_endpoint_routes(Router& router, VertexService::Parts& parts) {
  auto bind = [&parts](PartsHandler handler) { return bind_handler(parts, handler); };
  for (const auto& prefix : location_prefixes()) {
    router.add("POST", prefix + "/endpoints", bind(create_endpoint));
    router.add("GET", prefix + "/endpoints", bind(list_endpoints));
    router.add("GET", prefix + "/endpoints/{endpoint}", bind(get_endpoint));
    router.add("PATCH", prefix + "/endpoints/{endpoint}", bind(patch_endpoint));
    router.add("DELETE", prefix + "/endpoints/{endpoint}", bind(delete_endpoint));
  }
}

}  // namespace magritte::emulator::vertex
