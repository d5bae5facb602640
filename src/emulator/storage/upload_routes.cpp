// objects.insert: uploadType=media, multipart and resumable (POST, then PUT chunks).
#include "emulator/storage/checksums.hpp"
#include "emulator/storage/multipart.hpp"
#include "emulator/storage/names.hpp"
#include "emulator/storage/route_helpers.hpp"
#include "emulator/storage/storage_service.hpp"
#include "emulator/url.hpp"

namespace magritte::emulator::storage {
using nlohmann::json;

namespace {

std::string header(const Request& request, const char* name) {
  auto it = request.headers.find(name);
  return it == request.headers.end() ? std::string() : it->second;
}

std::string object_name(const Request& request, const json& resource) {
  std::string name = request.query_value("name").value_or("");
  if (name.empty() && resource.contains("name") && resource["name"].is_string()) {
    name = resource["name"].get<std::string>();
  }
  if (name.empty()) throw StorageError(400, "required", "Required parameter 'name' is missing");
  if (auto problem = object_name_problem(name)) throw StorageError(400, "invalid", *problem);
  return name;
}

// A client that states the hashes it expects gets a 400 when the content differs, as the
// real service answers, rather than a silently corrupt object.
void verify_declared_hashes(const json& resource, std::string_view data) {
  if (auto md5 = resource.find("md5Hash"); md5 != resource.end() && md5->is_string() &&
                                            md5->get<std::string>() != md5_base64(data)) {
    throw StorageError(400, "invalid", "Provided MD5 hash \"" + md5->get<std::string>() +
                                           "\" doesn't match calculated MD5 hash \"" + md5_base64(data) + "\".");
  }
  if (auto crc = resource.find("crc32c"); crc != resource.end() && crc->is_string() &&
                                           crc->get<std::string>() != crc32c_base64(crc32c(data))) {
    throw StorageError(400, "invalid", "Provided CRC32C \"" + crc->get<std::string>() +
                                           "\" doesn't match calculated CRC32C \"" +
                                           crc32c_base64(crc32c(data)) + "\".");
  }
}

// "X-Goog-Hash: crc32c=<base64>,md5=<base64>", which the Node.js library sends with the last
// request of a resumable upload, added to the hashes the resource declares.
json with_header_hashes(const Request& request, json resource) {
  const std::string value = header(request, "X-Goog-Hash");
  std::string_view text = value;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = item.substr(0, eq);
    const std::string hash(item.substr(eq + 1));
    if (name == "md5") resource["md5Hash"] = hash;
    if (name == "crc32c") resource["crc32c"] = hash;
  }
  return resource;
}

void require_bucket(const DiskStorage& storage, const std::string& bucket) {
  if (!storage.bucket_exists(bucket)) {
    throw StorageError(404, "notFound", "The specified bucket does not exist: " + bucket);
  }
}

}  // namespace

Response StorageService::start_upload(const Request& request) {
  const std::string type = request.query_value("uploadType").value_or("");
  if (type == "resumable") return resumable_start(request);
  if (type == "multipart" || (type.empty() && header(request, "Content-Type").rfind("multipart/", 0) == 0)) {
    return multipart_upload(request);
  }
  return guarded([&] { return simple_upload(request, object_name(request, json::object())); });
}

Response StorageService::simple_upload(const Request& request, const std::string& name) {
  json resource = json::object();
  const std::string content_type = header(request, "Content-Type");
  if (!content_type.empty()) resource["contentType"] = content_type;
  const StoredObject object = storage_.insert(request.param("bucket"), name, request.body, resource,
                                              preconditions_from(request));
  return object_response(request, object);
}

Response StorageService::multipart_upload(const Request& request) {
  return guarded([&] {
    const auto boundary = multipart_boundary(header(request, "Content-Type"));
    if (!boundary) throw StorageError(400, "invalid", "multipart upload without a boundary in Content-Type");
    const auto parts = parse_multipart(request.body, *boundary);
    if (parts.size() != 2) {
      throw StorageError(400, "invalid", "A multipart upload has exactly 2 parts (metadata, media); got " +
                                             std::to_string(parts.size()));
    }
    json resource = parts[0].body.empty() ? json::object() : json::parse(parts[0].body);
    if (!resource.is_object()) throw StorageError(400, "invalid", "The metadata part must be a JSON object");
    const std::string name = object_name(request, resource);
    auto media_type = parts[1].headers.find("Content-Type");
    if (!resource.contains("contentType") && media_type != parts[1].headers.end()) {
      resource["contentType"] = media_type->second;
    }
    verify_declared_hashes(resource, parts[1].body);
    const StoredObject object = storage_.insert(request.param("bucket"), name, parts[1].body, resource,
                                                preconditions_from(request));
    return object_response(request, object);
  });
}

Response StorageService::resumable_start(const Request& request) {
  return guarded([&] {
    UploadSession session;
    session.bucket = request.param("bucket");
    session.resource = json_body(request);
    session.name = object_name(request, session.resource);
    require_bucket(storage_, session.bucket);
    session.preconditions = preconditions_json(request);
    const std::string upload_type = header(request, "X-Upload-Content-Type");
    if (!session.resource.contains("contentType") && !upload_type.empty()) {
      session.resource["contentType"] = upload_type;
    }
    const std::string length = header(request, "X-Upload-Content-Length");
    if (!length.empty()) session.total_size = std::stoll(length);
    const std::string id = uploads_.create(session);
    Response response;
    response.status = 200;
    response.headers["Location"] = request.base_url() + request.raw_path +
                                   "?uploadType=resumable&name=" + percent_encode(session.name) +
                                   "&upload_id=" + id;
    response.headers["X-GUploader-UploadID"] = id;
    return response;
  });
}

Response StorageService::resumable_put(const Request& request) {
  return guarded([&] {
    const std::string id = request.query_value("upload_id").value_or("");
    const auto session = uploads_.get(id);
    if (!session) throw StorageError(404, "notFound", "No such upload session: '" + id + "'");
    std::optional<ContentRange> range = ContentRange{};
    if (const std::string text = header(request, "Content-Range"); !text.empty()) {
      range = parse_content_range(text);
      if (!range) throw StorageError(400, "invalid", "Invalid Content-Range '" + text + "'");
    } else {
      range->first = 0;  // no Content-Range: the body is the whole object
      range->total = static_cast<std::int64_t>(request.body.size());
    }
    std::int64_t received = uploads_.received(id);
    if (range->first) received = uploads_.append(id, *range->first, request.body);
    std::optional<std::int64_t> total = range->total ? range->total : session->total_size;
    if (!total && range->open_ended()) total = received;  // the body ran to the object's end
    if (!total || received < *total) {
      Response incomplete;
      incomplete.status = 308;  // "Resume Incomplete": no Location, or clients would follow it
      if (received > 0) incomplete.headers["Range"] = "bytes=0-" + std::to_string(received - 1);
      return incomplete;
    }
    const std::string data = uploads_.content(id);
    verify_declared_hashes(with_header_hashes(request, session->resource), data);
    const StoredObject object = storage_.insert(session->bucket, session->name, data, session->resource,
                                                preconditions_from_json(session->preconditions));
    uploads_.remove(id);
    return object_response(request, object);
  });
}

}  // namespace magritte::emulator::storage
