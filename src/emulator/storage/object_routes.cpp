// objects.list/get/delete/patch/update and media downloads.
#include <charconv>

#include "emulator/storage/route_helpers.hpp"
#include "emulator/storage/storage_service.hpp"

namespace magritte::emulator::storage {
using nlohmann::json;

namespace {

std::size_t max_results(const Request& request) {
  const std::string text = request.query_value("maxResults").value_or("1000");
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0) {
    throw StorageError(400, "invalid", "Invalid maxResults '" + text + "': expected a positive integer");
  }
  return std::min<std::size_t>(value, 1000);
}

// "bytes=10-19", "bytes=10-", "bytes=-5" → [first, last] within size; nullopt when absent.
std::optional<std::pair<std::size_t, std::size_t>> byte_range(const Request& request, std::size_t size) {
  auto header = request.headers.find("Range");
  if (header == request.headers.end() || header->second.rfind("bytes=", 0) != 0) return std::nullopt;
  const std::string spec = header->second.substr(6);
  const auto dash = spec.find('-');
  if (dash == std::string::npos || spec.find(',') != std::string::npos) return std::nullopt;
  auto number = [](const std::string& text) {
    std::size_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  };
  const std::string first_text = spec.substr(0, dash);
  const std::string last_text = spec.substr(dash + 1);
  if (first_text.empty()) {  // suffix: the last N bytes
    const std::size_t count = std::min(number(last_text), size);
    return std::make_pair(size - count, size == 0 ? 0 : size - 1);
  }
  const std::size_t first = number(first_text);
  const std::size_t last = last_text.empty() ? size - 1 : std::min(number(last_text), size - 1);
  if (first >= size) throw StorageError(416, "requestedRangeNotSatisfiable", "Requested range not satisfiable");
  return std::make_pair(first, last);
}

Response media_response(const Request& request, const StoredObject& object, std::string data) {
  Response response;
  response.status = 200;
  response.headers["Content-Type"] = object.content_type;
  response.headers["ETag"] = "\"" + object_etag(object.generation, object.metageneration) + "\"";
  response.headers["X-Goog-Generation"] = std::to_string(object.generation);
  response.headers["X-Goog-Metageneration"] = std::to_string(object.metageneration);
  response.headers["X-Goog-Hash"] = "crc32c=" + object.crc32c + ",md5=" + object.md5;
  response.headers["X-Goog-Stored-Content-Length"] = std::to_string(object.size);
  response.headers["X-Goog-Stored-Content-Encoding"] =
      object.content_encoding.empty() ? "identity" : object.content_encoding;
  if (!object.content_encoding.empty()) response.headers["Content-Encoding"] = object.content_encoding;
  if (auto range = data.empty() ? std::nullopt : byte_range(request, data.size())) {
    response.status = 206;
    response.headers["Content-Range"] = "bytes " + std::to_string(range->first) + "-" +
                                        std::to_string(range->second) + "/" + std::to_string(data.size());
    data = data.substr(range->first, range->second - range->first + 1);
  }
  response.body = std::move(data);
  return response;
}

// Requests for one generation only succeed when it is the live one (no versioning here).
void require_generation(const Request& request, const StoredObject& object) {
  if (auto generation = request.query_value("generation")) {
    if (*generation != std::to_string(object.generation)) {
      throw StorageError(404, "notFound", "No such object: " + object.bucket + "/" + object.name +
                                              "#" + *generation);
    }
  }
}

}  // namespace

Response StorageService::list_objects(const Request& request) {
  return guarded([&] {
    ListOptions options;
    options.prefix = request.query_value("prefix").value_or("");
    options.delimiter = request.query_value("delimiter").value_or("");
    options.start_offset = request.query_value("startOffset").value_or("");
    options.end_offset = request.query_value("endOffset").value_or("");
    options.page_token = request.query_value("pageToken").value_or("");
    options.max_results = max_results(request);
    options.include_trailing_delimiter = request.query_value("includeTrailingDelimiter") == "true";
    const ListPage page = storage_.list(request.param("bucket"), options);
    const std::string base = request.base_url();
    json items = json::array();
    for (const StoredObject& object : page.items) items.push_back(to_api_json(object, base));
    json body = {{"kind", "storage#objects"}};
    if (!items.empty()) body["items"] = std::move(items);
    if (!page.prefixes.empty()) body["prefixes"] = page.prefixes;
    if (!page.next_page_token.empty()) body["nextPageToken"] = page.next_page_token;
    return Response::json(200, body);
  });
}

Response StorageService::get_object(const Request& request) {
  if (request.query_value("alt") == "media") return download_object(request);
  return guarded([&] {
    auto object = storage_.get(request.param("bucket"), request.param("object"));
    if (!object) {
      if (!storage_.bucket_exists(request.param("bucket"))) {
        throw StorageError(404, "notFound", "The specified bucket does not exist: " + request.param("bucket"));
      }
      throw StorageError(404, "notFound", "No such object: " + request.param("bucket") + "/" + request.param("object"));
    }
    require_generation(request, *object);
    check_preconditions(preconditions_from(request), &*object);
    return object_response(request, *object);
  });
}

Response StorageService::download_object(const Request& request) {
  return guarded([&] {
    auto [object, data] = storage_.read_object(request.param("bucket"), request.param("object"),
                                               preconditions_from(request));
    require_generation(request, object);
    return media_response(request, object, std::move(data));
  });
}

Response StorageService::delete_object(const Request& request) {
  return guarded([&] {
    auto object = storage_.get(request.param("bucket"), request.param("object"));
    if (object) require_generation(request, *object);
    storage_.remove(request.param("bucket"), request.param("object"), preconditions_from(request));
    Response response;
    response.status = 204;
    return response;
  });
}

Response StorageService::patch_object(const Request& request, bool merge) {
  return guarded([&] {
    const StoredObject object = storage_.patch(request.param("bucket"), request.param("object"),
                                               json_body(request), merge, preconditions_from(request));
    return object_response(request, object);
  });
}

}  // namespace magritte::emulator::storage
