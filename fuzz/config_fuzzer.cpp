// libFuzzer target: the whole config loader (TOML file layer, env layer, interpolation,
// validation) on arbitrary bytes.
//
// Input: the TOML file's text, optionally followed by "\n%%\n" and environment lines
// (NAME=value, one per line), so that env conversion (including TOML literals in
// MAGRITTE_* values) is fuzzed too.
// A finding is anything but success or magritte::Error: a crash, a sanitizer report, or
// another exception (main() would turn it into "internal error", exit 70: still a bug).
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>

#include "magritte/config.hpp"
#include "magritte/error.hpp"

namespace {

using magritte::config::LoadOptions;

std::map<std::string, std::string> parse_env(std::string_view text) {
  std::map<std::string, std::string> env;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const auto eq = line.find('=');
    if (eq != std::string_view::npos && eq > 0) env[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
  }
  return env;
}

// The file lives in memory (memfd): no disk I/O per input, and a real path for load().
class MemoryFile {
public:
  MemoryFile() : fd_(memfd_create("magritte.toml", 0)) {
    if (fd_ < 0) std::abort();
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { close(fd_); }
  void write(std::string_view text) {
    if (ftruncate(fd_, 0) != 0 || pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
      std::abort();
    }
  }
  const std::string& path() const { return path_; }

private:
  int fd_;
  std::string path_;
};

void touch_every_setting(const magritte::config::Settings& settings) {
  for (const auto& setting : settings.all()) {
    (void)setting.origin.describe();
    (void)settings.has(setting.key);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static MemoryFile file;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto separator = input.find("\n%%\n");
  file.write(input.substr(0, separator));
  const auto env = separator == std::string_view::npos ? std::map<std::string, std::string>()
                                                        : parse_env(input.substr(separator + 4));
  LoadOptions options;
  options.config_flag = file.path();
  options.cwd = "";
  options.getenv = [&env](const std::string& name) -> std::optional<std::string> {
    const auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  options.env_names = [&env] {
    std::vector<std::string> names;
    for (const auto& [name, value] : env) names.push_back(name);
    return names;
  };
  try {
    touch_every_setting(magritte::config::load(options));
  } catch (const magritte::Error& error) {
    // Expected for bad input; the message must name something (never empty).
    if (std::string_view(error.what()).empty()) std::abort();
  }
  return 0;
}
