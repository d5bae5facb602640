// Reading the config file's text, refusing what cannot be a config before parsing it:
// directories, huge files, binary files. Messages start with the path as given.
#include <cerrno>
#include <cstring>
#include <fstream>

#include "config/layers.hpp"
#include "magritte/error.hpp"

namespace magritte::config {
namespace {

// A config file is a few KiB; anything past this is the wrong file, not a config.
constexpr std::uintmax_t kMaxFileBytes = 1024 * 1024;

}  // namespace

std::string read_config_text(const std::filesystem::path& path) {
  const std::string file = path.string();
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw usage_error(file + ": is a directory, not a config file");
  }
  const auto size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxFileBytes) {
    throw usage_error(file + ": file is " + std::to_string(size) +
                      " bytes; a config file must be at most 1 MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw usage_error(file + ": cannot read the config file: " + std::strerror(errno));
  // One byte more than expected: catches a file without a size (a pipe) that is too big.
  std::string text((error ? kMaxFileBytes : size) + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxFileBytes) {
    throw usage_error(file + ": file is over 1 MiB; a config file must be at most 1 MiB");
  }
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    throw usage_error(file + ": not a text file (NUL byte at offset " + std::to_string(nul) +
                      "); a config file is TOML text");
  }
  return text;
}

}  // namespace magritte::config
