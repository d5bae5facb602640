#include "emulator/storage/resumable.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <stdexcept>

#include "emulator/state.hpp"
#include "emulator/storage/checksums.hpp"

namespace magritte::emulator::storage {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool is_session_id(const std::string& id) {
  if (id.size() != 32) return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::optional<std::int64_t> parse_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::optional<ContentRange> parse_content_range(std::string_view header) {
  if (header.substr(0, 6) != "bytes ") return std::nullopt;
  header.remove_prefix(6);
  const auto slash = header.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  ContentRange range;
  const std::string_view span = header.substr(0, slash);
  const std::string_view total = header.substr(slash + 1);
  if (total != "*") {
    range.total = parse_number(total);
    if (!range.total) return std::nullopt;
  }
  if (span != "*") {
    const auto dash = span.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    range.first = parse_number(span.substr(0, dash));
    if (!range.first) return std::nullopt;
    if (span.substr(dash + 1) == "*") return range;  // open end: the rest of this body
    range.last = parse_number(span.substr(dash + 1));
    if (!range.last || *range.last < *range.first) return std::nullopt;
  }
  return range;
}

ResumableUploads::ResumableUploads(fs::path dir) : dir_(std::move(dir)) { fs::create_directories(dir_); }

fs::path ResumableUploads::session_path(const std::string& id) const { return dir_ / (id + ".json"); }
fs::path ResumableUploads::data_path(const std::string& id) const { return dir_ / (id + ".data"); }

std::string ResumableUploads::create(UploadSession session) {
  session.id = random_hex_id();
  json document = {{"id", session.id},         {"bucket", session.bucket},
                   {"name", session.name},     {"resource", session.resource},
                   {"preconditions", session.preconditions}};
  if (session.total_size) document["totalSize"] = *session.total_size;
  std::lock_guard lock(mutex_);
  write_file_atomic(data_path(session.id), "");
  write_file_atomic(session_path(session.id), document.dump());
  return session.id;
}

std::optional<UploadSession> ResumableUploads::get(const std::string& id) const {
  if (!is_session_id(id)) return std::nullopt;
  std::lock_guard lock(mutex_);
  const auto text = read_file(session_path(id));
  if (!text) return std::nullopt;
  const json document = json::parse(*text);
  UploadSession session;
  session.id = id;
  session.bucket = document.at("bucket").get<std::string>();
  session.name = document.at("name").get<std::string>();
  session.resource = document.value("resource", json::object());
  session.preconditions = document.value("preconditions", json::object());
  if (document.contains("totalSize")) session.total_size = document["totalSize"].get<std::int64_t>();
  return session;
}

std::int64_t ResumableUploads::received(const std::string& id) const {
  std::lock_guard lock(mutex_);
  std::error_code ec;
  const auto size = fs::file_size(data_path(id), ec);
  return ec ? 0 : static_cast<std::int64_t>(size);
}

std::int64_t ResumableUploads::append(const std::string& id, std::int64_t offset, std::string_view data) {
  std::lock_guard lock(mutex_);
  const fs::path path = data_path(id);
  std::error_code ec;
  const auto have = static_cast<std::int64_t>(fs::file_size(path, ec));
  if (ec) throw std::invalid_argument("No such upload session");
  if (offset > have) {
    throw std::invalid_argument("Upload chunk starts at byte " + std::to_string(offset) +
                                " but only " + std::to_string(have) + " bytes were received");
  }
  const auto skip = static_cast<std::size_t>(have - offset);
  if (skip >= data.size()) return have;
  data.remove_prefix(skip);
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path.string());
  std::size_t written_total = 0;
  while (written_total < data.size()) {
    const ssize_t written = ::write(fd, data.data() + written_total, data.size() - written_total);
    if (written <= 0) {
      ::close(fd);
      throw std::runtime_error("cannot write " + path.string());
    }
    written_total += static_cast<std::size_t>(written);
  }
  ::fsync(fd);  // acknowledged bytes survive a crash
  ::close(fd);
  return have + static_cast<std::int64_t>(data.size());
}

std::string ResumableUploads::content(const std::string& id) const {
  std::lock_guard lock(mutex_);
  return read_file(data_path(id)).value_or("");
}

void ResumableUploads::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  std::error_code ignored;
  fs::remove(session_path(id), ignored);
  fs::remove(data_path(id), ignored);
}

}  // namespace magritte::emulator::storage
