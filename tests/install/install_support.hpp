// Shared by the install tests: where the fixture (build_package.cmake) unpacked the package,
// and how to run what it holds.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "support/process.hpp"

namespace magritte::install_test {

namespace fs = std::filesystem;

// <root>/usr/<relative>: the package's files, as `dpkg -i` would put them under /usr.
inline fs::path installed(const std::string& relative) { return fs::path(MAGRITTE_INSTALL_ROOT) / "usr" / relative; }
inline std::string installed_magritte() { return installed("bin/magritte").string(); }

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A program run with only PATH and HOME (a fresh one) set, plus `extra`.
inline testing::ProcessResult run_plain(const std::string& program, const std::vector<std::string>& args,
                                        const std::map<std::string, std::string>& extra = {},
                                        const std::string* input = nullptr) {
  static testing::TempDir home;
  std::map<std::string, std::string> env = {{"PATH", std::getenv("PATH")}, {"HOME", home.path().string()}};
  for (const auto& [name, value] : extra) env[name] = value;
  return testing::run_process(program, args, env, home.path(), input);
}

}  // namespace magritte::install_test
