// buckets.list/insert/get/delete.
#include "emulator/storage/route_helpers.hpp"
#include "emulator/storage/storage_service.hpp"

namespace magritte::emulator::storage {
using nlohmann::json;

Response StorageService::list_buckets(const Request& request) {
  return guarded([&] {
    const std::string prefix = request.query_value("prefix").value_or("");
    json items = json::array();
    for (json& bucket : storage_.list_buckets()) {
      if (bucket.value("name", "").rfind(prefix, 0) == 0) items.push_back(std::move(bucket));
    }
    return Response::json(200, {{"kind", "storage#buckets"}, {"items", items}});
  });
}

Response StorageService::insert_bucket(const Request& request) {
  return guarded([&] {
    const json body = json_body(request);
    const std::string name = body.value("name", "");
    if (name.empty()) throw StorageError(400, "required", "Required field 'name' is missing");
    return Response::json(200, storage_.create_bucket(name, body));
  });
}

Response StorageService::get_bucket(const Request& request) {
  return guarded([&] {
    auto bucket = storage_.get_bucket(request.param("bucket"));
    if (!bucket) {
      throw StorageError(404, "notFound", "The specified bucket does not exist: " + request.param("bucket"));
    }
    return Response::json(200, *bucket);
  });
}

Response StorageService::delete_bucket(const Request& request) {
  return guarded([&] {
    storage_.delete_bucket(request.param("bucket"));
    Response response;
    response.status = 204;
    return response;
  });
}

void StorageService::add_routes(Router& router) {
  auto bind = [this](Response (StorageService::*method)(const Request&)) {
    return [this, method](Request& request) { return (this->*method)(request); };
  };
  router.add("GET", "/storage/v1/b", bind(&StorageService::list_buckets));
  router.add("POST", "/storage/v1/b", bind(&StorageService::insert_bucket));
  router.add("GET", "/storage/v1/b/{bucket}", bind(&StorageService::get_bucket));
  router.add("DELETE", "/storage/v1/b/{bucket}", bind(&StorageService::delete_bucket));

  router.add("GET", "/storage/v1/b/{bucket}/o", bind(&StorageService::list_objects));
  router.add("GET", "/storage/v1/b/{bucket}/o/{object+}", bind(&StorageService::get_object));
  router.add("GET", "/download/storage/v1/b/{bucket}/o/{object+}", bind(&StorageService::download_object));
  router.add("DELETE", "/storage/v1/b/{bucket}/o/{object+}", bind(&StorageService::delete_object));
  router.add("PATCH", "/storage/v1/b/{bucket}/o/{object+}",
             [this](Request& request) { return patch_object(request, true); });
  router.add("PUT", "/storage/v1/b/{bucket}/o/{object+}",
             [this](Request& request) { return patch_object(request, false); });
  router.add("POST", "/storage/v1/b/{bucket}/o/{object+}", bind(&StorageService::object_action));

  // Uploads: gcloud uses /upload/... and, for resumable sessions, also /resumable/upload/...
  for (const char* prefix : {"/upload", "/resumable/upload"}) {
    const std::string objects = std::string(prefix) + "/storage/v1/b/{bucket}/o";
    router.add("POST", objects, bind(&StorageService::start_upload));
    router.add("PUT", objects, bind(&StorageService::resumable_put));
  }
}

}  // namespace magritte::emulator::storage
