#include "emulator/storage/disk_storage.hpp"

#include <chrono>
#include <fstream>
#include <iterator>

#include "emulator/state.hpp"
#include "emulator/storage/checksums.hpp"
#include "emulator/storage/names.hpp"
#include "magritte/timestamp.hpp"

namespace magritte::emulator::storage {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void require_valid_object_name(const std::string& name) {
  if (auto problem = object_name_problem(name)) throw StorageError(400, "invalid", *problem);
}

StorageError object_not_found(std::string_view bucket, std::string_view name) {
  return StorageError(404, "notFound", "No such object: " + std::string(bucket) + "/" + std::string(name));
}

}  // namespace

void check_preconditions(const Preconditions& p, const StoredObject* current) {
  const std::int64_t generation = current ? current->generation : 0;
  const auto fail = [](const std::string& what) {
    throw StorageError(412, "conditionNotMet",
                       "At least one of the pre-conditions you specified did not hold (" + what + ").");
  };
  if (p.if_generation_match && *p.if_generation_match != generation) fail("ifGenerationMatch");
  if (p.if_generation_not_match && *p.if_generation_not_match == generation) fail("ifGenerationNotMatch");
  if (p.if_metageneration_match && (!current || *p.if_metageneration_match != current->metageneration)) {
    fail("ifMetagenerationMatch");
  }
  if (p.if_metageneration_not_match && current &&
      *p.if_metageneration_not_match == current->metageneration) {
    fail("ifMetagenerationNotMatch");
  }
}

fs::path DiskStorage::object_document(const std::string& bucket, const std::string& name) const {
  return root_ / "objects" / bucket / (sha256_hex(name) + ".json");
}

fs::path DiskStorage::blob_path(const std::string& bucket, const std::string& blob) const {
  return root_ / "blobs" / bucket / blob;
}

// Generations are microseconds since the epoch, as on Cloud Storage, and always increase.
std::int64_t DiskStorage::next_generation() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  last_generation_ = std::max<std::int64_t>(last_generation_ + 1,
                                            std::chrono::duration_cast<std::chrono::microseconds>(now).count());
  return last_generation_;
}

StoredObject DiskStorage::insert(const std::string& bucket, const std::string& name,
                                 std::string_view data, const json& resource,
                                 const Preconditions& preconditions) {
  require_valid_object_name(name);
  {
    std::shared_lock lock(mutex_);
    bucket_or_throw(bucket);  // 404 before writing anything
  }
  StoredObject object;
  object.bucket = bucket;
  object.name = name;
  object.size = static_cast<std::int64_t>(data.size());
  object.md5 = md5_base64(data);
  object.crc32c = crc32c_base64(crc32c(data));
  object.content_type = "application/octet-stream";
  apply_writable_fields(object, resource, false);
  object.blob = random_hex_id();
  // The content is durable before any metadata points at it.
  write_file_atomic(blob_path(bucket, object.blob), data);

  std::unique_lock lock(mutex_);
  try {
    auto& objects = bucket_or_throw(bucket).objects;
    auto existing = objects.find(name);
    check_preconditions(preconditions, existing == objects.end() ? nullptr : &existing->second);
    object.generation = next_generation();
    object.time_created = object.updated = rfc3339_now(FractionDigits::milli);
    write_file_atomic(object_document(bucket, name), to_disk_json(object).dump());
    if (existing != objects.end()) {
      std::error_code ignored;
      fs::remove(blob_path(bucket, existing->second.blob), ignored);
      existing->second = object;
    } else {
      objects.emplace(name, object);
    }
  } catch (...) {
    std::error_code ignored;
    fs::remove(blob_path(bucket, object.blob), ignored);
    throw;
  }
  return object;
}

std::optional<StoredObject> DiskStorage::get(std::string_view bucket, std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto found = buckets_.find(bucket);
  if (found == buckets_.end()) return std::nullopt;
  auto object = found->second.objects.find(std::string(name));
  if (object == found->second.objects.end()) return std::nullopt;
  return object->second;
}

