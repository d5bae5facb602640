#include "emulator/storage/object_record.hpp"

#include "emulator/url.hpp"
#include "magritte/base64.hpp"

namespace magritte::emulator::storage {
namespace {

using nlohmann::json;

void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

// The writable string fields of an object resource and where they live in StoredObject.
struct StringField {
  const char* key;
  std::string StoredObject::*member;
};
constexpr StringField kStringFields[] = {
    {"contentType", &StoredObject::content_type},
    {"contentEncoding", &StoredObject::content_encoding},
    {"contentDisposition", &StoredObject::content_disposition},
    {"contentLanguage", &StoredObject::content_language},
    {"cacheControl", &StoredObject::cache_control},
};

std::string string_or_empty(const json& resource, const char* key) {
  auto it = resource.find(key);
  return it != resource.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string object_etag(std::int64_t generation, std::int64_t metageneration) {
  std::string proto;
  proto += '\x08';
  put_varint(proto, static_cast<std::uint64_t>(generation));
  proto += '\x10';
  put_varint(proto, static_cast<std::uint64_t>(metageneration));
  return base64_encode(proto);
}

json to_disk_json(const StoredObject& o) {
  json document = {{"bucket", o.bucket},       {"name", o.name},
                   {"blob", o.blob},           {"size", o.size},
                   {"generation", o.generation}, {"metageneration", o.metageneration},
                   {"md5Hash", o.md5},         {"crc32c", o.crc32c},
                   {"timeCreated", o.time_created}, {"updated", o.updated},
                   {"metadata", o.metadata}};
  for (const auto& field : kStringFields) document[field.key] = o.*field.member;
  return document;
}

StoredObject from_disk_json(const json& document) {
  StoredObject o;
  o.bucket = document.at("bucket").get<std::string>();
  o.name = document.at("name").get<std::string>();
  o.blob = document.at("blob").get<std::string>();
  o.size = document.at("size").get<std::int64_t>();
  o.generation = document.at("generation").get<std::int64_t>();
  o.metageneration = document.at("metageneration").get<std::int64_t>();
  o.md5 = document.at("md5Hash").get<std::string>();
  o.crc32c = document.at("crc32c").get<std::string>();
  o.time_created = document.at("timeCreated").get<std::string>();
  o.updated = document.at("updated").get<std::string>();
  o.metadata = document.value("metadata", std::map<std::string, std::string>{});
  for (const auto& field : kStringFields) o.*field.member = string_or_empty(document, field.key);
  return o;
}

json to_api_json(const StoredObject& o, const std::string& base_url) {
  const std::string path = "/b/" + percent_encode(o.bucket) + "/o/" + percent_encode(o.name);
  const std::string generation = std::to_string(o.generation);
  json resource = {
      {"kind", "storage#object"},
      {"id", o.bucket + "/" + o.name + "/" + generation},
      {"selfLink", base_url + "/storage/v1" + path},
      {"mediaLink", base_url + "/download/storage/v1" + path + "?generation=" + generation + "&alt=media"},
      {"name", o.name},
      {"bucket", o.bucket},
      {"generation", generation},
      {"metageneration", std::to_string(o.metageneration)},
      {"storageClass", "STANDARD"},
      {"size", std::to_string(o.size)},
      {"md5Hash", o.md5},
      {"crc32c", o.crc32c},
      {"etag", object_etag(o.generation, o.metageneration)},
      {"timeCreated", o.time_created},
      {"updated", o.updated},
      {"timeStorageClassUpdated", o.time_created},
  };
  for (const auto& field : kStringFields) {
    if (!(o.*field.member).empty()) resource[field.key] = o.*field.member;
  }
  if (!o.metadata.empty()) resource["metadata"] = o.metadata;
  return resource;
}

ObjectInfo to_object_info(const StoredObject& o) {
  return ObjectInfo{o.bucket, o.name, o.size, o.generation, o.md5, o.crc32c, o.content_type, o.updated};
}

void apply_writable_fields(StoredObject& object, const json& resource, bool merge) {
  if (!resource.is_object()) return;
  for (const auto& field : kStringFields) {
    auto it = resource.find(field.key);
    if (it == resource.end()) continue;
    object.*field.member = it->is_string() ? it->get<std::string>() : std::string();
  }
  auto metadata = resource.find("metadata");
  if (metadata == resource.end()) return;
  if (!merge || metadata->is_null()) object.metadata.clear();
  if (!metadata->is_object()) return;
  for (const auto& [key, value] : metadata->items()) {
    if (value.is_null()) {
      object.metadata.erase(key);
    } else {
      object.metadata[key] = value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
}

}  // namespace magritte::emulator::storage
