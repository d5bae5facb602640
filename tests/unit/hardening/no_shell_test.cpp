// "Nothing is ever passed through a shell": every external program runs as an argv vector
// (Boost.Process with bp::args, or execvp in the emulator's trainer runner). This test
// greps magritte's own sources for the ways a command line could reach a shell.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// system(), popen(), the exec* variants that take one string, wordexp, Boost.Process's
// shell launcher and explicit `sh -c` invocations.
const std::regex kShellUse(
    R"((^|[^_a-zA-Z0-9.>])(system|popen|wordexp)\s*\()"
    R"(|bp::shell|boost::process::shell|process::shell\b)"
    R"(|"/bin/(ba)?sh"|"(ba)?sh"\s*,\s*"-c"|"-c"\s*,)");

std::vector<std::string> shell_uses_in(const fs::path& root) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const auto extension = entry.path().extension();
    if (!entry.is_regular_file() || (extension != ".cpp" && extension != ".hpp" && extension != ".in")) continue;
    std::ifstream in(entry.path());
    int number = 0;
    for (std::string line; std::getline(in, line);) {
      ++number;
      const auto comment = line.find("//");
      const std::string code = comment == std::string::npos ? line : line.substr(0, comment);
      if (std::regex_search(code, kShellUse)) {
        found.push_back(entry.path().string() + ":" + std::to_string(number) + ": " + line);
      }
    }
  }
  return found;
}

TEST(NoShell, ThePatternCatchesEveryWayToAShell) {
  for (const char* code : {"std::system(line.c_str());", "FILE* f = popen(cmd, \"r\");", "system (x);",
                           "bp::child c(bp::shell, \"ls\");", "execl(\"/bin/sh\", \"sh\", \"-c\", cmd, nullptr);",
                           "args = {\"sh\", \"-c\", line};", "wordexp(text, &words, 0);"}) {
    EXPECT_TRUE(std::regex_search(code, kShellUse)) << code;
  }
  for (const char* code : {"filesystem(x);", "ecosystem (x);", "file_system(y);", "command.args = {\"-m\", \"rsync\"};",
                           "run_system_check();", "x.system(1);"}) {
    EXPECT_FALSE(std::regex_search(code, kShellUse)) << code;
  }
}

TEST(NoShell, MagritteSourcesNeverUseAShell) {
  for (const char* dir : {"src", "include", "bench"}) {
    const fs::path root = fs::path(MAGRITTE_SOURCE_DIR) / dir;
    ASSERT_TRUE(fs::is_directory(root)) << root;
    const auto found = shell_uses_in(root);
    EXPECT_TRUE(found.empty()) << "shell use in " << dir << "/:\n" << [&] {
      std::string text;
      for (const auto& line : found) text += line + "\n";
      return text;
    }();
  }
}

}  // namespace