std::pair<StoredObject, std::string> DiskStorage::read_object(std::string_view bucket,
                                                              std::string_view name,
                                                              const Preconditions& preconditions) const {
  StoredObject object;
  std::ifstream in;
  {
    // Open under the lock: a concurrent replace may unlink the blob, but an open file stays
    // readable, so the content always matches the metadata returned.
    std::shared_lock lock(mutex_);
    const Bucket& found = bucket_or_throw(bucket);
    auto it = found.objects.find(std::string(name));
    if (it == found.objects.end()) throw object_not_found(bucket, name);
    check_preconditions(preconditions, &it->second);
    object = it->second;
    in.open(blob_path(object.bucket, object.blob), std::ios::binary);
  }
  if (!in) throw StorageError(500, "backendError", "Missing content for " + object.bucket + "/" + object.name);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {std::move(object), std::move(data)};
}

StoredObject DiskStorage::patch(const std::string& bucket, const std::string& name,
                                const json& resource, bool merge, const Preconditions& preconditions) {
  std::unique_lock lock(mutex_);
  auto& objects = bucket_or_throw(bucket).objects;
  auto it = objects.find(name);
  if (it == objects.end()) throw object_not_found(bucket, name);
  check_preconditions(preconditions, &it->second);
  StoredObject updated = it->second;
  apply_writable_fields(updated, resource, merge);
  if (updated.content_type.empty()) updated.content_type = "application/octet-stream";
  updated.metageneration += 1;
  updated.updated = rfc3339_now(FractionDigits::milli);
  write_file_atomic(object_document(bucket, name), to_disk_json(updated).dump());
  it->second = updated;
  return updated;
}

void DiskStorage::remove(const std::string& bucket, const std::string& name,
                         const Preconditions& preconditions) {
  std::unique_lock lock(mutex_);
  auto& objects = bucket_or_throw(bucket).objects;
  auto it = objects.find(name);
  if (it == objects.end()) throw object_not_found(bucket, name);
  check_preconditions(preconditions, &it->second);
  // Metadata first: once it is gone the object is gone, whatever happens to the blob.
  fs::remove(object_document(bucket, name));
  std::error_code ignored;
  fs::remove(blob_path(bucket, it->second.blob), ignored);
  objects.erase(it);
}

ListPage DiskStorage::list(std::string_view bucket, const ListOptions& options) const {
  std::shared_lock lock(mutex_);
  try {
    return list_objects(bucket_or_throw(bucket).objects, options);
  } catch (const std::invalid_argument& error) {
    throw StorageError(400, "invalid", error.what());
  }
}

bool DiskStorage::bucket_exists(std::string_view bucket) const {
  std::shared_lock lock(mutex_);
  return buckets_.find(bucket) != buckets_.end();
}

std::optional<ObjectInfo> DiskStorage::stat(std::string_view bucket, std::string_view name) const {
  auto object = get(bucket, name);
  if (!object) return std::nullopt;
  return to_object_info(*object);
}

std::optional<std::string> DiskStorage::read(std::string_view bucket, std::string_view name) const {
  try {
    return read_object(bucket, name).second;
  } catch (const StorageError& error) {
    if (error.status() == 404) return std::nullopt;
    throw;
  }
}

std::vector<ObjectInfo> DiskStorage::list(std::string_view bucket, std::string_view prefix) const {
  std::shared_lock lock(mutex_);
  std::vector<ObjectInfo> result;
  auto found = buckets_.find(bucket);
  if (found == buckets_.end()) return result;
  const auto& objects = found->second.objects;
  for (auto it = objects.lower_bound(std::string(prefix));
       it != objects.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    result.push_back(to_object_info(it->second));
  }
  return result;
}

ObjectInfo DiskStorage::write(std::string_view bucket, std::string_view name, std::string_view data,
                              std::string_view content_type) {
  json resource = json::object();
  if (!content_type.empty()) resource["contentType"] = content_type;
  return to_object_info(insert(std::string(bucket), std::string(name), data, resource));
}

}  // namespace magritte::emulator::storage
