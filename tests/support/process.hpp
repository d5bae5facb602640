// Test support: run a program with an exact environment and collect what it printed.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace magritte::testing {

struct ProcessResult {
  int exit_code = 0;
  int signal = 0;  // the signal that killed it, or 0
  std::string out;
  std::string err;
};

// Runs `program` with exactly `env` (nothing inherited), in `cwd`, stdin from /dev/null
// or `input` when given.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env,
                          const std::filesystem::path& cwd, const std::string* input = nullptr);

// A fresh directory under $TMPDIR, removed with everything in it at the end of scope.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

}  // namespace magritte::testing
