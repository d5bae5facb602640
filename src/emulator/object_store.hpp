// Cloud Storage objects as the rest of the emulator sees them. The storage JSON API
// (storage/*.cpp) implements it on disk; the ml service reads staged trainer packages and
// model origins through it, and the trainer process reaches the same data over HTTP
// (STORAGE_EMULATOR_HOST).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace magritte::emulator {

struct ObjectInfo {
  std::string bucket;
  std::string name;
  std::int64_t size = 0;
  std::int64_t generation = 0;
  std::string md5_base64;     // base64 of the MD5 digest, as the JSON API's md5Hash
  std::string crc32c_base64;  // base64 of the big-endian CRC32C, as crc32c
  std::string content_type;
  std::string updated;        // RFC 3339
};

class ObjectStore {
public:
  virtual ~ObjectStore() = default;
  virtual bool bucket_exists(std::string_view bucket) const = 0;
  virtual std::optional<ObjectInfo> stat(std::string_view bucket, std::string_view name) const = 0;
  virtual std::optional<std::string> read(std::string_view bucket, std::string_view name) const = 0;
  // Objects whose name starts with prefix, sorted by name.
  virtual std::vector<ObjectInfo> list(std::string_view bucket, std::string_view prefix) const = 0;
  // Creates or replaces an object atomically (readers see the old or the new, never half).
  virtual ObjectInfo write(std::string_view bucket, std::string_view name, std::string_view data,
                           std::string_view content_type) = 0;
};

// "gs://bucket/a/b" → {"bucket", "a/b"}; nullopt when not a gs:// URI with a bucket.
struct GcsPath {
  std::string bucket;
  std::string name;
};
std::optional<GcsPath> parse_gcs_uri(std::string_view uri);

}  // namespace magritte::emulator
