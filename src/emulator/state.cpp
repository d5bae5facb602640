#include "emulator/state.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace magritte::emulator {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void throw_errno(const std::string& what, const fs::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

void write_all(int fd, std::string_view data, const fs::path& path) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw_errno("cannot write", path);
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
}

// A unique sibling name: same directory (rename stays atomic), never collides between
// threads or between a crashed run and this one.
fs::path temp_sibling(const fs::path& path) {
  static std::atomic<unsigned long> counter{0};
  return path.parent_path() / (".tmp." + std::to_string(::getpid()) + "." +
                               std::to_string(counter++) + "." + path.filename().string());
}

void fsync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the rename itself is already atomic
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

bool is_temp_file(const fs::path& path) { return path.filename().string().rfind(".tmp.", 0) == 0; }

void write_file_atomic(const fs::path& path, std::string_view data) {
  fs::create_directories(path.parent_path());
  const fs::path temp = temp_sibling(path);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw_errno("cannot create", temp);
  try {
    write_all(fd, data, temp);
    if (::fsync(fd) != 0) throw_errno("cannot fsync", temp);
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    throw_errno("cannot rename into", path);
  }
  fsync_directory(path.parent_path());
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return std::move(content).str();
}

void remove_temp_files(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec) && is_temp_file(it->path())) fs::remove(it->path(), ec);
  }
}

DocumentStore::DocumentStore(fs::path root) : root_(std::move(root)) {}

fs::path DocumentStore::path_of(std::string_view collection, std::string_view id) const {
  if (id.empty() || id == "." || id == ".." || id.find('/') != std::string_view::npos ||
      id.find('\0') != std::string_view::npos) {
    throw std::invalid_argument("invalid document id '" + std::string(id) + "'");
  }
  return root_ / fs::path(std::string(collection)) / (std::string(id) + ".json");
}

std::optional<nlohmann::json> DocumentStore::get(std::string_view collection,
                                                 std::string_view id) const {
  const auto text = read_file(path_of(collection, id));
  if (!text) return std::nullopt;
  return nlohmann::json::parse(*text);
}

void DocumentStore::put(std::string_view collection, std::string_view id,
                        const nlohmann::json& document) {
  write_file_atomic(path_of(collection, id), document.dump(2) + "\n");
}

bool DocumentStore::remove(std::string_view collection, std::string_view id) {
  const fs::path path = path_of(collection, id);
  std::error_code ec;
  const bool removed = fs::remove(path, ec);
  if (removed) fsync_directory(path.parent_path());
  return removed;
}

std::vector<nlohmann::json> DocumentStore::list(std::string_view collection) const {
  std::vector<std::pair<std::string, nlohmann::json>> documents;
  std::error_code ec;
  const fs::path dir = root_ / fs::path(std::string(collection));
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.extension() != ".json" || is_temp_file(path)) continue;
    const auto text = read_file(path);
    if (!text) continue;  // removed between listing and reading
    documents.emplace_back(path.stem().string(), nlohmann::json::parse(*text));
  }
  std::sort(documents.begin(), documents.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<nlohmann::json> result;
  result.reserve(documents.size());
  for (auto& [id, document] : documents) result.push_back(std::move(document));
  return result;
}

}  // namespace magritte::emulator
