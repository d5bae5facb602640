#include "emulator/storage/names.hpp"

namespace magritte::emulator::storage {
namespace {

bool is_bucket_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

bool is_alnum_lower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool has_dotdot_segment(std::string_view name) {
  std::size_t start = 0;
  while (start <= name.size()) {
    const auto slash = name.find('/', start);
    const auto segment = name.substr(start, slash == std::string_view::npos ? name.npos : slash - start);
    if (segment == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

std::optional<std::string> bucket_name_problem(std::string_view name) {
  const std::string quoted = "'" + std::string(name) + "'";
  if (name.size() < 3 || name.size() > 222) {
    return "Invalid bucket name " + quoted + ": a bucket name has 3 to 63 characters (222 with dots)";
  }
  for (char c : name) {
    if (!is_bucket_char(c)) {
      return "Invalid bucket name " + quoted +
             ": only lowercase letters, digits, '-', '_' and '.' are allowed";
    }
  }
  if (!is_alnum_lower(name.front()) || !is_alnum_lower(name.back())) {
    return "Invalid bucket name " + quoted + ": it must start and end with a letter or digit";
  }
  if (name.find("..") != std::string_view::npos) {
    return "Invalid bucket name " + quoted + ": '..' is not allowed";
  }
  return std::nullopt;
}

std::optional<std::string> object_name_problem(std::string_view name) {
  if (name.empty()) return "Object name is required";
  if (name.size() > 1024) return "Object name is longer than 1024 bytes";
  if (name.find('\0') != std::string_view::npos) return "Object name contains a NUL character";
  if (name.find_first_of("\r\n") != std::string_view::npos) {
    return "Object name contains a carriage return or line feed";
  }
  if (!is_valid_utf8(name)) return "Object name is not valid UTF-8";
  if (name.front() == '/') {
    return "Object name '" + std::string(name) + "' is absolute (starts with '/'); the emulator refuses it";
  }
  if (name == "." || has_dotdot_segment(name)) {
    return "Object name '" + std::string(name) +
           "' contains a '..' segment; the emulator refuses names that could escape a directory";
  }
  return std::nullopt;
}

}  // namespace magritte::emulator::storage
