// The emulator's persistent state: one directory. Every write is atomic (temp file in the
// same directory, fsync, rename), so a SIGKILL never leaves a torn file, and a restart
// reloads exactly what was acknowledged.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace magritte::emulator {

// Writes `data` to `path` atomically; creates parent directories.
void write_file_atomic(const std::filesystem::path& path, std::string_view data);
std::optional<std::string> read_file(const std::filesystem::path& path);
// Temp files are named ".tmp.<pid>.<n>.<name>"; a SIGKILL can leave them behind.
bool is_temp_file(const std::filesystem::path& path);
// Removes leftover temp files under dir (called once at start, before serving).
void remove_temp_files(const std::filesystem::path& dir);

// A JSON document store: one file per document under <root>/<collection>/<id>.json.
// Ids are validated (no '/', no "..", no NUL) by the caller's API rules before reaching here;
// the store re-checks and throws std::invalid_argument rather than leave its root.
class DocumentStore {
public:
  explicit DocumentStore(std::filesystem::path root);

  std::optional<nlohmann::json> get(std::string_view collection, std::string_view id) const;
  void put(std::string_view collection, std::string_view id, const nlohmann::json& document);
  bool remove(std::string_view collection, std::string_view id);
  // All documents of a collection, sorted by id.
  std::vector<nlohmann::json> list(std::string_view collection) const;

  const std::filesystem::path& root() const { return root_; }

private:
  std::filesystem::path path_of(std::string_view collection, std::string_view id) const;

  std::filesystem::path root_;
};

}  // namespace magritte::emulator
