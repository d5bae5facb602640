// Resumable upload sessions (uploadType=resumable): POST opens a session, PUTs append
// chunks (Content-Range), the last one publishes the object. Sessions live on disk, so an
// upload interrupted by an emulator restart can be resumed: a status query
// ("Content-Range: bytes */N") reports how much arrived.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace magritte::emulator::storage {

struct UploadSession {
  std::string id;
  std::string bucket;
  std::string name;
  nlohmann::json resource = nlohmann::json::object();  // writable fields of the object
  nlohmann::json preconditions = nlohmann::json::object();  // ifGenerationMatch & co, as sent
  std::optional<std::int64_t> total_size;  // from X-Upload-Content-Length, when given
};

// "bytes 0-99/200", "bytes */200", "bytes 0-99/*": first/last are nullopt for "*".
// "bytes 0-*/200", "bytes 0-*/*" (Node.js's single-request uploads): first without last, the
// body is everything from first on and this request ends the upload.
struct ContentRange {
  std::optional<std::int64_t> first;
  std::optional<std::int64_t> last;
  std::optional<std::int64_t> total;

  bool open_ended() const { return first && !last; }
};
std::optional<ContentRange> parse_content_range(std::string_view header);

class ResumableUploads {
public:
  explicit ResumableUploads(std::filesystem::path dir);

  std::string create(UploadSession session);  // assigns and returns the id
  std::optional<UploadSession> get(const std::string& id) const;
  std::int64_t received(const std::string& id) const;  // bytes stored so far
  // Stores data that starts at `offset`; bytes already received are skipped. Returns the new
  // received count; throws std::invalid_argument when offset leaves a gap.
  std::int64_t append(const std::string& id, std::int64_t offset, std::string_view data);
  std::string content(const std::string& id) const;
  void remove(const std::string& id);

private:
  std::filesystem::path session_path(const std::string& id) const;
  std::filesystem::path data_path(const std::string& id) const;

  std::filesystem::path dir_;
  mutable std::mutex mutex_;
};

}  // namespace magritte::emulator::storage
