// DiskStorage: loading at start, and bucket operations.
#include <cctype>
#include <iostream>
#include <set>
#include <utility>

#include "emulator/state.hpp"
#include "emulator/storage/disk_storage.hpp"
#include "emulator/storage/names.hpp"
#include "magritte/timestamp.hpp"

namespace magritte::emulator::storage {
namespace fs = std::filesystem;
using nlohmann::json;

DiskStorage::DiskStorage(fs::path root) : root_(std::move(root)) {
  fs::create_directories(root_ / "buckets");
  remove_temp_files(root_);
  load();
}

void DiskStorage::load() {
  DocumentStore documents(root_);
  for (json& resource : documents.list("buckets")) {
    const std::string name = resource.value("name", "");
    if (bucket_name_problem(name)) continue;
    buckets_[name].resource = std::move(resource);
  }
  std::error_code ec;
  for (auto& [name, bucket] : buckets_) {
    for (auto it = fs::directory_iterator(root_ / "objects" / name, ec);
         !ec && it != fs::directory_iterator(); it.increment(ec)) {
      try {
        StoredObject object = from_disk_json(json::parse(read_file(it->path()).value_or("")));
        last_generation_ = std::max(last_generation_, object.generation);
        bucket.objects.emplace(object.name, std::move(object));
      } catch (const std::exception& error) {
        // Atomic writes make this impossible short of disk damage; keep serving the rest.
        std::cerr << "emulator: warning: skipping unreadable " << it->path() << ": " << error.what() << '\n';
      }
    }
    ec.clear();
    // Blobs nobody references: a SIGKILL between writing content and publishing metadata.
    std::set<std::string> referenced;
    for (const auto& [object_name, object] : bucket.objects) referenced.insert(object.blob);
    for (auto it = fs::directory_iterator(root_ / "blobs" / name, ec);
         !ec && it != fs::directory_iterator(); it.increment(ec)) {
      if (!referenced.count(it->path().filename().string())) fs::remove(it->path(), ec);
    }
    ec.clear();
  }
}

const DiskStorage::Bucket& DiskStorage::bucket_or_throw(std::string_view name) const {
  auto found = buckets_.find(name);
  if (found == buckets_.end()) {
    throw StorageError(404, "notFound", "The specified bucket does not exist: " + std::string(name));
  }
  return found->second;
}

DiskStorage::Bucket& DiskStorage::bucket_or_throw(std::string_view name) {
  return const_cast<Bucket&>(std::as_const(*this).bucket_or_throw(name));
}

json DiskStorage::create_bucket(const std::string& name, const json& request) {
  if (auto problem = bucket_name_problem(name)) throw StorageError(400, "invalid", *problem);
  std::unique_lock lock(mutex_);
  if (buckets_.find(name) != buckets_.end()) {
    throw StorageError(409, "conflict",
                       "The requested bucket name is not available. The bucket namespace is shared "
                       "by all users of the system. Please select a different name and try again.");
  }
  const std::string now = rfc3339_now(FractionDigits::milli);
  std::string location = request.is_object() ? request.value("location", "US") : "US";
  // As asked (`buckets create --uniform-bucket-level-access` sends it), else off as in the cloud.
  const json::json_pointer ubla("/iamConfiguration/uniformBucketLevelAccess/enabled");
  const bool uniform_access = request.is_object() && request.contains(ubla) && request.at(ubla).is_boolean() &&
                              request.at(ubla).get<bool>();
  for (char& c : location) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  json resource = {
      {"kind", "storage#bucket"},   {"id", name},
      {"name", name},               {"projectNumber", "0"},
      {"metageneration", "1"},      {"location", location},
      {"locationType", location.find('-') == std::string::npos ? "multi-region" : "region"},
      {"storageClass", request.is_object() ? request.value("storageClass", "STANDARD") : "STANDARD"},
      {"etag", "CAE="},             {"timeCreated", now},
      {"updated", now},
      {"iamConfiguration", {{"uniformBucketLevelAccess", {{"enabled", uniform_access}}}}},
  };
  DocumentStore(root_).put("buckets", name, resource);
  fs::create_directories(root_ / "objects" / name);
  fs::create_directories(root_ / "blobs" / name);
  buckets_[name].resource = resource;
  return resource;
}

std::optional<json> DiskStorage::get_bucket(std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto found = buckets_.find(name);
  if (found == buckets_.end()) return std::nullopt;
  return found->second.resource;
}

std::vector<json> DiskStorage::list_buckets() const {
  std::shared_lock lock(mutex_);
  std::vector<json> result;
  for (const auto& [name, bucket] : buckets_) result.push_back(bucket.resource);
  return result;
}

void DiskStorage::delete_bucket(const std::string& name) {
  std::unique_lock lock(mutex_);
  const Bucket& bucket = bucket_or_throw(name);
  if (!bucket.objects.empty()) {
    throw StorageError(409, "conflict", "The bucket you tried to delete is not empty.");
  }
  DocumentStore(root_).remove("buckets", name);
  std::error_code ignored;
  fs::remove_all(root_ / "objects" / name, ignored);
  fs::remove_all(root_ / "blobs" / name, ignored);
  buckets_.erase(buckets_.find(name));
}

}  // namespace magritte::emulator::storage
