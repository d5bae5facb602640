// One stored object: what the metadata document on disk holds, and its JSON API form.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/object_store.hpp"

namespace magritte::emulator::storage {

struct StoredObject {
  std::string bucket;
  std::string name;
  std::string blob;  // file name of the content under blobs/<bucket>/
  std::int64_t size = 0;
  std::int64_t generation = 0;
  std::int64_t metageneration = 1;
  std::string md5;     // base64
  std::string crc32c;  // base64, big-endian
  std::string content_type;
  std::string content_encoding;
  std::string content_disposition;
  std::string content_language;
  std::string cache_control;
  std::string time_created;  // RFC 3339
  std::string updated;
  std::map<std::string, std::string> metadata;  // user metadata, e.g. goog-reserved-file-mtime
};

nlohmann::json to_disk_json(const StoredObject& object);
StoredObject from_disk_json(const nlohmann::json& json);  // throws nlohmann::json::exception

// The storage#object resource; links point back to base_url ("https://storage.emulator.test").
nlohmann::json to_api_json(const StoredObject& object, const std::string& base_url);
ObjectInfo to_object_info(const StoredObject& object);

// Applies the writable fields of an object resource (contentType, metadata, ...). With
// merge, metadata keys are merged and a null value removes a key (PATCH); without, metadata
// is replaced (insert, PUT).
void apply_writable_fields(StoredObject& object, const nlohmann::json& resource, bool merge);

// Cloud Storage's etag: base64 of a small protobuf {1: generation, 2: metageneration}.
std::string object_etag(std::int64_t generation, std::int64_t metageneration);

}  // namespace magritte::emulator::storage
