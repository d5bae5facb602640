// Buckets and objects on disk, the single source of truth for the storage JSON API and for
// the ml service (through the ObjectStore interface).
//
// Layout under <root> (= <data-dir>/storage):
//   buckets/<bucket>.json                 bucket resource
//   objects/<bucket>/<sha256(name)>.json  object metadata (name, blob, hashes, generation...)
//   blobs/<bucket>/<random id>            object content, never rewritten in place
// An upload writes its blob first (temp + fsync + rename), then publishes the metadata
// document atomically; a SIGKILL in between leaves an unreferenced blob, swept at the next
// start, and never a half object. Object names only ever become hashed file names, so no
// name can address a path outside the data dir.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/object_store.hpp"
#include "emulator/storage/list_objects.hpp"
#include "emulator/storage/object_record.hpp"

namespace magritte::emulator::storage {

// A failure with its HTTP status and Cloud Storage reason ("notFound", "conflict", ...).
class StorageError : public std::runtime_error {
public:
  StorageError(int status, std::string reason, const std::string& message)
      : std::runtime_error(message), status_(status), reason_(std::move(reason)) {}
  int status() const { return status_; }
  const std::string& reason() const { return reason_; }

private:
  int status_;
  std::string reason_;
};

// ifGenerationMatch & co. (0 for ifGenerationMatch means "must not exist yet").
struct Preconditions {
  std::optional<std::int64_t> if_generation_match{};
  std::optional<std::int64_t> if_generation_not_match{};
  std::optional<std::int64_t> if_metageneration_match{};
  std::optional<std::int64_t> if_metageneration_not_match{};
};

class DiskStorage final : public ObjectStore {
public:
  // Loads every bucket and object; removes temp files and unreferenced blobs.
  explicit DiskStorage(std::filesystem::path root);

  // Buckets (resources as the JSON API returns them).
  nlohmann::json create_bucket(const std::string& name, const nlohmann::json& resource);
  std::optional<nlohmann::json> get_bucket(std::string_view name) const;
  std::vector<nlohmann::json> list_buckets() const;
  void delete_bucket(const std::string& name);  // 409 when not empty

  // Objects. `resource` holds the writable fields (contentType, metadata, ...).
  StoredObject insert(const std::string& bucket, const std::string& name, std::string_view data,
                      const nlohmann::json& resource, const Preconditions& preconditions = {});
  std::optional<StoredObject> get(std::string_view bucket, std::string_view name) const;
  // Metadata and content read consistently (the content of exactly that generation).
  std::pair<StoredObject, std::string> read_object(std::string_view bucket, std::string_view name,
                                                   const Preconditions& preconditions = {}) const;
  StoredObject patch(const std::string& bucket, const std::string& name, const nlohmann::json& resource,
                     bool merge, const Preconditions& preconditions = {});
  void remove(const std::string& bucket, const std::string& name, const Preconditions& preconditions = {});
  ListPage list(std::string_view bucket, const ListOptions& options) const;

  // ObjectStore (for the ml service). write() throws StorageError.
  bool bucket_exists(std::string_view bucket) const override;
  std::optional<ObjectInfo> stat(std::string_view bucket, std::string_view name) const override;
  std::optional<std::string> read(std::string_view bucket, std::string_view name) const override;
  std::vector<ObjectInfo> list(std::string_view bucket, std::string_view prefix) const override;
  ObjectInfo write(std::string_view bucket, std::string_view name, std::string_view data,
                   std::string_view content_type) override;

  const std::filesystem::path& root() const { return root_; }

private:
  struct Bucket {
    nlohmann::json resource;
    std::map<std::string, StoredObject> objects;
  };

  void load();
  // 404 "notFound" when missing; the caller holds the lock.
  const Bucket& bucket_or_throw(std::string_view name) const;
  Bucket& bucket_or_throw(std::string_view name);
  std::filesystem::path object_document(const std::string& bucket, const std::string& name) const;
  std::filesystem::path blob_path(const std::string& bucket, const std::string& blob) const;
  std::int64_t next_generation();  // caller holds the exclusive lock

  std::filesystem::path root_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, Bucket, std::less<>> buckets_;
  std::int64_t last_generation_ = 0;
};

// Throws StorageError(412, "conditionNotMet") unless `current` satisfies the preconditions;
// current is nullopt when the object does not exist.
void check_preconditions(const Preconditions& preconditions, const StoredObject* current);

}  // namespace magritte::emulator::storage
